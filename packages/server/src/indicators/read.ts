/**
 * Contract A's one read: any indicator of `core/src/indicators/metrics.ts` for a unit (province,
 * district, health area or commune of the list in force on `asOf`), a period of local days and a
 * disease, from the rollup `indicator_days` only (never the raw rows): a province or district reads
 * its own grain (one row per day), a commune reads its communes' rows carried into the units of
 * `asOf` through `registry/units/asof.ts` (the one module for counts across change tables).
 */
import { AppError, today } from '@epilink/core';
import { checkPeriod } from '@epilink/core/indicators/query';
import {
  INDICATOR_METRICS,
  STOCK_STORAGE,
  metricColumn,
  periodDays,
  periodTotal,
} from '@epilink/core/indicators/metrics';
import type { IndicatorMetric } from '@epilink/core/indicators/metrics';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { indicatorDaysLive } from '../db/schema/index.ts';
import { carryTallies, eraSql, unitsAsOfContext } from '../registry/units/asof.ts';
import { crosswalk } from '../registry/units/crosswalk.ts';
import type { Tally } from '../registry/units/asof.ts';
import { childTotals } from './children.ts';
import { rowValues } from './columns.ts';
import { concurrently } from './concurrent.ts';
import { coverageAndPopulation } from './coverage.ts';
import { resolveUnit, unitWithinJurisdiction } from './units.ts';
import type { IndicatorUnit } from './units.ts';
import { unitPlaces, unitRowsCondition } from './where.ts';

export interface IndicatorQuery {
  unitCode: string; // province, district / health area, or commune code
  from: string;
  to: string; // local days YYYY-MM-DD, inclusive
  asOf?: string; // "units as of" date (issue #12 / registry/units/asof.ts); default today
  disease: string; // 'COVID-19', 'DENGUE', ...
  metrics?: IndicatorMetric[]; // default all
  children?: boolean; // also totals for each child unit (districts/areas of a province, communes of a district)
}

export interface IndicatorResult {
  unit: {
    code: string;
    name: string;
    level: 'province' | 'district' | 'area' | 'commune';
    population: number;
  };
  from: string;
  to: string;
  asOf: string;
  disease: string;
  days: string[]; // every day from..to
  series: Partial<Record<IndicatorMetric, number[]>>; // one value per day
  totals: Partial<Record<IndicatorMetric, number>>; // flows summed, stocks = last day
  children?: {
    code: string;
    name: string;
    population: number;
    totals: Partial<Record<IndicatorMetric, number>>;
  }[];
  coverage: {
    ageBand: string;
    population: number;
    firstDose: number;
    fullSchedule: number;
    booster: number;
  }[]; // as of `to`
}

/**
 * The metric columns summed per row group, in `metrics` order; with `running`, only the stocks
 * stored as deltas are summed and the others are 0 (the part before a period, where only a
 * running stock needs its past).
 */
export function sumColumns(metrics: readonly IndicatorMetric[], running = false): SQL {
  return sql.raw(
    metrics
      .map((m) =>
        !running || STOCK_STORAGE[m] === 'delta'
          ? `sum(${metricColumn(m)})::bigint as ${metricColumn(m)}`
          : `0::bigint as ${metricColumn(m)}`,
      )
      .join(', '),
  );
}

/**
 * The per-day sums of a unit's rows (`where`) in one statement: the days of the period grouped by
 * day, and, when a stock stored as deltas is asked, one row (`d` null) with the sum of the deltas
 * before the period — only those columns, so the years before a short period cost a plain sum and
 * not a group per day. `by` adds grouping columns (a commune read's code and era).
 */
function periodRowsSql(
  t: typeof indicatorDaysLive,
  where: SQL,
  q: { from: string; to: string },
  metrics: readonly IndicatorMetric[],
  by: readonly (readonly [SQL, string])[] = [],
): SQL {
  const extra = sql.join(
    by.map(([expr, alias]) => sql`, ${expr} as ${sql.identifier(alias)}`),
    sql``,
  );
  // Grouped by position: 1 the day, then the extra columns.
  const positions = (first: number) => sql.raw(by.map((_, i) => `${first + i}`).join(', '));
  const period = sql`select ${t.day}::text as d${extra}, ${sumColumns(metrics)}
      from ${t} where ${where} and ${t.day} >= ${q.from} and ${t.day} <= ${q.to}
      group by ${t.day}${by.length > 0 ? sql`, ${positions(2)}` : sql``}`;
  if (!metrics.some((m) => STOCK_STORAGE[m] === 'delta')) return period;
  const before = sql`select null::text as d${extra}, ${sumColumns(metrics, true)}
      from ${t} where ${where} and ${t.day} < ${q.from}
      ${by.length > 0 ? sql`group by ${positions(2)}` : sql``}`;
  return sql`${period} union all ${before}`;
}

type DayRow = { d: string | null } & Record<string, string | number | null>;

