import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateSchema } from './schema.ts';

describe('validateSchema', () => {
  it('accepts a minimal vaccination payload', () => {
    expect(
      validateSchema({
        ver: '1.3.0',
        nam: { fnt: 'NGUYEN', gnt: 'VAN<DUC' },
        dob: '1980-01-02',
        v: [
          {
            tg: '840539006',
            vp: '1119349007',
            mp: 'EU/1/20/1528',
            ma: 'ORG-100030215',
            dn: 1,
            sd: 2,
            dt: '2021-09-01',
            co: 'VN',
            is: 'Ministry of Health',
            ci: 'URN:UVCI:01:VN:ABC123#4',
          },
        ],
      }),
    ).toEqual([]);
  });
  it('rejects an empty object and a payload with two kinds', () => {
    expect(validateSchema({}).length).toBeGreaterThan(0);
    expect(validateSchema({ ver: '1.3.0', nam: { fnt: 'A' }, dob: '', v: [], t: [] }).length).toBeGreaterThan(
      0,
    );
  });
});

describe('the generated validator', () => {
  it('is up to date with the schema (regenerate: npx tsx packages/dcc/scripts/generate-validator.ts)', async () => {
    const { GENERATED_PATH, validatorSource } = await import('../scripts/generate-validator.ts');
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(validatorSource());
  });
  it('checks formats too: an impossible date is refused', () => {
    const errors = validateSchema({
      ver: '1.3.0',
      nam: { fnt: 'NGUYEN' },
      dob: '1980-01-02',
      v: [
        {
          tg: '840539006',
          vp: '1119349007',
          mp: 'EU/1/20/1528',
          ma: 'ORG-100030215',
          dn: 1,
          sd: 2,
          dt: '2021-02-30',
          co: 'VN',
          is: 'Ministry of Health',
          ci: 'URN:UVCI:01:VN:ABC123#4',
        },
      ],
    });
    expect(errors.map((e) => e.path)).toContain('/v/0/dt');
  });
});
