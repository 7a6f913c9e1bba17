/**
 * The check-in maintenance loop, started by `main.ts` in every API process (work that must not
 * run twice is guarded by advisory locks or is idempotent):
 * - every 30 s: refresh the activity rollup incrementally (one process at a time,
 *   checkin/rollup.ts; guests are never linked to the registry
 *   automatically: a guest check-in is evidence about a phone number, issue #9 item 2);
 * - at start and every hour: create the coming days' partitions, purge past retention, reconcile
 *   the rollup of today and yesterday, vacuum and analyse the closed day partitions no VACUUM has
 *   reached yet (at most two per pass, newest first: yesterday's once it closes).
 */
import { onClient } from '../db/client.ts';
import type { Database, Db } from '../db/client.ts';
import {
  analyzeGrowingToday,
  ensurePartitions,
  purgeCheckins,
  vacuumClosedPartitions,
} from './partitions.ts';
import { reconcileCheckinRollup, refreshCheckinRollup } from './rollup.ts';

const HOURLY_LOCK_ID = 83_0044_0002;

/** One hourly pass: partitions ahead, then the retention purge (one process at a time). */
export async function runHourly(database: Database, now = new Date()): Promise<void> {
  const work = async (db: Db) => {
    await ensurePartitions(db, { from: new Date(now.getTime() - 86_400_000), days: 9 });
    await purgeCheckins(db, now);
    // The rollup's safety net: today and yesterday recounted in full (incremental passes between).
    await reconcileCheckinRollup(db, 2, now);
    // Closed days get their visibility map and statistics (the overlap search reads index pages only).
    await vacuumClosedPartitions(db, now);
  };
  if (!database.pool) return work(database.db); // PGlite: one process owns the data folder
  // A session-level advisory lock on a dedicated connection: one process at a time. The work runs
  // on that same connection, so the pass needs one of the pool's connections, never two.
  const client = await database.pool.connect();
  try {
    const res = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [
      HOURLY_LOCK_ID,
    ]);
    if (!res.rows[0]?.ok) return;
    try {
      await work(onClient(client));
    } finally {
      await client.query('select pg_advisory_unlock($1)', [HOURLY_LOCK_ID]);
    }
  } finally {
    client.release();
  }
}

/** One frequent pass: the rollup of today and yesterday; today's statistics as it fills. */
export async function runFrequent(database: Database): Promise<void> {
  // One process refreshes (advisory lock), incrementally (watermark): checkin/rollup.ts.
  await refreshCheckinRollup(database.db);
  // Plans made while today's partition was empty are made again once it has grown (partitions.ts).
  await analyzeGrowingToday(database.db);
}

/** Start the loop; returns a function that stops it. Errors are logged without personal data. */
export function startCheckinMaintenance(database: Database, onError: (e: unknown) => void): () => void {
  const guard = (f: () => Promise<void>) => () => {
    f().catch(onError);
  };
  const hourly = guard(() => runHourly(database));
  const frequent = guard(() => runFrequent(database));
  hourly();
  const a = setInterval(hourly, 3_600_000);
  const b = setInterval(frequent, 30_000);
  a.unref();
  b.unref();
  return () => {
    clearInterval(a);
    clearInterval(b);
  };
}
