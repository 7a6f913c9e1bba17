import { describe, expect, it } from 'vitest';
import { IdAllocator, cccdCenturySexDigit } from './ids.ts';
import { createRng } from './rng.ts';

describe('cccdCenturySexDigit', () => {
  it('encodes century and sex as in DOMAIN.md', () => {
    expect(cccdCenturySexDigit('male', 1985)).toBe(0);
    expect(cccdCenturySexDigit('female', 1999)).toBe(1);
    expect(cccdCenturySexDigit('male', 2003)).toBe(2);
    expect(cccdCenturySexDigit('female', 2007)).toBe(3);
  });
});

describe('IdAllocator', () => {
  it('issues unique, well-formed CCCDs, CMNDs and phones', () => {
    const ids = new IdAllocator(1, '83');
    const rng = createRng(1);
    const cccds = new Set<string>();
    const phones = new Set<string>();
    const cmnds = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      cccds.add(ids.cccd('083', 'female', 1990));
      phones.add(ids.phone(rng));
      cmnds.add(ids.cmnd('083'));
    }
    expect(cccds.size).toBe(20_000);
    expect(phones.size).toBe(20_000);
    expect(cmnds.size).toBe(20_000);
    expect([...cccds].filter((c) => !/^083190\d{6}$/u.test(c))).toEqual([]);
    expect([...phones].filter((p) => !/^0[35789]\d{8}$/u.test(p))).toEqual([]);
    expect([...cmnds].filter((c) => !/^32\d{7}$/u.test(c))).toEqual([]);
    expect(ids.passport()).toMatch(/^C\d{7}$/u);
  });

  it('mostly registers people in the home province', () => {
    const ids = new IdAllocator(1, '83');
    const rng = createRng(2);
    let home = 0;
    for (let i = 0; i < 10_000; i++) if (ids.birthProvince(rng) === '083') home++;
    expect(home / 10_000).toBeGreaterThan(0.85);
  });
});
