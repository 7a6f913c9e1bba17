/**
 * Check-in partitions and retention. `checkins` is partitioned by range of `checked_in_at`, one
 * partition per local day of the province (the one clock), `checkins_pYYYYMMDD`, plus `checkins_default` for whatever no
 * daily partition covers (so a write is never refused when the job has not run).
 * - `ensurePartitions` creates the partitions of the coming days (rows already in the default
 *   partition for such a day are moved in, in the same transaction);
 * - `purgeCheckins` drops whole partitions older than the retention period in policy
 *   (`checkin.retentionDays`) — cheap, no row-by-row DELETE — after copying out the rows an open
 *   investigation holds (the held person's visits in the held window, and the visits that
 *   overlapped them at the same venues): those land in the default partition and stay until the
 *   hold is released. The default partition itself is purged by DELETE (it holds few rows).
 */
import { addDays, localDay, localDayStart as startOfDay } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { policyInForce } from '../policy/store.ts';

/** The start (instant) of the province's local day containing `at` (the one clock). */
export function localDayStart(at: Date): Date {
  return startOfDay(localDay(at));
}

function partitionName(day: string): string {
  return `checkins_p${day.replaceAll('-', '')}`;
}

function dayOfPartition(name: string): Date | null {
  const m = /^checkins_p(\d{4})(\d{2})(\d{2})$/u.exec(name);
  return m ? startOfDay(`${m[1]}-${m[2]}-${m[3]}`) : null;
}

/** The daily partitions that exist, oldest first. */
export async function listPartitions(db: DbOrTx): Promise<{ name: string; dayStart: Date }[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'checkins'::regclass`,
  );
  return rows
    .map((r) => ({ name: r.name, dayStart: dayOfPartition(r.name) }))
    .filter((r): r is { name: string; dayStart: Date } => r.dayStart !== null)
    .sort((a, b) => a.dayStart.getTime() - b.dayStart.getTime());
}

/** Create the daily partitions from `from` (default: today) for `days` days; returns those created. */
export async function ensurePartitions(
  db: Db,
  options: { from?: Date; days?: number } = {},
): Promise<string[]> {
  const first = localDay(options.from ?? new Date());
  const existing = new Set((await listPartitions(db)).map((p) => p.name));
  const created: string[] = [];
  for (let i = 0; i < (options.days ?? 8); i++) {
    const day = addDays(first, i);
    const lo = startOfDay(day);
    const hi = startOfDay(addDays(day, 1));
    const name = partitionName(day);
    if (existing.has(name)) continue;
    await db.transaction(async (tx) => {
      // Rows of that day already in the default partition move into the new one.
      await tx.execute(
        sql.raw(`create temp table checkins_move on commit drop as
        with d as (delete from checkins_default where checked_in_at >= '${lo.toISOString()}' and checked_in_at < '${hi.toISOString()}' returning *)
        select * from d`),
      );
      await tx.execute(
        sql.raw(
          `create table if not exists ${name} partition of checkins for values from ('${lo.toISOString()}') to ('${hi.toISOString()}')`,
        ),
      );
      await tx.execute(sql.raw('insert into checkins select * from checkins_move'));
    });
    created.push(name);
  }
  return created;
}

/** The held-rows condition over a check-in alias `c` (see the module comment). */
const HELD_SQL = `exists (
  select 1 from checkin_holds h join checkins x on x.person_id = h.person_id
    and x.checked_in_at < h.to_at and x.checked_out_at > h.from_at
  where h.released_at is null and (x.id = c.id or (x.venue_id = c.venue_id
    and x.checked_in_at < c.checked_out_at and x.checked_out_at > c.checked_in_at)))`;
const HELD = sql.raw(HELD_SQL);

/**
 * Purge check-ins older than the retention period in policy on `now` (default 30 days): whole
 * daily partitions are dropped; held rows are kept. Returns what was dropped and deleted.
 */
export async function purgeCheckins(
  db: Db,
  now: Date = new Date(),
): Promise<{ retentionDays: number; droppedPartitions: string[]; deletedRows: number; keptRows: number }> {
  const rule = await policyInForce(db, 'checkin.retentionDays', localDay(now));
  const retentionDays = typeof rule?.value === 'number' ? rule.value : 30;
  const cutoff = startOfDay(addDays(localDay(now), -retentionDays));
  const dropped: string[] = [];
  let keptRows = 0;
  for (const p of await listPartitions(db)) {
    if (startOfDay(addDays(localDay(p.dayStart), 1)).getTime() > cutoff.getTime()) break;
    await db.transaction(async (tx) => {
      await tx.execute(
        sql.raw(
          `create temp table checkins_keep on commit drop as select c.* from ${p.name} c where ${HELD_SQL}`,
        ),
      );
      await tx.execute(sql.raw(`drop table ${p.name}`));
      const [kept] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from checkins_keep`);
      keptRows += kept?.n ?? 0;
      await tx.execute(sql.raw('insert into checkins select * from checkins_keep'));
    });
    dropped.push(p.name);
  }
  const deleted = await queryRows<{ n: number }>(
    db,
    sql`with d as (delete from checkins_default c where c.checked_in_at < ${cutoff.toISOString()}::timestamptz and not ${HELD} returning 1)
      select count(*)::int as n from d`,
  );
  return { retentionDays, droppedPartitions: dropped, deletedRows: deleted[0]?.n ?? 0, keptRows };
}

