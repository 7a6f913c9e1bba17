/**
 * Levels are weekly: a week is named by its ISO Monday (a local day). The proposal for a week is
 * assessed from the seven days before it (the last complete week) and applies to the week itself.
 */
import { addDays, daysBetween } from '../time/clock.ts';

/** The Monday (YYYY-MM-DD) of the ISO week holding a local day. */
export function weekMonday(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** True when the day is a Monday. */
export function isMonday(day: string): boolean {
  return weekMonday(day) === day;
}

/** The days whose counts assess the week starting on `monday`: the seven days before it. */
export function assessedDays(monday: string): { from: string; to: string } {
  return { from: addDays(monday, -7), to: addDays(monday, -1) };
}

/** The ISO week of a Monday, e.g. "2022-W05" (the year of its Thursday). */
export function isoWeekLabel(monday: string): string {
  const thursday = addDays(monday, 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