/** Series per metric from per-day sums (`d` null = the running sum before `from`). */
function buildSeries(
  metrics: readonly IndicatorMetric[],
  days: readonly string[],
  rows: readonly { d: string | null; values: readonly number[] }[],
): Partial<Record<IndicatorMetric, number[]>> {
  const index = new Map(days.map((d, i) => [d, i]));
  // Each row's day looked up once, not once per metric (-1: before the period; -2: outside it).
  const at = rows.map((r) => (r.d === null ? -1 : (index.get(r.d) ?? -2)));
  const series: Partial<Record<IndicatorMetric, number[]>> = {};
  metrics.forEach((m, k) => {
    const values = new Array<number>(days.length).fill(0);
    let before = 0;
    rows.forEach((r, j) => {
      const v = r.values[k] ?? 0;
      const i = at[j]!;
      if (i === -1) before += v;
      else if (i >= 0) values[i] = values[i]! + v;
    });
    if (STOCK_STORAGE[m] === 'delta') {
      let running = before;
      for (let i = 0; i < values.length; i++) values[i] = running += values[i]!;
    }
    series[m] = values.map((v) => Math.round(v * 100) / 100);
  });
  return series;
}

/** Per-day rows of the unit's own grain (province, district or area). */
async function gradedRows(
  db: DbOrTx,
  access: Access,
  unit: IndicatorUnit,
  q: Required<Pick<IndicatorQuery, 'from' | 'to' | 'disease'>> & { asOf: string },
  metrics: readonly IndicatorMetric[],
): Promise<{ d: string | null; values: number[] }[]> {
  const t = indicatorDaysLive;
  const where = sql`${await unitRowsCondition(db, unit, q.asOf)} and ${t.diseaseCode} in (${q.disease}, '')
    and ${scopeFor(access, t)}`;
  const rows = await queryRows<DayRow>(db, periodRowsSql(t, where, q, metrics));
  return rows.map((r) => ({ d: r.d, values: rowValues(r, metrics) }));
}

/**
 * A commune's per-day rows: the rows of every code related to it by a change table, carried into
 * the communes of `asOf` (asof.ts) and kept for this commune.
 */
async function communeRows(
  db: DbOrTx,
  access: Access,
  unit: IndicatorUnit,
  q: Required<Pick<IndicatorQuery, 'from' | 'to' | 'disease'>> & { asOf: string },
  metrics: readonly IndicatorMetric[],
): Promise<{ d: string | null; values: number[] }[]> {
  const t = indicatorDaysLive;
  const [ctx, where, places] = await concurrently(db, [
    () => unitsAsOfContext(db, q.asOf),
    () => unitRowsCondition(db, unit, q.asOf),
    () => unitPlaces(db, unit, q.asOf),
  ] as const);
  // The crosswalk seeded with the commune's reach (a superset of the codes the rows carry, which
  // changes no carry), read beside the rows instead of after them, mostly in one statement.
  const [rows, walk] = await concurrently(db, [
    () =>
      queryRows<DayRow & { code: string; era: number }>(
        db,
        periodRowsSql(
          t,
          sql`${where} and ${t.diseaseCode} in (${q.disease}, '') and ${scopeFor(access, t)}`,
          q,
          metrics,
          [
            [sql`${t.communeCode}`, 'code'],
            [eraSql(ctx.sets, sql`${t.day}`), 'era'],
          ],
        ),
      ),
    () => crosswalk(db, ctx.sets, places.reach ?? places.communes ?? []),
  ] as const);
  const tallies: Tally[] = rows.map((r) => ({
    key: r.d ?? '',
    code: r.code,
    era: r.era,
    values: rowValues(r, metrics),
  }));
  // Names are not needed here (the unit's own name is known): skip their lookup.
  const carried = await carryTallies(db, ctx, tallies, walk, new Map());
  return carried.placed
    .filter((p) => p.code === unit.code)
    .map((p) => ({ d: p.key === '' ? null : p.key, values: p.values }));
}

/**
 * Indicators of one unit over a period: a series per metric (one value per day), the period's
 * totals (flows summed, stocks the last day), optionally each child unit's totals, and coverage
 * by age band on `to`. Throws NOT_FOUND for a unit that does not exist on `asOf` or lies outside
 * the caller's jurisdiction, and a translated 400 for a bad period.
 */
export async function readIndicators(
  db: DbOrTx,
  access: Access,
  q: IndicatorQuery,
): Promise<IndicatorResult> {
  const asOf = q.asOf ?? today();
  checkPeriod(q.from, q.to, asOf);
  const metrics = q.metrics && q.metrics.length > 0 ? [...new Set(q.metrics)] : [...INDICATOR_METRICS];
  const unit = await resolveUnit(db, q.unitCode, asOf);
  const query = { from: q.from, to: q.to, disease: q.disease, asOf };
  const days = periodDays(q.from, q.to);
  // The jurisdiction check (a lookup for a unit of an old province) runs beside the reads, which
  // are scoped to the caller's jurisdiction themselves: a refused unit's results are dropped.
  const [within, rows, { coverage, population }, children] = await concurrently(db, [
    () => unitWithinJurisdiction(db, access, unit),
    () =>
      unit.level === 'commune'
        ? communeRows(db, access, unit, query, metrics)
        : gradedRows(db, access, unit, query, metrics),
    () => coverageAndPopulation(db, access, unit, query),
    () => (q.children ? childTotals(db, access, unit, query, metrics) : Promise.resolve(undefined)),
  ] as const);
  if (!within) throw new AppError('NOT_FOUND');
  const series = buildSeries(metrics, days, rows);
  const totals: Partial<Record<IndicatorMetric, number>> = {};
  for (const m of metrics) totals[m] = periodTotal(m, series[m] ?? []);
  return {
    unit: { code: unit.code, name: unit.name, level: unit.level, population },
    from: q.from,
    to: q.to,
    asOf,
    disease: q.disease,
    days,
    series,
    totals,
    ...(children ? { children } : {}),
    coverage,
  };
}
