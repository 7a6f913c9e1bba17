import { describe, expect, it } from 'vitest';
import {
  buildVaccinationCertificate,
  certificateTypeOf,
  makeUvci,
  transliterate,
  uvciChecksum,
} from './hcert.ts';
import { validateSchema } from './schema.ts';

describe('transliterate (ICAO 9303)', () => {
  it.each([
    ['Nguyễn Văn Đức', 'NGUYEN<VAN<DUC'],
    ['Trần Thị Ánh', 'TRAN<THI<ANH'],
    ['Smith-Jones', 'SMITH<JONES'],
    ['Gößinger', 'GOSSINGER'],
    ["D'Arcy", 'D<ARCY'],
  ])('%s → %s', (name, expected) => {
    expect(transliterate(name)).toBe(expected);
  });
});

describe('UVCI', () => {
  it('makes a VN identifier with a Luhn mod 38 check character', () => {
    const uvci = makeUvci('EPILINK/2021/42');
    expect(uvci).toMatch(/^URN:UVCI:01:VN:EPILINK\/2021\/42#[0-9A-Z/:]$/);
    const [body = '', check] = uvci.split('#');
    expect(uvciChecksum(body)).toBe(check);
  });
  it('detects a changed character', () => {
    expect(uvciChecksum('URN:UVCI:01:VN:ABC1')).not.toBe(uvciChecksum('URN:UVCI:01:VN:ABC2'));
  });
  it('rejects characters outside the UVCI set', () => {
    expect(() => makeUvci('abc')).toThrow(RangeError);
  });
});

describe('builders', () => {
  const holder = { familyName: 'Lê', givenName: 'Thị Hoa', dateOfBirth: '1990' };
  it.each([
    'EU/1/20/1528',
    'EU/1/20/1507',
    'EU/1/21/1529',
    'EU/1/20/1525',
    'BBIBP-CorV',
    'Sputnik-V',
    'Abdala',
  ] as const)('builds a schema-valid vaccination with %s', (product) => {
    const hcert = buildVaccinationCertificate(holder, {
      product,
      doseNumber: 1,
      totalDoses: 2,
      date: '2021-08-01',
      issuerName: 'Ministry of Health',
      uvci: makeUvci('X1'),
    });
    expect(validateSchema(hcert)).toEqual([]);
    expect(hcert.ver).toBe('1.3.0');
    expect(hcert.v?.[0]).toMatchObject({ tg: '840539006', mp: product, co: 'VN' });
    expect(certificateTypeOf(hcert as unknown as Record<string, unknown>)).toBe('v');
  });
});
