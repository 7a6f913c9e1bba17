import { describe, expect, it } from 'vitest';
import { ageInYears, civilFromDays, daysFromCivil, formatYmd, parseYmd } from './dates.ts';

describe('calendar arithmetic', () => {
  it('round-trips every day from 1900 to 2030', () => {
    const wrong: number[] = [];
    for (let d = daysFromCivil(1900, 1, 1); d <= daysFromCivil(2030, 12, 31); d += 1) {
      const c = civilFromDays(d);
      if (daysFromCivil(c.year, c.month, c.day) !== d) wrong.push(d);
    }
    expect(wrong).toEqual([]);
    expect(formatYmd(civilFromDays(0))).toBe('1970-01-01');
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => parseYmd('2022-02-30')).toThrow(RangeError);
    expect(() => parseYmd('1/1/2022')).toThrow(RangeError);
    expect(parseYmd('2024-02-29')).toBe(daysFromCivil(2024, 2, 29));
  });

  it('counts whole years of age, birthday included', () => {
    const on = parseYmd('2022-01-01');
    expect(ageInYears(parseYmd('2008-01-01'), on)).toBe(14);
    expect(ageInYears(parseYmd('2008-01-02'), on)).toBe(13);
  });
});
