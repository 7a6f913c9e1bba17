/**
 * The check-in activity rollup `checkin_daily` (check-ins per venue and local day), kept up to
 * date incrementally by ONE process at a time:
 * - an advisory transaction lock: every API process runs the 30-second pass, one does the work,
 *   the others skip at once;
 * - a watermark (`checkin_rollup_state`): a pass reads only check-ins with an id above the
 *   watermark of the pass before last (each check-in is seen by two passes, so one committed up
 *   to a pass late is still counted), finds the (venue, local day) pairs they touch and recounts
 *   exactly those pairs through the (venue, time) index. Untouched venues and days cost nothing;
 *   recounting (not adding) makes a pair seen twice still right.
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

/** Recount `checkin_daily` for the given (venue, day) pairs (a subquery of `venue_id, day`). */
function recount(pairs: ReturnType<typeof sql>) {
  const tz = provinceTimeZone();
  return sql`insert into checkin_daily (venue_id, day, count)
    select t.venue_id, t.day,
      (select count(*) from checkins c where c.venue_id = t.venue_id
        and c.checked_in_at >= (t.day::timestamp at time zone ${tz})
        and c.checked_in_at < ((t.day + 1)::timestamp at time zone ${tz}))
    from (${pairs}) t
    on conflict (venue_id, day) do update set count = excluded.count
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
    const [seen] = await queryRows<{ last_id: string; rows: number }>(
      tx,
      sql`select coalesce(max(id), ${state!.last_id}::bigint)::text as last_id, count(*)::int as rows
        from checkins where id > ${prevId}::bigint`,
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
