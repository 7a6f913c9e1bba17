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
