/**
 * The fold of the rollups' deltas (issue #11 item 2, #13 item 1). The statement triggers on the
 * source tables append each statement's aggregated change to a delta table in the event's own
 * transaction (migration `indicator_deltas_live`): appending takes no lock on a shared row, so
 * twenty tracers confirming contacts in one province never wait on the province's row of the day.
 * This fold moves the committed deltas into the rollups, a batch at a time, in one statement per
 * rollup (the delete and the upsert commit together, so a reader of the `*_live` views — rollup
 * UNION ALL deltas — sees every change exactly once, before, during and after a fold).
 *
 * One folder at a time (a transaction-scoped advisory lock; another process skips its turn), so
 * folders never queue on the rollups' rows either. A writer still in flight is invisible to the
 * fold's snapshot and is folded on a later turn.
 */
import { INDICATOR_METRICS, metricColumn } from '@epilink/core/indicators/metrics';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';

export const FOLD_LOCK_ID = 83_0013_0006;

/** How many delta rows one statement moves (a backlog is folded in several statements). */
const BATCH = 20_000;

interface Rollup {
  rollup: string;
  deltas: string;
  constraint: string;
  keys: readonly string[];
  columns: readonly string[];
}

export const ROLLUPS: readonly Rollup[] = [
  {
    rollup: 'indicator_days',
    deltas: 'indicator_day_deltas',
    constraint: 'indicator_days_key',
    keys: ['grain', 'disease_code', 'province_code', 'district_code', 'commune_code', 'day'],
    columns: INDICATOR_METRICS.map(metricColumn),
  },
  {
    rollup: 'indicator_coverage_days',
    deltas: 'indicator_coverage_deltas',
    constraint: 'indicator_coverage_days_key',
    keys: ['grain', 'disease', 'province_code', 'district_code', 'commune_code', 'age_band', 'day'],
    columns: ['first_dose', 'full_schedule', 'booster'],
  },
  {
    rollup: 'indicator_dose_bands',
    deltas: 'indicator_dose_band_deltas',
    constraint: 'indicator_dose_bands_key',
    keys: ['grain', 'disease', 'province_code', 'district_code', 'commune_code', 'age_band', 'day'],
    columns: ['dose_first', 'dose_second', 'dose_booster', 'dose_additional'],
  },
  {
    rollup: 'indicator_residents',
    deltas: 'indicator_resident_deltas',
    constraint: 'indicator_residents_key',
    keys: ['grain', 'province_code', 'district_code', 'commune_code'],
    columns: ['n'],
  },
];

/** Move up to `BATCH` committed delta rows of one rollup into it; returns how many moved. */
async function foldBatch(tx: DbOrTx, r: Rollup): Promise<number> {
  const keys = r.keys.join(', ');
  const sums = r.columns.map((c) => `sum(${c})::int as ${c}`).join(', ');
  const nonZero = r.columns.map((c) => `sum(${c}) <> 0`).join(' or ');
  const add = r.columns.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ');
  // The rows are picked by ctid under `for update skip locked`: a row a concurrent folder holds is
  // left to it (there is none while the advisory lock is held, but a manual fold may run).
  const [row] = await queryRows<{ moved: number }>(
    tx,
    sql.raw(`with moved as (
        delete from ${r.deltas}
        where ctid in (select ctid from ${r.deltas} limit ${BATCH} for update skip locked)
        returning *),
      folded as (
        insert into ${r.rollup} as t (${keys}, ${r.columns.join(', ')})
        select ${keys}, ${sums} from moved group by ${keys} having ${nonZero}
        order by ${keys}
        on conflict on constraint ${r.constraint} do update set ${add}
        returning 1)
      select (select count(*) from moved)::int as moved, (select count(*) from folded)::int as folded`),
  );
  return row?.moved ?? 0;
}

/**
 * Fold every rollup's deltas (all of them, batch by batch). Returns the rows moved, or null when
 * another process holds the fold's lock (it is folding now).
 */
export async function foldIndicatorDeltas(db: Db): Promise<number | null> {
  let total = 0;
  for (;;) {
    const pass = await db.transaction(async (tx) => {
      const [lock] = await queryRows<{ ok: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${FOLD_LOCK_ID}) as ok`,
      );
      if (!lock?.ok) return null;
      let moved = 0;
      let full = false;
      // Sequential: one connection runs one statement at a time.
      for (const r of ROLLUPS) {
        const n = await foldBatch(tx, r);
        moved += n;
        full ||= n >= BATCH;
      }
      return { moved, full };
    });
    if (pass === null) return total === 0 ? null : total;
    total += pass.moved;
    // Every delta committed before this pass is folded unless a rollup filled its batch. Looping
    // until a pass moved nothing never ended under load (each pass found the rows committed
    // during the last one: ~30-50 fold transactions a second beside 1,000 declarations/s).
    if (!pass.full) return total;
  }
}

/** Fold every second in this process (safe in many processes: the advisory lock takes turns). */
export function startIndicatorFold(
  db: Db,
  onError: (e: unknown) => void,
  intervalMs = 1000,
): () => Promise<void> {
  let stopped = false;
  let busy = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped || busy) return;
    busy = true;
    running = foldIndicatorDeltas(db)
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
