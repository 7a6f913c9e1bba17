/**
 * Per-operation cost on a shared machine, where wall-clock figures move with the load: CPU seconds
 * of this process and of the PostgreSQL backends serving the bench database (read from /proc: the
 * server runs on this machine), and the SQL statements this process sends (every `pg` client query,
 * counted and timed by its text).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../packages/server/src/db/client.ts';
import type { Db } from '../../packages/server/src/db/client.ts';

/**
 * CPU seconds (user + system) used so far by the PostgreSQL backends serving this database; 0 for
 * a backend that is gone or unreadable.
 */
export async function backendCpuSeconds(db: Db): Promise<number> {
  const rows = await queryRows<{ pid: number }>(
    db,
    sql`select pid from pg_stat_activity where datname = current_database()`,
  );
  let total = 0;
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime (fields 14 and 15 of stat) in clock ticks of 1/100 s.
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // Gone, or not on this machine.
    }
  }
  return total;
}

/** A point to measure CPU from. */
export interface CpuMark {
  node: NodeJS.CpuUsage;
  pg: number;
}

export async function cpuNow(db: Db): Promise<CpuMark> {
  return { node: process.cpuUsage(), pg: await backendCpuSeconds(db) };
}

/** CPU seconds of this process and of the database's backends since `from`. */
export async function cpuSince(db: Db, from: CpuMark): Promise<{ node: number; pg: number }> {
  const node = process.cpuUsage(from.node);
  return { node: (node.user + node.system) / 1e6, pg: (await backendCpuSeconds(db)) - from.pg };
}

/** Statements seen while recording: count and client-side milliseconds by statement head. */
export interface StatementLog {
  count: number;
  byHead: Map<string, { count: number; ms: number }>;
}

let recording: StatementLog | null = null;
let patched = false;

/** The first words of a statement, whitespace folded: enough to tell statements apart. */
function headOf(text: string): string {
  return text.replace(/\s+/gu, ' ').trim().slice(0, 110);
}

/** Count every statement any `pg` client of this process sends until `stop()` is called. */
export function recordStatements(): { stop: () => StatementLog } {
  if (!patched) {
    patched = true;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with apply below
    const original = pg.Client.prototype.query;
    // Wrap the callback-less form drizzle uses (config object or text, values): it returns a promise.
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const log = recording;
      const first = args[0];
      const text =
        typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '(other)');
      // pg's Pool.query (drizzle outside a transaction) calls client.query with a callback: count it too.
      const last = args.length - 1;
      const callback = args[last];
      if (log && typeof callback === 'function') {
        const start = performance.now();
        const head = headOf(text);
        log.count += 1;
        args[last] = (...cbArgs: unknown[]): unknown => {
          note(log, head, start);
          return (callback as (...a: unknown[]) => unknown)(...cbArgs);
        };
      }
      const result = (original as (...a: unknown[]) => unknown).apply(this, args);
      if (log && result instanceof Promise) {
        const start = performance.now();
        const head = headOf(text);
        log.count += 1;
        const done = (): void => {
          note(log, head, start);
        };
        void result.then(done, done);
      }
      return result;
    } as typeof pg.Client.prototype.query;
  }
  const log: StatementLog = { count: 0, byHead: new Map() };
  recording = log;
  return {
    stop: () => {
      if (recording === log) recording = null;
      return log;
    },
  };
}

function note(log: StatementLog, head: string, start: number): void {
  const entry = log.byHead.get(head) ?? { count: 0, ms: 0 };
  entry.count += 1;
  entry.ms += performance.now() - start;
  log.byHead.set(head, entry);
}

/** The statements of a log, most frequent first, as lines for the console. */
export function statementLines(log: StatementLog, operations: number): string[] {
  return [...log.byHead.entries()]
    .sort((a, b) => b[1].count - a[1].count || b[1].ms - a[1].ms)
    .map(
      ([head, e]) =>
        `${(e.count / operations).toFixed(2).padStart(6)} × ${(e.ms / e.count).toFixed(1).padStart(6)} ms  ${head}`,
    );
}
