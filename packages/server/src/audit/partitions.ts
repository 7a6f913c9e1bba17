/**
 * Monthly partitions of `audit_log` (`audit_log_pYYYYMM`, UTC months, plus `audit_log_default`).
 * The SQL function `audit_log_ensure_month` (migration 0026) creates a month's partition with its
 * TRUNCATE guard; it leaves a month alone when rows of it already sit in the default partition
 * (moving them would need a DELETE, which the append-only trigger refuses). The chainer calls
 * `ensureAuditPartitions` at start and hourly, under its advisory lock, so the current and next
 * months always exist before rows arrive.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/client.ts';

/** Advisory lock id of partition creation (processes may start at once). */
const PARTITION_LOCK_ID = 83_0042_0002;

/** Create the partitions of the month of `from` (default now) and the `ahead` months after it. */
export async function ensureAuditPartitions(
  db: Db,
  options: { from?: Date; ahead?: number } = {},
): Promise<string[]> {
  const from = options.from ?? new Date();
  const start = `${from.toISOString().slice(0, 7)}-01`;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PARTITION_LOCK_ID})`);
    const rows = await queryRows<{ month: string; created: boolean }>(
      tx,
      sql`select to_char(m, 'YYYYMM') as month, audit_log_ensure_month(m::date) as created
        from generate_series(${start}::date, ${start}::date + make_interval(months => ${options.ahead ?? 2}), interval '1 month') m`,
    );
    return rows.filter((r) => r.created).map((r) => `audit_log_p${r.month}`);
  });
}

/**
 * Summarise the block ranges filled since the last call in every partition's BRIN index
 * (`audit_log_at_xact_brin`, migration 0043): a range not yet summarised is read whole by every
 * query through the index. PostgreSQL's autovacuum summarises them too; PGlite has no autovacuum,
 * so the chainer calls this after every pass that chained rows (a range is 128 pages, so the cost is the new pages only).
 */
export async function summarizeAuditRanges(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: string }>(
    db,
    sql`select coalesce(sum(brin_summarize_new_values(i.indexrelid::regclass)), 0)::text as n
      from pg_inherits h join pg_index i on i.indrelid = h.inhrelid
        join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
      where h.inhparent = 'audit_log'::regclass and a.amname = 'brin'`,
  );
  return Number(row?.n ?? 0);
}
