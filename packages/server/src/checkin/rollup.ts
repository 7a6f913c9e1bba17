/**
 * The check-in activity rollup `checkin_daily` (check-ins per venue and local day), kept up to
 * date incrementally by ONE process at a time:
 * - an advisory transaction lock: every API process runs the 30-second pass, one does the work,
 *   the others skip at once;
 * - a watermark (`checkin_rollup_state`): a pass reads only the check-ins with an id above the
 *   watermark of the pass before last (`prev_id`), so each check-in is seen by two passes and one
 *   committed up to a pass late is still counted. Of those, the ones at or below the last pass's
 *   highest id (`last_id`) are settled: added to the pair's count for good. The others (`recent`
 *   on the pair's row) are counted now and again by the next pass, which replaces them rather
 *   than adding them twice. A pass thus costs the check-ins of two passes, whatever the day's
 *   total: recounting each touched (venue, day) in full, as before, read every check-in of the day
 *   at every busy venue every 30 s (one such statement took 2.8 s at 4,000 check-ins/s after a few minutes).
 * - the hourly pass reconciles today and yesterday in full (`reconcileCheckinRollup`), so even a
 *   check-in committed later than a whole pass is counted within the hour.
 */
import { addDays, localDay, provinceTimeZone } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';

/** Advisory lock id of the rollup refresh (one process at a time). */
export const ROLLUP_LOCK_ID = 83_0044_0003;
const NAME = 'checkin_daily';

/** What a pass did: skipped (another process holds the lock) or the pairs it recounted. */
export type RollupPass = { ran: false } | { ran: true; pairs: number; rowsRead: number; lastId: number };

/** The local day of a check-in, in SQL, on the province's clock. */
function localDaySql(column: string) {
  return sql`(${sql.raw(column)} at time zone ${provinceTimeZone()})::date`;
}

/**
 * Recount `checkin_daily` for the given (venue, day) pairs (a subquery of `venue_id, day`) in full,
 * `recent` as a pass would leave it (the check-ins above the state's `prev_id`).
 */
function recount(pairs: ReturnType<typeof sql>) {
  const tz = provinceTimeZone();
  return sql`insert into checkin_daily (venue_id, day, count, recent)
    select t.venue_id, t.day, n.total, n.recent
    from (${pairs}) t,
      (select coalesce((select prev_id from checkin_rollup_state where name = ${NAME}), 0) as prev_id) s,
      lateral (select count(*) as total, count(*) filter (where c.id > s.prev_id) as recent
        from checkins c where c.venue_id = t.venue_id
        and c.checked_in_at >= (t.day::timestamp at time zone ${tz})
        and c.checked_in_at < ((t.day + 1)::timestamp at time zone ${tz})) n
    on conflict (venue_id, day) do update set count = excluded.count, recent = excluded.recent
    returning venue_id`;
}

/** One incremental pass (see the module comment); skipped when another process is refreshing. */
export async function refreshCheckinRollup(db: Db): Promise<RollupPass> {
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${ROLLUP_LOCK_ID}) as ok`,
    );
    if (!lock?.ok) return { ran: false };
    await tx.execute(sql`insert into checkin_rollup_state (name) values (${NAME}) on conflict do nothing`);
    const [state] = await queryRows<{ prev_id: string; last_id: string }>(
      tx,
      sql`select prev_id::text, last_id::text from checkin_rollup_state where name = ${NAME} for update`,
    );
    const prevId = state!.prev_id;
    const settledTo = state!.last_id;
    if (settledTo === '0') {
      // The first pass: whatever the table holds (rows written before any pass, the demo's) is
      // recounted in full for the pairs the check-ins touch; later passes add.
      const [seen] = await queryRows<{ last_id: string; rows: number }>(
        tx,
        sql`select coalesce(max(id), 0)::text as last_id, count(*)::int as rows from checkins where id > ${prevId}::bigint`,
      );
      const pairs = await queryRows<{ venue_id: string }>(
        tx,
        recount(
          sql`select distinct venue_id, ${localDaySql('checked_in_at')} as day from checkins where id > ${prevId}::bigint`,
        ),
      );
      await tx.execute(sql`update checkin_rollup_state
        set prev_id = last_id, last_id = ${seen!.last_id}::bigint, refreshed_at = now() where name = ${NAME}`);
      return { ran: true, pairs: pairs.length, rowsRead: seen!.rows, lastId: Number(seen!.last_id) };
    }
    // Each (venue, day) the check-ins above prev_id touch: those up to last_id settle (added once),
    // the rest are its new `recent`, replacing the last pass's.
    const [seen] = await queryRows<{ last_id: string; rows: number; pairs: number }>(
      tx,
      sql`with r as materialized (
          select id, venue_id, ${localDaySql('checked_in_at')} as day from checkins where id > ${prevId}::bigint),
        g as (
          select venue_id, day, count(*) filter (where id <= ${settledTo}::bigint) as settled,
            count(*) filter (where id > ${settledTo}::bigint) as recent
          from r group by venue_id, day),
        up as (
          insert into checkin_daily as d (venue_id, day, count, recent)
          select venue_id, day, settled + recent, recent from g
          on conflict (venue_id, day) do update
            set count = d.count - d.recent + excluded.count, recent = excluded.recent
          returning 1)
        select greatest((select max(id) from r), ${settledTo}::bigint)::text as last_id,
          (select count(*) from r)::int as rows, (select count(*) from up)::int as pairs`,
    );
    await tx.execute(sql`update checkin_rollup_state
      set prev_id = last_id, last_id = ${seen!.last_id}::bigint, refreshed_at = now() where name = ${NAME}`);
    return { ran: true, pairs: seen!.pairs, rowsRead: seen!.rows, lastId: Number(seen!.last_id) };
  });
}

/**
 * Recount the local days since `days` days ago (today included) for every venue with check-ins
 * then — the hourly safety net, and the start of a fresh rollup. Same lock as the incremental pass.
 */
export async function reconcileCheckinRollup(db: Db, days = 2, now = new Date()): Promise<boolean> {
  const first = addDays(localDay(now), -(days - 1));
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${ROLLUP_LOCK_ID}) as ok`,
    );
    if (!lock?.ok) return false;
    const tz = provinceTimeZone();
    await tx.execute(
      recount(sql`select distinct venue_id, ${localDaySql('checked_in_at')} as day from checkins
        where checked_in_at >= (${first}::date::timestamp at time zone ${tz})`),
    );
    return true;
  });
}

/** The rollup's state (for tests and the operator): watermarks and the last refresh. */
export async function rollupState(
  db: DbOrTx,
): Promise<{ prevId: number; lastId: number; refreshedAt: string | null } | null> {
  const [row] = await queryRows<{ prev_id: string; last_id: string; refreshed_at: string | null }>(
    db,
    sql`select prev_id::text, last_id::text, refreshed_at::text from checkin_rollup_state where name = ${NAME}`,
  );
  return row
    ? { prevId: Number(row.prev_id), lastId: Number(row.last_id), refreshedAt: row.refreshed_at }
    : null;
}

/**
 * Recount the given (venue, local day) pairs now, in the caller's transaction: a check-in moved
 * to another time or voided keeps its id, so the incremental pass (which follows new ids) would
 * not see the days it left or reached.
 */
export async function recountCheckinDays(
  db: DbOrTx,
  pairs: readonly { venueId: string; day: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  const values = sql.join(
    pairs.map((p) => sql`(${p.venueId}::uuid, ${p.day}::date)`),
    sql`, `,
  );
  await db.execute(recount(sql`select * from (values ${values}) as v(venue_id, day)`));
}
