/**
 * The early-warning scan (issue #14 item 5): for a day (today by default) it evaluates every
 * commune × disease that had cases by report in the days EARS C3 looks at — a commune without any
 * cannot alarm — on the situation room's rollup (`indicator_days_live`, grain 2), with the
 * weekly-incidence threshold in force (policy `earlyWarning.weeklyIncidence`, per disease) and the
 * commune's registered residents. New alarms go into `analytics_alarms` (one per commune × disease
 * × day × method: a second run inserts nothing; counts recorded under old communes are carried into
 * the communes of the day, carry.ts), each with an audit row and a live event `alarm`
 * at the commune, in one transaction. The same pass closes the alarms that have been quiet long
 * enough (`close.ts`) and records the day as scanned (`analytics_alarm_scans`). One process at a
 * time (a transaction-scoped advisory lock). The hourly worker catches up: it scans again the last
 * day it scanned (which may have been cut short) and every day since, oldest first, so days the
 * server was down are evaluated too, and the unique key keeps a day's alarms from doubling.
 */
import { ALARM_HISTORY_DAYS, addDays, evaluateAlarms, today } from '@epilink/core';
import type { AlarmSignal } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { systemAccess } from '../../access/context.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Database, Tx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { analyticsAlarmScans, analyticsAlarms } from '../../db/schema/index.ts';
import { publishEvents } from '../../events/publish.ts';
import { policyInForce } from '../../policy/store.ts';
import { carryToDay } from './carry.ts';
import type { AlarmDayRow } from './carry.ts';
import { closeQuietAlarms } from './close.ts';

const ALARMS_LOCK_ID = 83_0014_0005;

type DayRow = AlarmDayRow;

/** What one scan did. */
export interface ScanResult {
  day: string;
  /** Commune × disease series evaluated. */
  evaluated: number;
  /** Alarms newly stored (0 on a second run the same day). */
  raised: number;
  /** Alarms closed as quiet by this pass. */
  closed: number;
  /** False when another process held the scan's lock. */
  ran: boolean;
}

/** The weekly-incidence threshold in force per disease on `day` (null: no rule). */
async function thresholds(
  tx: Tx,
  diseases: readonly string[],
  day: string,
): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  for (const d of diseases) {
    const rule = await policyInForce(tx, 'earlyWarning.weeklyIncidence', day, d);
    out.set(d, rule ? rule.value.per100k : null);
  }
  return out;
}

