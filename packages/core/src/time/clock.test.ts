/**
 * The one clock: "today" is the province's calendar day at every hour — at 00:30 local time
 * (17:30 UTC the day before, when a UTC clock still says yesterday) and at 23:30 (16:30 UTC).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_TIME_ZONE,
  addDays,
  daysBetween,
  fromLocalDateTime,
  localDateTime,
  localDay,
  localDayStart,
  provinceTimeZone,
  setProvinceTimeZone,
  startOfLocalDay,
  today,
} from './clock.ts';

describe('the province clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    setProvinceTimeZone(DEFAULT_TIME_ZONE);
  });

  it('at 00:30 local time today is already the new day (UTC still says yesterday)', () => {
    vi.setSystemTime(new Date('2026-03-14T17:30:00Z')); // 00:30 on 15 March in Hồ Chí Minh City
    expect(new Date().toISOString().slice(0, 10)).toBe('2026-03-14');
    expect(today()).toBe('2026-03-15');
    expect(localDayStart(today()).toISOString()).toBe('2026-03-14T17:00:00.000Z');
  });

  it('at 23:30 local time today is still the same day', () => {
    vi.setSystemTime(new Date('2026-03-15T16:30:00Z')); // 23:30 on 15 March
    expect(today()).toBe('2026-03-15');
    expect(startOfLocalDay(new Date()).toISOString()).toBe('2026-03-14T17:00:00.000Z');
  });

  it('asked again and again through midnight, today turns at local midnight, in each zone asked', () => {
    vi.setSystemTime(new Date('2026-03-15T16:59:59.999Z')); // 23:59:59.999 on 15 March
    expect(today()).toBe('2026-03-15');
    expect(today()).toBe('2026-03-15');
    vi.setSystemTime(new Date('2026-03-15T17:00:00Z')); // midnight: 16 March
    expect(today()).toBe('2026-03-16');
    expect(localDay(new Date('2026-03-15T16:59:59.999Z'))).toBe('2026-03-15');
    expect(localDay(new Date(), 'Europe/Paris')).toBe('2026-03-15'); // 18:00 in Paris
    expect(today()).toBe('2026-03-16');
  });

  it('the province zone comes from configuration, with the zone database (no hand-written offset)', () => {
    expect(provinceTimeZone()).toBe('Asia/Ho_Chi_Minh');
    vi.setSystemTime(new Date('2026-07-01T05:30:00Z'));
    setProvinceTimeZone('Europe/Paris'); // daylight saving time in July: UTC+2
    expect(localDateTime(new Date())).toBe('2026-07-01T07:30');
    expect(() => {
      setProvinceTimeZone('Mars/Olympus_Mons');
    }).toThrow(RangeError);
    expect(provinceTimeZone()).toBe('Europe/Paris');
  });

  it('calendar-day arithmetic crosses months and years without a zone', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2026-12-25', '2027-01-08')).toBe(14);
  });

  it('a datetime-local value round-trips as the province reads it, whatever the device zone', () => {
    const at = fromLocalDateTime('2026-12-02T06:45');
    expect(at.toISOString()).toBe('2026-12-01T23:45:00.000Z');
    expect(localDateTime(at)).toBe('2026-12-02T06:45');
    expect(localDay(at)).toBe('2026-12-02');
  });
});
