import { describe, expect, it } from 'vitest';
import { isProvinceCode, makeCccd, parseCccd, PROVINCE_CODES_2021 } from './id-number.ts';

/** The 34 province codes of the list in force from 1/7/2025 (assets/units/vn-admin-units-2025-07.json). */
const PROVINCE_CODES_2025_07 =
  '01 04 08 11 12 14 15 19 20 22 24 25 31 33 37 38 40 42 44 46 48 51 52 56 66 68 75 79 80 82 86 91 92 96'.split(
    ' ',
  );

describe('CCCD province digits across the 2025 reform', () => {
  it('mean the province of birth registration at issue: 083 (old Bến Tre) stays valid after Bến Tre became Vĩnh Long', () => {
    const cccd = makeCccd('83', 'female', 1985, 123456);
    const parsed = parseCccd(cccd);
    expect(parsed).toMatchObject({
      ok: true,
      value: { provinceCode: '083', birthYear: 1985, sex: 'female' },
    });
    expect(isProvinceCode('084')).toBe(true); // Trà Vinh, merged into Vĩnh Long too
  });

  it('accepts every province code of the 2025-07 list: each new province kept the code of a predecessor', () => {
    for (const code of PROVINCE_CODES_2025_07) {
      expect(PROVINCE_CODES_2021).toContain(code);
      expect(parseCccd(makeCccd(code, 'male', 2001, 1)).ok).toBe(true);
    }
  });

  it('still refuses digits that were never a province (e.g. 003)', () => {
    expect(parseCccd('003085123456')).toEqual({ ok: false, reason: 'ID_UNKNOWN_PROVINCE' });
  });
});
