/**
 * audit: the audit trail's sustained write rate with the chainer running, on PostgreSQL.
 *
 *   npm run bench -- audit [--prefill 300000] [--seconds 30] [--writers 16] [--rows-per-tx 4]
 *
 * A fresh database `epilink_bench_audit` is migrated (audit_log partitioned by month); `prefill`
 * audit rows are loaded and chained first, so the table is not empty. Then `writers` concurrent
 * clients write audit rows through the product's `writeAudit`, `rows-per-tx` per transaction (a
 * search recording the people it showed), for `seconds`, while the product's chainer runs every
 * second in the same process (as in the server), hashing and signing heads. Reported:
 * - audit_rows_per_s: rows written AND chained per second over the run (the lower of the two
 *   rates: a chainer that falls behind lowers it);
 * - written_per_s, chained_per_s, chain_lag_rows_end (rows written but not yet chained when the
 *   writers stop), write_tx_p50_ms / p99;
 * - chain_rows_per_s_empty / chain_rows_per_s_full: the chainer alone on the first `prefill` rows
 *   of an empty trail and on the same number of new rows after the run — the cost per row does not
 *   grow with the table.
 * - plain_rows_per_s and ratio_to_plain: the same writers, transactions and rows, for the same
 *   time just before, into a plain table (not partitioned, primary key only, no chainer): what this
 *   machine does with this transaction shape now. On a shared, loaded machine the absolute rates
 *   move with the load; the ratio is the audit trail's own cost.
 * - node_cpu_ms_per_1k_rows / pg_cpu_ms_per_1k_rows (and plain_…): CPU time of this process and of
 *   the PostgreSQL backends serving this database (read from /proc) per 1,000 rows written.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { systemAccess } from '../packages/server/src/access/context.ts';
import { writeAudit } from '../packages/server/src/audit/audit.ts';
import type { AuditEntry } from '../packages/server/src/audit/audit.ts';
import { chainAudit, startAuditChainer } from '../packages/server/src/audit/chain.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import type { Db } from '../packages/server/src/db/client.ts';
import {
  benchDatabase,
  checkKnownArgs,
  numberArg,
  parseArgs,
  percentile,
  redactUrl,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';

const ANCHOR_KEY = 'epilink-bench-only-audit-anchor-key-0123456789';

/** Insert `n` audit rows server-side (one statement per 50,000), shaped like search rows. */
async function prefill(db: Db, n: number): Promise<void> {
  for (let done = 0; done < n; done += 50_000) {
    const k = Math.min(50_000, n - done);
    await db.execute(sql`insert into audit_log (actor_id, actor_name, actor_role, action, entity, fields, ip, details)
      select gen_random_uuid(), 'bench', 'tracer', 'search', 'person', array['fullName','dateOfBirth'], '10.0.0.1',
        jsonb_build_object('count', 4, 'personIds', jsonb_build_array(gen_random_uuid(), gen_random_uuid()))
      from generate_series(1, ${k})`);
  }
}

async function headSeq(db: Db): Promise<number> {
  const [row] = await queryRows<{ seq: string | null }>(
    db,
    sql`select max(seq)::text as seq from audit_chain_heads where id = (select max(id) from audit_chain_heads)`,
  );
  return Number(row?.seq ?? 0);
}

async function timedChain(db: Db): Promise<{ rows: number; seconds: number }> {
  const t = performance.now();
  const rows = await chainAudit(db, { anchorKey: ANCHOR_KEY });
  return { rows, seconds: (performance.now() - t) / 1000 };
}

/**
 * CPU seconds (user + system) used so far by the PostgreSQL backends serving this database, read
 * from /proc (the server runs on this machine); 0 for a backend that is gone or unreadable.
 */
async function backendCpuSeconds(db: Db): Promise<number> {
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

/** CPU seconds of this process and of the database's backends since `from`. */
async function cpuSince(db: Db, from: { node: NodeJS.CpuUsage; pg: number }) {
  const node = process.cpuUsage(from.node);
  return { node: (node.user + node.system) / 1e6, pg: (await backendCpuSeconds(db)) - from.pg };
}

async function cpuNow(db: Db) {
  return { node: process.cpuUsage(), pg: await backendCpuSeconds(db) };
}

/** `writers` clients running `write` (one transaction of `rowsPerTx` rows) until `seconds` pass. */
async function drive(
  writers: number,
  seconds: number,
  rowsPerTx: number,
  write: () => Promise<void>,
): Promise<{ rows: number; elapsed: number; latencies: number[] }> {
  const latencies: number[] = [];
  let rows = 0;
  const startedAt = performance.now();
  const endAt = startedAt + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < endAt) {
        const t = performance.now();
        await write();
        latencies.push(performance.now() - t);
        rows += rowsPerTx;
      }
    }),
  );
  return { rows, elapsed: (performance.now() - startedAt) / 1000, latencies };
}

/** The baseline's table: audit_log's columns, not partitioned, a primary key only, never chained. */
async function createPlainTable(db: Db): Promise<void> {
  await db.execute(sql`create table bench_plain_log (id bigserial primary key,
    at timestamptz not null default now(), actor_id uuid, actor_name text, actor_role text not null,
    action text not null, entity text not null, entity_id text, person_id uuid, fields text[] not null,
    purpose text, ip text, details jsonb)`);
}

/** The same rows as writeAudit writes, in one statement, into the baseline's table. */
async function writePlain(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  const rows = entries.map((e) => ({
    actor_role: 'system',
    action: e.action,
    entity: e.entity,
    person_id: e.personId ?? null,
    fields: e.fields ?? [],
    purpose: e.purpose ?? null,
    ip: '10.0.0.2',
    details: e.details ?? null,
  }));
  await db.transaction(async (tx) => {
    await tx.execute(sql`insert into bench_plain_log (actor_role, action, entity, person_id, fields, purpose, ip, details)
      select actor_role, action, entity, person_id, fields, purpose, ip, details
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(actor_role text, action text, entity text,
        person_id uuid, fields text[], purpose text, ip text, details jsonb)`);
  });
}

