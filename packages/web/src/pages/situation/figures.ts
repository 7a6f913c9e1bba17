/**
 * The dashboard's key figures from one indicators answer (pure): new cases on the period's last
 * day and the change since the day before, totals of the period, positivity, beds in use.
 */
import type { Indicators, ShownMetric } from './api.ts';

/** A figure with its change since the day before (null when the period has one day only). */
export interface Figure {
  value: number | null;
  change: number | null;
}

function series(ind: Indicators, metric: ShownMetric): number[] {
  return ind.series[metric] ?? [];
}

/** The last day's value and its change since the day before. */
export function lastDay(ind: Indicators, metric: ShownMetric): Figure {
  const s = series(ind, metric);
  const last = s.at(-1);
  const before = s.at(-2);
  if (last === undefined) return { value: null, change: null };
  return { value: last, change: before === undefined ? null : last - before };
}

/** The period's total (flows summed; stocks are the last day, as the server computes it). */
export function total(ind: Indicators, metric: ShownMetric): Figure {
  const value = ind.totals[metric];
  const s = series(ind, metric);
  const last = s.at(-1);
  return { value: value ?? null, change: value === undefined || last === undefined ? null : last };
}

/** Positivity in percent over the period (null when nothing was tested). */
export function positivity(ind: Indicators): number | null {
  const tests = ind.totals.tests ?? 0;
  if (tests === 0) return null;
  return ((ind.totals.testsPositive ?? 0) / tests) * 100;
}

/** Per-day positivity in percent (null on days without tests). */
export function dailyPositivity(ind: Indicators): (number | null)[] {
  const tests = series(ind, 'tests');
  const positive = series(ind, 'testsPositive');
  return ind.days.map((_, i) => {
    const n = tests[i] ?? 0;
    return n === 0 ? null : Math.round(((positive[i] ?? 0) / n) * 1000) / 10;
  });
}

/** Share of `part` in `whole` as a percentage with one decimal (0 when the whole is 0). */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}
