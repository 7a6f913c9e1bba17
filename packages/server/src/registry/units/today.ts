/**
 * "Today" for unit lists (YYYY-MM-DD): which list is in force, which change tables have taken
 * effect. The one place the units module reads the clock: the province's local day from the one
 * clock (core/time/clock.ts) — not the UTC day, which lags by a day between 00:00 and 07:00.
 */
import { today as provinceToday } from '@epilink/core';

/** Today's local date in the province. */
export function today(): string {
  return provinceToday();
}
