/**
 * CPU time of processes, read from Linux `/proc/<pid>/stat` (user + system, in ms), so a benchmark
 * can report what a request costs in CPU — a figure that, unlike a rate, survives a shared,
 * loaded machine. `backendPids` names the PostgreSQL backends serving one database (the server's
 * pool connections), whose CPU is the database side of a request (background writers excluded).
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from '../../packages/server/src/db/client.ts';
import { queryRows } from '../../packages/server/src/db/client.ts';

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ: 100 on Linux). */
const TICKS_PER_S = 100;

/** CPU ms used so far by a process, or null when it cannot be read (gone, not Linux). */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: fields are counted after its closing paren.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
    return (ticks * 1000) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** CPU ms of several processes, by pid (unreadable ones left out). */
export function cpuOf(pids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const ms = cpuMs(pid);
    if (ms !== null) out.set(pid, ms);
  }
  return out;
}

/** CPU ms used between two readings (a process first seen in `after` counts from zero). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, v] of after) ms += v - (before.get(pid) ?? 0);
  return ms;
}

/** The PostgreSQL backends connected to the current database, except the caller's own. */
export async function backendPids(db: Db): Promise<number[]> {
  const rows = await queryRows<{ pid: number }>(
    db,
    sql`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
  );
  return rows.map((r) => r.pid);
}

/**
 * Transactions committed and rolled back in the current database so far (pg_stat_database; a
 * backend reports its counts when idle, at most once a second, so a step of several seconds reads
 * them to within a second's worth).
 */
export async function databaseTransactions(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: string }>(
    db,
    sql`select pg_stat_clear_snapshot(), (xact_commit + xact_rollback)::text as n
      from pg_stat_database where datname = current_database()`,
  );
  return Number(row?.n ?? 0);
}