/**
 * Upkeep of closed day partitions: `VACUUM (ANALYZE)` of each daily partition whose local day has
 * ended and that no VACUUM has reached yet (never vacuumed nor analysed, or pages without one
 * all-visible), newest first, at most `max` per call. Its visibility map lets the overlap search
 * read index pages only (without it every index entry costs a heap page for its visibility check,
 * issue #11), and its statistics replace the empty-table ones the partition was created with.
 * Autovacuum would get there too, but late or never (switched off, or a large table first). Today's
 * partition is left alone: it still takes inserts. Returns the partitions vacuumed.
 */
export async function vacuumClosedPartitions(db: Db, now: Date = new Date(), max = 2): Promise<string[]> {
  const today = startOfDay(localDay(now)).getTime();
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'checkins'::regclass and c.relallvisible = 0 and (c.reltuples < 0 or c.relpages > 0)`,
  );
  const due = rows
    .map((r) => ({ name: r.name, dayStart: dayOfPartition(r.name) }))
    .filter(
      (p): p is { name: string; dayStart: Date } =>
        p.dayStart !== null && startOfDay(addDays(localDay(p.dayStart), 1)).getTime() <= today,
    )
    .sort((a, b) => b.dayStart.getTime() - a.dayStart.getTime())
    .slice(0, max);
  // VACUUM runs outside a transaction; the names come from pg_class and matched the partition pattern.
  for (const p of due) await db.execute(sql.raw(`vacuum (analyze) ${p.name}`));
  return due.map((p) => p.name);
}

/**
 * Statistics of today's partition kept up with its growth: `ANALYZE` it once its heap has grown to
 * at least twice the pages it had at its last analysis (and at least 8 pages) — a handful of times
 * a day. A day's partition is created, and often analysed, empty; plans made then (the check-in
 * functions cache a generic plan per connection) took whatever index looked cheapest on an empty
 * table, and one that probes the open stay through the person/time index reads every check-in of
 * the day for each visitor, slowing check-ins down as the day fills (seen on 4 December 2026 on
 * PostgreSQL with autovacuum off: 651 M index entries read for 21,281 probes). An analysis
 * invalidates those plans, and they are made again on the real size. Autovacuum's own analyse does
 * the same where it runs; this does not rely on it. Returns the partition analysed, or null.
 */
export async function analyzeGrowingToday(db: Db, now: Date = new Date()): Promise<string | null> {
  const name = partitionName(localDay(now));
  const [row] = await queryRows<{ pages: number; analysed: number }>(
    db,
    sql`select (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages,
        c.relpages::int as analysed
      from pg_class c where c.relname = ${name} and c.relkind = 'r'`,
  );
  if (!row || row.pages < Math.max(8, 2 * row.analysed)) return null;
  // The name is built from the local day (digits only) and was found in pg_class.
  await db.execute(sql.raw(`analyze ${name}`));
  return name;
}
