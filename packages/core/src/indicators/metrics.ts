/**
 * The indicator catalogue of the situation room (issue #13, Contract A): every metric the rollups
 * keep by unit × day × disease, and how a period sums it. Pure: the server, the web app and the
 * sitrep read the same list.
 */

/** Every indicator metric, in display order. Never rename one: other modules and exports use them. */
export const INDICATOR_METRICS = [
  'casesByOnset',
  'casesByReport',
  'casesActive',
  'deaths',
  'contactsF1',
  'contactsF2',
  'contactsFollowing',
  'contactsReleased',
  'tests',
  'testsPositive',
  'pooledTests',
  'doses',
  'dosesFirst',
  'dosesSecond',
  'dosesBooster',
  'dosesAdditional',
  'checkins',
  'venuesRegistered',
  'venuesActive',
  'portalUsers',
  'declarations',
  'quarantineActive',
  'bedsTotal',
  'bedsOccupied',
  'icuTotal',
  'icuOccupied',
] as const;

/** One indicator metric. */
export type IndicatorMetric = (typeof INDICATOR_METRICS)[number];

/** 'flow' metrics add up over days; 'stock' metrics are end-of-day levels (a period takes its last day). */
export const METRIC_KIND: Record<IndicatorMetric, 'flow' | 'stock'> = {
  casesByOnset: 'flow',
  casesByReport: 'flow',
  casesActive: 'stock',
  deaths: 'flow',
  contactsF1: 'flow',
  contactsF2: 'flow',
  contactsFollowing: 'stock',
  contactsReleased: 'flow',
  tests: 'flow',
  testsPositive: 'flow',
  pooledTests: 'flow',
  doses: 'flow',
  dosesFirst: 'flow',
  dosesSecond: 'flow',
  dosesBooster: 'flow',
  dosesAdditional: 'flow',
  checkins: 'flow',
  venuesRegistered: 'stock',
  venuesActive: 'stock',
  portalUsers: 'flow',
  declarations: 'flow',
  quarantineActive: 'stock',
  bedsTotal: 'stock',
  bedsOccupied: 'stock',
  icuTotal: 'stock',
  icuOccupied: 'stock',
};

/**
 * How the rollup stores a stock: 'delta' stocks keep +1 on the day a record starts and -1 the day
 * after it ends (the level of a day is the running sum since the beginning); 'level' stocks keep the
 * day's own value (the beds a facility reported that day, the venues with a check-in that day).
 * Flows are stored as the day's count.
 */
export const STOCK_STORAGE: Partial<Record<IndicatorMetric, 'delta' | 'level'>> = {
  casesActive: 'delta',
  contactsFollowing: 'delta',
  venuesRegistered: 'delta',
  quarantineActive: 'delta',
  venuesActive: 'level',
  bedsTotal: 'level',
  bedsOccupied: 'level',
  icuTotal: 'level',
  icuOccupied: 'level',
};

/** Metrics with no source yet: none since declarations (migration 0056) and quarantineActive (0057) are fed. */
export const PENDING_METRICS: readonly IndicatorMetric[] = [];

/** Metrics that do not depend on the disease asked (stored under disease ''). */
export const DISEASE_FREE_METRICS: readonly IndicatorMetric[] = [
  'checkins',
  'venuesRegistered',
  'venuesActive',
  'portalUsers',
  'declarations',
  'bedsTotal',
  'bedsOccupied',
  'icuTotal',
  'icuOccupied',
];

/** True when the value is a metric of the catalogue. */
export function isIndicatorMetric(value: string): value is IndicatorMetric {
  return (INDICATOR_METRICS as readonly string[]).includes(value);
}

/** The column of the rollup table holding a metric (snake case). */
export function metricColumn(metric: IndicatorMetric): string {
  return metric.replace(/[A-Z0-9]/g, (c) => `_${c.toLowerCase()}`).replace(/_(\d)/g, '$1');
}

/** Local days from..to inclusive (YYYY-MM-DD), computed on the calendar (no time zone involved). */
export function periodDays(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * The period's total of a series: flows summed, stocks the last day's value.
 */
export function periodTotal(metric: IndicatorMetric, series: readonly number[]): number {
  if (METRIC_KIND[metric] === 'stock') return series.at(-1) ?? 0;
  return series.reduce((a, b) => a + b, 0);
}
