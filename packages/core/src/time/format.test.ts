import { afterEach, describe, expect, it } from 'vitest';
import { setProvinceTimeZone, DEFAULT_TIME_ZONE } from './clock.ts';
import { formatDay, formatDayTime, formatTimeOfDay } from './format.ts';

describe('one date format per language', () => {
  afterEach(() => {
    setProvinceTimeZone(DEFAULT_TIME_ZONE);
  });

  it('writes a calendar day as 03/12/2026 in Vietnamese and 03 Dec 2026 in English', () => {
    expect(formatDay('2026-12-03', 'vi')).toBe('03/12/2026');
    expect(formatDay('2026-12-03', 'en')).toBe('03 Dec 2026');
    expect(formatDay('1990', 'vi')).toBe('1990');
    expect(formatDay(null, 'vi')).toBe('');
  });

  it('writes an instant in the province: 23:30 UTC is the next morning in Hồ Chí Minh City', () => {
    expect(formatDay('2026-12-02T23:30:00Z', 'vi')).toBe('03/12/2026');
    expect(formatTimeOfDay('2026-12-02T23:30:00Z', 'en')).toBe('06:30');
    expect(formatDayTime('2026-12-02T23:30:00Z', 'en')).toBe('03 Dec 2026, 06:30');
    expect(formatDayTime('2026-12-02T23:30:00Z', 'vi')).toContain('03/12/2026');
    expect(formatDayTime('2026-12-02T23:30:00Z', 'vi')).toContain('06:30');
    setProvinceTimeZone('UTC');
    expect(formatDay('2026-12-02T23:30:00Z', 'vi')).toBe('02/12/2026');
  });

  it('returns what it cannot read as given', () => {
    expect(formatDayTime('not a date', 'vi')).toBe('not a date');
  });
});