/** Run the scan for `day` in its own transaction. */
export async function scanAlarms(database: Database, day: string = today()): Promise<ScanResult> {
  const from = addDays(day, -ALARM_HISTORY_DAYS);
  return database.db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${ALARMS_LOCK_ID}) as ok`,
    );
    if (!lock?.ok) return { day, evaluated: 0, raised: 0, closed: 0, ran: false };
    const recorded = await queryRows<DayRow>(
      tx,
      sql`select province_code as "provinceCode", district_code as "districtCode", commune_code as "communeCode",
          disease_code as "diseaseCode", day::text as day, sum(cases_by_report)::int as n
        from indicator_days_live
        where grain = 2 and commune_code is not null and disease_code <> '' and day between ${from} and ${day}
        group by 1, 2, 3, 4, 5 having sum(cases_by_report) <> 0`,
    );
    // Into the communes of the day: a new commune's baseline includes its predecessors' cases.
    const rows = await carryToDay(tx, day, recorded);
    const series = new Map<string, { place: Omit<DayRow, 'day' | 'n'>; y: number[] }>();
    for (const r of rows) {
      const key = `${r.communeCode}|${r.diseaseCode}`;
      let s = series.get(key);
      if (!s) {
        const { day: _d, n: _n, ...place } = r;
        s = { place, y: new Array<number>(ALARM_HISTORY_DAYS + 1).fill(0) };
        series.set(key, s);
      }
      const i = ALARM_HISTORY_DAYS - daysBetween(r.day, day);
      s.y[i] = (s.y[i] ?? 0) + r.n;
    }
    const communes = [...new Set([...series.values()].map((s) => s.place.communeCode))];
    const residents = new Map<string, number>();
    if (communes.length > 0) {
      const res = await queryRows<{ communeCode: string; n: number }>(
        tx,
        sql`select commune_code as "communeCode", sum(n)::int as n from indicator_residents_live
          where grain = 2 and commune_code in (${sql.join(
            communes.map((c) => sql`${c}`),
            sql`, `,
          )}) group by 1`,
      );
      for (const r of res) residents.set(r.communeCode, r.n);
    }
    const limits = await thresholds(
      tx,
      [...new Set([...series.values()].map((s) => s.place.diseaseCode))],
      day,
    );
    const minSigma = (await policyInForce(tx, 'earlyWarning.earsMinSigma', day))?.value.minSigma ?? 0;
    const signals: { place: Omit<DayRow, 'day' | 'n'>; signal: AlarmSignal }[] = [];
    for (const s of series.values()) {
      for (const signal of evaluateAlarms({
        casesByReport: s.y,
        residents: residents.get(s.place.communeCode) ?? 0,
        weeklyIncidencePer100k: limits.get(s.place.diseaseCode) ?? null,
        minSigma,
      })) {
        signals.push({ place: s.place, signal });
      }
    }
    const raised = signals.length === 0 ? 0 : await storeSignals(tx, day, signals);
    const closed = await closeQuietAlarms(tx, day);
    await tx
      .insert(analyticsAlarmScans)
      .values({ day, evaluated: series.size, raised, closed })
      .onConflictDoUpdate({
        target: analyticsAlarmScans.day,
        set: {
          evaluated: series.size,
          raised: sql`${analyticsAlarmScans.raised} + ${raised}`,
          closed: sql`${analyticsAlarmScans.closed} + ${closed}`,
          scannedAt: sql`now()`,
        },
      });
    return { day, evaluated: series.size, raised, closed, ran: true };
  });
}

/** Store a day's signals (a signal already stored is skipped); audit and announce the new ones. */
async function storeSignals(
  tx: Tx,
  day: string,
  signals: readonly { place: Omit<DayRow, 'day' | 'n'>; signal: AlarmSignal }[],
): Promise<number> {
  const inserted = await tx
    .insert(analyticsAlarms)
    .values(
      signals.map(({ place, signal }) => ({
        ...place,
        day,
        method: signal.method,
        observed: signal.observed,
        threshold: signal.threshold,
      })),
    )
    .onConflictDoNothing()
    .returning({
      id: analyticsAlarms.id,
      provinceCode: analyticsAlarms.provinceCode,
      districtCode: analyticsAlarms.districtCode,
      communeCode: analyticsAlarms.communeCode,
      diseaseCode: analyticsAlarms.diseaseCode,
      method: analyticsAlarms.method,
    });
  if (inserted.length > 0) {
    await writeAudit(
      tx,
      systemAccess('early-warning scan'),
      { ip: null },
      inserted.map((a) => ({
        action: 'create' as const,
        entity: 'analytics_alarm',
        entityId: a.id,
        details: { communeCode: a.communeCode, disease: a.diseaseCode, day, method: a.method },
      })),
    );
    await publishEvents(
      tx,
      inserted.map((a) => ({
        kind: 'alarm' as const,
        id: a.id,
        place: { provinceCode: a.provinceCode, districtCode: a.districtCode, communeCode: a.communeCode },
      })),
    );
  }
  return inserted.length;
}

/** Days the worker goes back at most after a long stop (more than the longest quiet period). */
export const MAX_CATCH_UP_DAYS = 60;

/**
 * Scan the days since the last scanned one (that one again, as it may have been scanned before its
 * end) up to `now`, oldest first, each in its own transaction; only `now` when nothing was ever
 * scanned. Stops at the first pass that finds the lock held.
 */
export async function catchUpScans(database: Database, now: string = today()): Promise<ScanResult[]> {
  const [last] = await queryRows<{ day: string | null }>(
    database.db,
    sql`select max(day)::text as day from analytics_alarm_scans where day <= ${now}`,
  );
  const floor = addDays(now, -(MAX_CATCH_UP_DAYS - 1));
  let from = last?.day ?? now;
  if (from < floor) from = floor;
  const results: ScanResult[] = [];
  for (let d = from; d <= now; d = addDays(d, 1)) {
    const result = await scanAlarms(database, d);
    results.push(result);
    if (!result.ran) break;
  }
  return results;
}

/** Whole days from `a` to `b` (ISO dates). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Start the hourly scan; returns a function that stops it. The first pass runs 2 minutes after
 * start (as the sitrep schedule's), not during a fresh start's folding and first sign-ins.
 */
export function startAlarmScan(database: Database, onError: (e: unknown) => void): () => void {
  const tick = () => {
    catchUpScans(database).catch(onError);
  };
  let timer: ReturnType<typeof setInterval> | null = null;
  const first = setTimeout(() => {
    tick();
    timer = setInterval(tick, 3_600_000);
    timer.unref();
  }, 120_000);
  first.unref();
  return () => {
    clearTimeout(first);
    if (timer) clearInterval(timer);
  };
}
