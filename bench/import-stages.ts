/**
 * Where an import's time goes, in figures that hardly move with the machine's load: CPU of this
 * process per stage (the upload's scan = one read of the file; validation measured on a sample;
 * the run = read again + validation + linkage + building the statements), CPU of the PostgreSQL
 * backends that served the bench (from /proc, same host), and the database's wall time per group
 * of statements (linkage, doses, audit, bookkeeping).
 */
import { readFileSync } from 'node:fs';
import { indexCodes, validateRow } from '@epilink/core/imports/index';
import type { ImportKind } from '@epilink/core/imports/index';
import type pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Db } from '../packages/server/src/db/client.ts';
import { queryRows } from '../packages/server/src/db/client.ts';
import type { ImportJob } from '../packages/server/src/imports/jobs.ts';
import { loadImportContext } from '../packages/server/src/imports/context.ts';
import { dataRows } from '../packages/server/src/imports/scan.ts';
import { jobRows } from '../packages/server/src/imports/staging.ts';
import { round, say } from './lib.ts';

/** This process's CPU milliseconds so far. */
export const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** Statement groups, by the statement's text. */
const GROUPS: [string, RegExp][] = [
  ['audit', /audit_log|audit_chain/u],
  ['bookkeeping', /import_|^(begin|commit|rollback)\b/u],
  // Before linkage: the dose statements name person_id.
  ['doses', /vaccin|outbox|live_events|coverage|certificate/u],
  ['link', /person|analyze|select k\.key|select name, sum/u],
];

const groupOf = (text: string) => GROUPS.find(([, re]) => re.test(text))?.[0] ?? 'other';

/**
 * Count (and time, by the statement's first words and by group) every query the pool's clients
 * run: statements per batch do not lie under load, seconds do.
 */
export function countStatements(pool: pg.Pool) {
  const byKind = new Map<string, { n: number; ms: number; cpuMs: number }>();
  const byGroup = new Map<string, number>();
  const cpuByGroup = new Map<string, number>();
  let n = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
    // The backend serving this client (same host): its CPU before and after each statement.
    const pid = (client as unknown as { processID?: number }).processID;
    (client as unknown as { query: (...a: unknown[]) => Promise<unknown> }).query = (...a: unknown[]) => {
      n++;
      const first = a[0] as string | { text?: string };
      const text = typeof first === 'string' ? first : (first.text ?? '');
      const kind = text.replace(/\s+/gu, ' ').trim().slice(0, 60);
      const group = groupOf(kind);
      const t = performance.now();
      const cpu0 = pidCpuMs(pid);
      const done = () => {
        const k = byKind.get(kind) ?? { n: 0, ms: 0, cpuMs: 0 };
        const ms = performance.now() - t;
        const cpu = pidCpuMs(pid) - cpu0;
        k.n++;
        k.ms += ms;
        k.cpuMs += cpu;
        byKind.set(kind, k);
        byGroup.set(group, (byGroup.get(group) ?? 0) + ms);
        cpuByGroup.set(group, (cpuByGroup.get(group) ?? 0) + cpu);
      };
      const p = query(...a);
      // pool.query passes a callback (no promise back): counted, not timed.
      if (p instanceof Promise) p.then(done, done);
      return p;
    };
  });
  return {
    reset: () => {
      n = 0;
      byKind.clear();
      byGroup.clear();
      cpuByGroup.clear();
    },
    total: () => n,
    /** Database wall µs per row for each group of statements. */
    groups: (rows: number): Record<string, number> =>
      Object.fromEntries([
        ...[...byGroup].map(([g, ms]): [string, number] => [
          `db_wall_us_per_row_${g}`,
          round((ms * 1000) / rows, 0),
        ]),
        ...[...cpuByGroup].map(([g, ms]): [string, number] => [
          `pg_cpu_us_per_row_${g}`,
          round((ms * 1000) / rows, 0),
        ]),
      ]),
    /** The 25 costliest statements: wall seconds, backend CPU µs per row, count, first words. */
    print: (rows: number) => {
      for (const [k, v] of [...byKind].sort((a, b) => b[1].cpuMs - a[1].cpuMs).slice(0, 25))
        say(`${round(v.ms / 1000, 2)} s  ${round((v.cpuMs * 1000) / rows, 1)} µs/row PG CPU  ${v.n}×  ${k}`);
    },
  };
}

/** CPU milliseconds (utime + stime, 10 ms ticks) of one process on this host; 0 when unknown. */
export function pidCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/**
 * CPU milliseconds the PostgreSQL backends of this database have spent (utime + stime from
 * /proc; the server runs on this host). Backends are keyed by pid, so a later reading minus an
 * earlier one counts each backend's CPU between the two (a backend that ended in between is lost).
 */
export async function backendCpu(db: Db): Promise<Map<number, number>> {
  const pids = await queryRows<{ pid: number }>(
    db,
    sql`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`,
  );
  const out = new Map<number, number>();
  for (const { pid } of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields 14 and 15 of stat (utime, stime), in clock ticks of 10 ms.
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // Not on this host (a remote server): no figure.
    }
  }
  return out;
}

/** CPU milliseconds between two {@link backendCpu} readings. */
export function backendCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

/**
 * Validation alone, on the first `sample` data rows (the same validateRow the runner calls):
 * this process's CPU µs per row.
 */
export async function validationCpu(
  db: Db,
  job: ImportJob,
  bytes: Buffer,
  sample: number,
): Promise<{ readUs: number; validateUs: number }> {
  const context = await loadImportContext(db, job.actor.jurisdiction);
  const codes = indexCodes(context.row);
  const rows = [];
  const t0 = cpuMs();
  for await (const row of dataRows(bytes, job.format, job.kind as ImportKind, job.headerRow, 'vi')) {
    rows.push(row);
    if (rows.length >= sample) break;
  }
  const t1 = cpuMs();
  let ok = 0;
  for (const row of rows)
    if (validateRow(job.kind as ImportKind, job.mapping, row.cells, context.row, codes).ok) ok++;
  const t2 = cpuMs();
  if (ok !== rows.length) say(`validation sample: ${rows.length - ok} of ${rows.length} rows refused`);
  return {
    readUs: round(((t1 - t0) * 1000) / rows.length, 1),
    validateUs: round(((t2 - t1) * 1000) / rows.length, 1),
  };
}

/**
 * Reading the staged rows back (what the run does instead of parsing the file again), on the
 * first `sample` data rows: this process's CPU µs per row and the milliseconds spent.
 */
export async function stagedReadCpu(
  db: Db,
  job: ImportJob,
  sample: number,
): Promise<{ us: number; ms: number }> {
  const t0 = cpuMs();
  let n = 0;
  for await (const row of jobRows(db, { ...job, kind: job.kind as ImportKind }, 0, 'vi')) {
    if (row.cells.length > 0) n++;
    if (n >= sample) break;
  }
  const ms = cpuMs() - t0;
  return { us: round((ms * 1000) / Math.max(1, n), 1), ms };
}
