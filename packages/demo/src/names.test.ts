import { describe, expect, it } from 'vitest';
import { FEMALE_GIVEN, MALE_GIVEN } from './names-data.ts';
import { formatName, pickFamilyName, swapTonePlacement } from './names.ts';
import { createRng } from './rng.ts';

describe('name lists', () => {
  it('have at least 80 distinct given names per sex, all NFC', () => {
    for (const list of [MALE_GIVEN, FEMALE_GIVEN]) {
      expect(new Set(list).size).toBe(list.length);
      expect(list.length).toBeGreaterThanOrEqual(80);
      for (const n of list) expect(n.normalize('NFC')).toBe(n);
    }
  });

  it('draw Nguyễn for about 31 % of family names', () => {
    const rng = createRng(5);
    let nguyen = 0;
    for (let i = 0; i < 20_000; i++) if (pickFamilyName(rng) === 'Nguyễn') nguyen++;
    expect(nguyen / 20_000).toBeGreaterThan(0.28);
    expect(nguyen / 20_000).toBeLessThan(0.34);
  });

  it('formats family name first with single spaces', () => {
    expect(formatName({ family: 'Nguyễn', middle: ['Thị', 'Ngọc'], given: 'Hân' })).toBe(
      'Nguyễn Thị Ngọc Hân',
    );
    expect(formatName({ family: 'Lê', middle: [], given: 'Tâm' })).toBe('Lê Tâm');
  });
});

describe('swapTonePlacement', () => {
  it('moves the tone mark of open -oa/-oe/-uy syllables both ways', () => {
    expect(swapTonePlacement('Hòa')).toBe('Hoà');
    expect(swapTonePlacement('Hoà')).toBe('Hòa');
    expect(swapTonePlacement('Nguyễn Thị Thủy')).toBe('Nguyễn Thị Thuỷ');
    expect(swapTonePlacement('Lê Văn Thụy')).toBe('Lê Văn Thuỵ');
    expect(swapTonePlacement('Xòe')).toBe('Xoè');
  });

  it('leaves closed syllables and qu- alone', () => {
    expect(swapTonePlacement('Hoàng Quý')).toBe('Hoàng Quý');
    expect(swapTonePlacement('Nguyễn Văn Tuấn')).toBe('Nguyễn Văn Tuấn');
  });
});
