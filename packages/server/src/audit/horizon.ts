/**
 * The chainer's horizon (`chain.ts`): the highest audit row id at or below which every row is
 * resolved, found from the id sequence and the locks of the transactions writing audit rows.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';

/** The tables of the audit trail (the partitioned table and its partitions), for lock lookups. */
const AUDIT_RELATIONS = sql`(select 'audit_log'::regclass::oid
  union all select inhrelid from pg_inherits where inhparent = 'audit_log'::regclass)`;

/**
 * The highest audit row id at or below which every row is resolved (committed or rolled back):
 * the id sequence's value now, once every transaction then holding a write lock on the audit
 * tables in this database has ended (an id is taken under that lock, held until the transaction
 * ends). Null when one of them is still running after `waitMs` (a long transaction that wrote
 * audit rows): nothing new can be chained until it ends.
 */
export async function resolvedHorizon(db: DbOrTx, waitMs = 5000): Promise<string | null> {
  const [seq] = await queryRows<{ h: string }>(
    db,
    sql`select (case when is_called then last_value else last_value - 1 end)::text as h from audit_log_id_seq`,
  );
  const writers = async (): Promise<string[]> =>
    (
      await queryRows<{ v: string }>(
        db,
        sql`select distinct virtualtransaction as v from pg_locks
          where locktype = 'relation' and pid <> pg_backend_pid()
            and database = (select oid from pg_database where datname = current_database())
            and relation in ${AUDIT_RELATIONS} and mode = 'RowExclusiveLock'`,
      )
    ).map((r) => r.v);
  let pending = await writers();
  const deadline = Date.now() + waitMs;
  // Polls back off from 5 to 40 ms: each look at pg_locks costs the server ~0.5 ms of CPU, and
  // under a steady write load (group commits always in flight) 5 ms polls cost more than chaining.
  let pause = 5;
  while (pending.length > 0) {
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 40);
    const now = new Set(await writers());
    pending = pending.filter((v) => now.has(v));
  }
  return seq!.h;
}