function searchEntries(rowsPerTx: number): AuditEntry[] {
  return Array.from({ length: rowsPerTx }, () => ({
    action: 'read' as const,
    entity: 'person',
    personId: crypto.randomUUID(),
    fields: ['fullName', 'dateOfBirth', 'phone'],
    purpose: 'tracing',
    details: { via: 'search' },
  }));
}

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, ['prefill', 'seconds', 'writers', 'rows-per-tx']);
  const prefillRows = numberArg(args, 'prefill', 300_000);
  const seconds = numberArg(args, 'seconds', 30);
  const writers = numberArg(args, 'writers', 16);
  const rowsPerTx = numberArg(args, 'rows-per-tx', 4);

  const target = await benchDatabase('audit', { fresh: true });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: writers + 4 });
  const config = loadConfig({
    DEMO: 'false',
    DATABASE_URL: target.url,
    LOG_LEVEL: 'silent',
    AUDIT_ANCHOR_KEY: ANCHOR_KEY,
  });
  await prepareDatabase(database, config);
  const { db } = database;
  say(`database ${redactUrl(target.url)}: prefilling ${prefillRows} audit rows…`);
  await prefill(db, prefillRows);
  const empty = await timedChain(db);
  await db.execute(sql`analyze audit_log`);
  say(`chained the prefill: ${empty.rows} rows in ${round(empty.seconds)} s`);

  // Baseline: the same writers and transactions into a plain table, no chainer, just before.
  await createPlainTable(db);
  const loadAtStart = loadavg()[0] ?? 0;
  say(`baseline: ${writers} writers into a plain table for ${seconds} s (load ${round(loadAtStart)})…`);
  let cpuFrom = await cpuNow(db);
  const plain = await drive(writers, seconds, rowsPerTx, () => writePlain(db, searchEntries(rowsPerTx)));
  const plainCpu = await cpuSince(db, cpuFrom);

  const access = systemAccess('bench audit');
  let errors = 0;
  const stopChainer = startAuditChainer(db, {
    anchorKey: ANCHOR_KEY,
    intervalMs: 1000,
    onError: () => {
      errors += 1;
    },
  });
  const seqAtStart = await headSeq(db);
  say(`audit: ${writers} writers through writeAudit for ${seconds} s with the chainer running…`);
  cpuFrom = await cpuNow(db);
  const run = await drive(writers, seconds, rowsPerTx, () =>
    db.transaction((tx) => writeAudit(tx, access, { ip: '10.0.0.2' }, searchEntries(rowsPerTx))),
  );
  const chainedDuring = (await headSeq(db)) - seqAtStart;
  const runCpu = await cpuSince(db, cpuFrom);
  const loadAtEnd = loadavg()[0] ?? 0;
  await stopChainer();
  const written = run.rows;
  const elapsed = run.elapsed;
  const latencies = run.latencies;
  const lag = written - ((await headSeq(db)) - seqAtStart);

  // The chainer alone on as many new rows as the prefill, now that the table is full.
  await prefill(db, prefillRows);
  const full = await timedChain(db);
  const [size] = await queryRows<{ n: string; parts: string }>(
    db,
    sql`select (select count(*) from audit_log)::text as n,
      (select count(*) from pg_inherits where inhparent = 'audit_log'::regclass)::text as parts`,
  );
  await database.close();

  const writtenPerS = written / elapsed;
  const chainedPerS = chainedDuring / elapsed;
  const plainPerS = plain.rows / plain.elapsed;
  const perThousand = (cpuSeconds: number, rows: number): number =>
    round((cpuSeconds * 1e6) / Math.max(rows, 1));
  const result = {
    name: 'audit',
    params: { prefill: prefillRows, seconds, writers, rowsPerTx, partitions: Number(size?.parts ?? 0) },
    metrics: {
      audit_rows_per_s: round(Math.min(writtenPerS, chainedPerS), 0),
      plain_rows_per_s: round(plainPerS, 0),
      ratio_to_plain: round(Math.min(writtenPerS, chainedPerS) / plainPerS, 3),
      written_per_s: round(writtenPerS, 0),
      chained_per_s: round(chainedPerS, 0),
      chain_lag_rows_end: lag,
      write_tx_p50_ms: round(percentile(latencies, 50)),
      write_tx_p99_ms: round(percentile(latencies, 99)),
      chain_rows_per_s_empty: round(empty.rows / empty.seconds, 0),
      chain_rows_per_s_full: round(full.rows / full.seconds, 0),
      table_rows_end: Number(size?.n ?? 0),
      chainer_errors: errors,
      node_cpu_ms_per_1k_rows: perThousand(runCpu.node, written),
      pg_cpu_ms_per_1k_rows: perThousand(runCpu.pg, written),
      plain_node_cpu_ms_per_1k_rows: perThousand(plainCpu.node, plain.rows),
      plain_pg_cpu_ms_per_1k_rows: perThousand(plainCpu.pg, plain.rows),
      plain_write_tx_p50_ms: round(percentile(plain.latencies, 50)),
      load_avg_1m_start: round(loadAtStart),
      load_avg_1m_end_of_run: round(loadAtEnd),
      load_avg_1m: round(loadavg()[0] ?? 0),
    },
  };
  const path = writeResult(result);
  say(JSON.stringify(result.metrics));
  say(`wrote ${path}`);
}

runBench(main);
