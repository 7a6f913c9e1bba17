/**
 * Storing forecasts for backtesting (issue #14 item 6). A unit's 14-day forecast is the one
 * `GET /api/analytics/unit` shows (`analyseUnit`: renewal equation, 1,000 seeded simulations) made
 * with the data as of `made_on` only — the rollups read with `to = asOf = made_on` — and stored
 * once in `analytics_forecasts` (the unique key makes a second run a no-op; rows are never
 * updated). The daily worker stores today's forecast for the province, its districts, health
 * areas and communes (so the backtest scores every unit), in batches of {@link STORE_BATCH}
 * unit × disease forecasts per transaction (one insert each); `backfillForecasts` makes the ones
 * the model would have made on past days.
 */
import { addDays, daysBetween, findDisease, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { systemAccess } from '../../access/context.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { analyticsForecasts } from '../../db/schema/index.ts';
import { communesCovered, provincesCovered } from '../../registry/units/scope.ts';
import { SERIAL_INTERVAL_DEFAULTS } from '../serial-intervals.ts';
import { analyseUnit } from '../unit.ts';

/** The model the stored rows name: the renewal-equation forecast of `analytics/assemble.ts`. */
export const FORECAST_MODEL = 'renewal-poisson';
/** Bump when the forecast's method changes, so a backtest can tell the versions apart. */
export const FORECAST_MODEL_VERSION = '1';

const FORECASTS_LOCK_ID = 83_0014_0006;

type ForecastRow = typeof analyticsForecasts.$inferInsert;

/** The 14 horizon rows of one unit × disease's forecast as made on `madeOn` (none without one). */
async function forecastRows(
  db: DbOrTx,
  q: { unitCode: string; disease: string; madeOn: string },
): Promise<ForecastRow[]> {
  const analysis = await analyseUnit(db, systemAccess('forecast-store'), {
    unitCode: q.unitCode,
    disease: q.disease,
    to: q.madeOn,
    asOf: q.madeOn,
    beds: false,
  });
  if (!analysis.forecast) return [];
  return analysis.forecast.days.map((d) => ({
    unitCode: analysis.unit.code,
    diseaseCode: analysis.disease,
    madeOn: q.madeOn,
    horizon: daysBetween(q.madeOn, d.day),
    day: d.day,
    median: d.median,
    lower50: d.lower50,
    upper50: d.upper50,
    lower90: d.lower90,
    upper90: d.upper90,
    model: FORECAST_MODEL,
    modelVersion: FORECAST_MODEL_VERSION,
  }));
}

async function insertRows(db: DbOrTx, rows: readonly ForecastRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(analyticsForecasts)
    .values([...rows])
    .onConflictDoNothing()
    .returning({ id: analyticsForecasts.id });
  return inserted.length;
}

/**
 * Make and store the forecast of one unit × disease as it would have been made on `madeOn`.
 * Returns the horizon rows newly stored (0 when it was already stored or there is no forecast).
 */
export async function storeForecast(
  db: DbOrTx,
  q: { unitCode: string; disease: string; madeOn: string },
): Promise<number> {
  return insertRows(db, await forecastRows(db, q));
}

/** The province, its districts and communes valid on `day` and its health areas: the units forecast daily. */
export async function forecastUnits(db: DbOrTx, provinceCode: string, day: string): Promise<string[]> {
  const rows = await queryRows<{ code: string }>(
    db,
    sql`select code from admin_units
          where province_code = ${provinceCode} and level in ('province', 'district', 'commune')
            and valid_from <= ${day} and (valid_to is null or valid_to > ${day})
        union
        select code from health_areas where province_code = ${provinceCode} and valid_from <= ${day}
        order by code`,
  );
  return rows.map((r) => r.code);
}

/** The diseases with cases by report in the rollup over the 120 days before `day` (old provinces too). */
async function activeDiseases(db: DbOrTx, provinceCode: string, day: string): Promise<string[]> {
  const rows = await queryRows<{ disease: string }>(
    db,
    sql`select distinct disease_code as disease from indicator_days_live
        where grain = 2 and province_code = any(${provincesCovered(provinceCode, day)}) and disease_code <> ''
          and day between ${addDays(day, -119)} and ${day} and cases_by_report <> 0
        order by 1`,
  );
  return rows.map((r) => r.disease);
}

/**
 * The province's communes valid on `day` without any case of `disease` by report in the 120 days
 * before it, nor their predecessors (the old communes that went into them): their forecast is zero by construction (the renewal equation has nothing to renew),
 * so the daily worker does not spend ~0.1 s of CPU on each of them.
 */
async function quietCommunes(
  db: DbOrTx,
  provinceCode: string,
  disease: string,
  day: string,
): Promise<Set<string>> {
  const rows = await queryRows<{ code: string }>(
    db,
    sql`select u.code from admin_units u
        where u.province_code = ${provinceCode} and u.level = 'commune'
          and u.valid_from <= ${day} and (u.valid_to is null or u.valid_to > ${day})
          and not exists (select 1 from indicator_days_live d
            where d.grain = 2 and d.commune_code = any(${communesCovered(sql`u.code`, day)})
              and d.disease_code = ${disease}
              and d.day between ${addDays(day, -119)} and ${day} and d.cases_by_report <> 0)`,
  );
  return new Set(rows.map((r) => r.code));
}

/** What one run stored. */
export interface StoreResult {
  /** Unit × disease × day forecasts made. */
  forecasts: number;
  /** Horizon rows newly stored (0 on a second run). */
  stored: number;
  /** False when another process held the lock. */
  ran: boolean;
  /** Wall-clock milliseconds the run took. */
  ms: number;
}

/** Unit × disease forecasts made and stored per transaction by {@link storeForecasts}. */
export const STORE_BATCH = 25;

/**
 * Store the forecasts made on each of `days` for the province's units (see {@link forecastUnits})
 * and the diseases with recent cases (or `diseases`), {@link STORE_BATCH} forecasts per
 * transaction, each under an advisory lock (a second process stops at its first batch; the unique
 * key makes a repeated batch store nothing). A disease without a serial interval is skipped.
 */
export async function storeForecasts(
  database: Database,
  provinceCode: string,
  days: readonly string[],
  only: { diseases?: readonly string[]; units?: readonly string[] } = {},
): Promise<StoreResult> {
  const start = performance.now();
  const tasks: { unitCode: string; disease: string; madeOn: string }[] = [];
  for (const day of days) {
    const units = only.units ?? (await forecastUnits(database.db, provinceCode, day));
    for (const disease of only.diseases ?? (await activeDiseases(database.db, provinceCode, day))) {
      if (!hasSerialInterval(disease)) continue;
      const quiet = only.units
        ? new Set<string>()
        : await quietCommunes(database.db, provinceCode, disease, day);
      for (const unitCode of units) if (!quiet.has(unitCode)) tasks.push({ unitCode, disease, madeOn: day });
    }
  }
  let forecasts = 0;
  let stored = 0;
  for (let i = 0; i < tasks.length || i === 0; i += STORE_BATCH) {
    const batch = tasks.slice(i, i + STORE_BATCH);
    const ran = await database.db.transaction(async (tx) => {
      const [lock] = await queryRows<{ ok: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${FORECASTS_LOCK_ID}) as ok`,
      );
      if (!lock?.ok) return false;
      const rows: ForecastRow[] = [];
      for (const task of batch) rows.push(...(await forecastRows(tx, task)));
      stored += await insertRows(tx, rows);
      forecasts += batch.length;
      return true;
    });
    if (!ran) return { forecasts, stored, ran: false, ms: performance.now() - start };
  }
  return { forecasts, stored, ran: true, ms: performance.now() - start };
}

function hasSerialInterval(disease: string): boolean {
  const known = findDisease(disease);
  return known !== undefined && SERIAL_INTERVAL_DEFAULTS[known.code] !== undefined;
}

/**
 * The forecasts the model would have made every `stepDays` days from `from` to `to` (both
 * included, oldest first), each from the data as of its own day: what the backtest scores.
 */
export function backfillForecasts(
  database: Database,
  provinceCode: string,
  range: { from: string; to: string; stepDays: number },
  only: { diseases?: readonly string[]; units?: readonly string[] } = {},
): Promise<StoreResult> {
  const days: string[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, range.stepDays)) days.push(d);
  return storeForecasts(database, provinceCode, days, only);
}

const HOUR_MS = 3_600_000;

/**
 * The daily worker: stores today's forecasts (hourly check; the unique key makes later runs the
 * same day store nothing). Returns a function that stops it.
 */
export function startForecastStore(
  database: Database,
  provinceCode: string,
  onError: (e: unknown) => void,
): () => void {
  let stopped = false;
  let last = '';
  const tick = async () => {
    const day = today();
    if (stopped || day === last) return;
    const result = await storeForecasts(database, provinceCode, [day]);
    if (result.ran) last = day;
  };
  const run = () => {
    tick().catch(onError);
  };
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  setTimeout(run, 5_000).unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** Weeks of past forecasts a new demo gets. */
export const DEMO_BACKFILL_WEEKS = 8;

/**
 * A new demo's past forecasts: the province's, weekly over the last {@link DEMO_BACKFILL_WEEKS}
 * weeks up to a week ago. Only the province: each unit × disease × day costs ~70 ms of CPU (the
 * 1,000 simulations), and all 27 health areas of the default demo added 15 s to its first start;
 * the daily worker stores every unit's forecast from then on.
 */
export function backfillDemoForecasts(database: Database, provinceCode: string): Promise<StoreResult> {
  const to = addDays(today(), -7);
  return backfillForecasts(
    database,
    provinceCode,
    {
      from: addDays(to, -7 * (DEMO_BACKFILL_WEEKS - 1)),
      to,
      stepDays: 7,
    },
    { units: [provinceCode] },
  );
}
