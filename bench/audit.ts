/**
 * audit: the audit trail's sustained write rate with the chainer running, on PostgreSQL.
 *
 *   npm run bench -- audit [--prefill 300000] [--seconds 30] [--callers 256] [--batch-max 128]
 *                          [--batch-in-flight 3] [--writers 16] [--rows-per-tx 4]
 *
 * A fresh database `epilink_bench_audit` is migrated (audit_log partitioned by month); `prefill`
 * audit rows are loaded and chained first, so the table is not empty. Then two transaction shapes
 * are run, each for `seconds` into a plain table and then for `seconds` into the audit trail while
 * the product's chainer runs every second in the same process (as in the server), hashing and
 * signing heads:
 *
 * - The production shape (the headline). The paths that write audit rows at thousands per second
 *   are group-committed: citizens' declarations (declarations/batch.ts), quarantine health forms
 *   (quarantine/formBatch.ts) and batches of test results (cases/intake.ts) collect the requests
 *   arriving together (db/microBatch.ts) and write every request's audit row (each with its own
 *   actor and IP) with ONE insert (`auditInsertGroups`) in one transaction per batch; check-ins
 *   write no audit row. So `callers` concurrent requests (at 5,000 rows/s and ~50 ms a request,
 *   ~250 are in flight) each submit a declaration's audit row through the product's MicroBatcher
 *   with the declarations' limits (`batch-in-flight` batches at once, at most `batch-max` rows
 *   each): batches grow with the load, as in the server.
 * - The per-request shape (reported as `per_request_…`, the headline before): `writers` clients
 *   each writing `rows-per-tx` rows per transaction through `writeAudit` (a search recording the
 *   people it showed), as an official's request does. Officials' requests are a few per second
 *   each, so a province does not reach 5,000 audit rows/s this way; with 4 rows per commit this
 *   shape measures the commit rate (the plain table's too), not the audit trail.
 *
 * Reported for each shape (per_request_ prefix for the second):
 * - audit_rows_per_s: rows written AND chained per second (the lower of the two rates: a chainer
 *   that falls behind lowers it); written_per_s, chained_per_s, chain_lag_rows_end (written but not
 *   yet chained when the writers stop), write_tx_p50_ms / p99 (a request's wait, batch included);
 * - plain_rows_per_s and ratio_to_plain: the same transactions and rows, for the same time just
 *   before, into a plain table (not partitioned, primary key only, no chainer, statement sent
 *   unprepared): what this machine does with this shape now. On a shared, loaded machine the
 *   absolute rates move with the load; the ratio is the audit trail's own cost.
 * - node_cpu_ms_per_1k_rows / pg_cpu_ms_per_1k_rows (and plain_…): CPU time of this process and of
 *   the PostgreSQL backends serving this database (read from /proc) per 1,000 rows written —
 *   chainer included on the audit side; rows_per_commit.
 * And chain_rows_per_s_empty / chain_rows_per_s_full: the chainer alone on the first `prefill`
 * rows of an empty trail and on the same number of new rows after the runs — the cost per row does
 * not grow with the table.
 */
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { systemAccess } from '../packages/server/src/access/context.ts';
import type { Access } from '../packages/server/src/access/context.ts';
import { auditInsertGroups, writeAudit } from '../packages/server/src/audit/audit.ts';
import type { AuditEntry, AuditOrigin } from '../packages/server/src/audit/audit.ts';
import { startAuditChainer } from '../packages/server/src/audit/chain.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import type { Db } from '../packages/server/src/db/client.ts';
import { MicroBatcher } from '../packages/server/src/db/microBatch.ts';
import { ANCHOR_KEY, createPlainTable, headSeq, plainInsert, prefill, timedChain } from './load/audit.ts';
import type { AuditGroup } from './load/audit.ts';
import { cpuNow, cpuSince } from './measure/cost.ts';
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

/** `clients` loops running `write` (one request: `rowsPerCall` rows) until `seconds` pass. */
async function drive(
  clients: number,
  seconds: number,
  rowsPerCall: number,
  write: (client: number) => Promise<void>,
): Promise<{ rows: number; elapsed: number; latencies: number[] }> {
  const latencies: number[] = [];
  let rows = 0;
  const startedAt = performance.now();
  const endAt = startedAt + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < endAt) {
        const t = performance.now();
        await write(client);
        latencies.push(performance.now() - t);
        rows += rowsPerCall;
      }
    }),
  );
  return { rows, elapsed: (performance.now() - startedAt) / 1000, latencies };
}

/** A search's audit rows (the per-request shape): the people it showed. */
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

/** A citizen's declaration as the group commit audits it (declarations/batch.ts), own actor and IP. */
function declarationGroup(caller: number): AuditGroup {
  const personId = crypto.randomUUID();
  const access: Access = {
    actor: { kind: 'citizen', citizenId: crypto.randomUUID(), personId, personIds: [personId] },
  };
  const origin: AuditOrigin = { ip: `10.${(caller >> 8) & 255}.${caller & 255}.${1 + (caller % 250)}` };
  const entry: AuditEntry = {
    action: 'create',
    entity: 'declaration',
    entityId: crypto.randomUUID(),
    personId,
    fields: ['response', 'triage'],
    details: { kind: 'health', version: 3, channel: 'citizen', declaredBy: 'self', dcc: null },
  };
  return { access, origin, entries: [entry] };
}

interface Phase {
  rows: number;
  elapsed: number;
  latencies: number[];
  cpu: { node: number; pg: number };
  commits: number;
}

/** Run one shape's writers for `seconds`, with CPU measured around them. */
async function measured(
  db: Db,
  run: () => Promise<{ rows: number; elapsed: number; latencies: number[] }>,
  commits: () => number,
): Promise<Phase> {
  const from = await cpuNow(db);
  const commitsFrom = commits();
  const result = await run();
  return { ...result, cpu: await cpuSince(db, from), commits: commits() - commitsFrom };
}

/** The same shape into the plain table, then into the audit trail with the chainer running. */
async function shape(
  db: Db,
  label: string,
  plainRun: () => Promise<Phase>,
  auditRun: () => Promise<Phase>,
): Promise<Record<string, number>> {
  const loadAtStart = loadavg()[0] ?? 0;
  say(`${label}: plain table (load ${round(loadAtStart)})…`);
  const plain = await plainRun();
  let errors = 0;
  const stopChainer = startAuditChainer(db, {
    anchorKey: ANCHOR_KEY,
    intervalMs: 1000,
    onError: () => (errors += 1),
  });
  const seqAtStart = await headSeq(db);
  say(`${label}: audit trail with the chainer running (load ${round(loadavg()[0] ?? 0)})…`);
  const run = await auditRun();
  const chainedDuring = (await headSeq(db)) - seqAtStart;
  const loadAtEnd = loadavg()[0] ?? 0;
  await stopChainer();
  const lag = run.rows - ((await headSeq(db)) - seqAtStart);
  await timedChain(db); // the next shape starts with nothing left to chain
  const writtenPerS = run.rows / run.elapsed;
  const chainedPerS = chainedDuring / run.elapsed;
  const plainPerS = plain.rows / plain.elapsed;
  const perThousand = (cpuSeconds: number, rows: number): number =>
    round((cpuSeconds * 1e6) / Math.max(rows, 1));
  return {
    audit_rows_per_s: round(Math.min(writtenPerS, chainedPerS), 0),
    plain_rows_per_s: round(plainPerS, 0),
    ratio_to_plain: round(Math.min(writtenPerS, chainedPerS) / plainPerS, 3),
    written_per_s: round(writtenPerS, 0),
    chained_per_s: round(chainedPerS, 0),
    chain_lag_rows_end: lag,
    write_tx_p50_ms: round(percentile(run.latencies, 50)),
    write_tx_p99_ms: round(percentile(run.latencies, 99)),
    rows_per_commit: round(run.rows / Math.max(run.commits, 1), 1),
    chainer_errors: errors,
    node_cpu_ms_per_1k_rows: perThousand(run.cpu.node, run.rows),
    pg_cpu_ms_per_1k_rows: perThousand(run.cpu.pg, run.rows),
    plain_node_cpu_ms_per_1k_rows: perThousand(plain.cpu.node, plain.rows),
    plain_pg_cpu_ms_per_1k_rows: perThousand(plain.cpu.pg, plain.rows),
    plain_write_tx_p50_ms: round(percentile(plain.latencies, 50)),
    plain_rows_per_commit: round(plain.rows / Math.max(plain.commits, 1), 1),
    load_avg_1m_start: round(loadAtStart),
    load_avg_1m_end_of_run: round(loadAtEnd),
  };
}

/** One statement in its own transaction. */
async function writeIn(db: Db, statement: SQL): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(statement);
  });
}

/** A group commit as the server's hot paths run it: one transaction, one insert per batch. */
function groupCommit(write: (groups: AuditGroup[]) => Promise<void>, inFlight: number, max: number) {
  return new MicroBatcher<AuditGroup, null>(
    async (groups) => {
      await write(groups);
      return groups.map(() => null);
    },
    { maxInFlight: inFlight, maxItems: max },
  );
}

async function main(): Promise<void> {
  const args = parseArgs();
  const known = ['prefill', 'seconds', 'callers', 'batch-max', 'batch-in-flight', 'writers', 'rows-per-tx'];
  checkKnownArgs(args, known);
  const prefillRows = numberArg(args, 'prefill', 300_000);
  const seconds = numberArg(args, 'seconds', 30);
  const callers = numberArg(args, 'callers', 256);
  const batchMax = numberArg(args, 'batch-max', 128);
  const batchInFlight = numberArg(args, 'batch-in-flight', 3);
  const writers = numberArg(args, 'writers', 16);
  const rowsPerTx = numberArg(args, 'rows-per-tx', 4);

  const target = await benchDatabase('audit', { fresh: true });
  const poolSize = Math.max(writers, batchInFlight) + 4;
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize });
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
  await createPlainTable(db);

  // The production shape: group commits of concurrent requests, one audit insert per batch.
  const plainBatcher = groupCommit((groups) => writeIn(db, plainInsert(groups)), batchInFlight, batchMax);
  const auditBatcher = groupCommit(
    (groups) => writeIn(db, auditInsertGroups(groups)),
    batchInFlight,
    batchMax,
  );
  const grouped = await shape(
    db,
    `production shape: ${callers} requests in flight, group commit (${batchInFlight} × ≤ ${batchMax})`,
    () =>
      measured(
        db,
        () =>
          drive(callers, seconds, 1, (c) => plainBatcher.submit(declarationGroup(c)).then(() => undefined)),
        () => plainBatcher.stats.batches,
      ),
    () =>
      measured(
        db,
        () =>
          drive(callers, seconds, 1, (c) => auditBatcher.submit(declarationGroup(c)).then(() => undefined)),
        () => auditBatcher.stats.batches,
      ),
  );

  // The per-request shape: each writer one transaction of `rowsPerTx` rows at a time.
  const access = systemAccess('bench audit');
  const origin = { ip: '10.0.0.2' };
  let commits = 0;
  const perRequest = await shape(
    db,
    `per-request shape: ${writers} writers, ${rowsPerTx} rows per transaction`,
    () =>
      measured(
        db,
        () =>
          drive(writers, seconds, rowsPerTx, async () => {
            const groups = [{ access, origin, entries: searchEntries(rowsPerTx) }];
            await writeIn(db, plainInsert(groups));
            commits += 1;
          }),
        () => commits,
      ),
    () =>
      measured(
        db,
        () =>
          drive(writers, seconds, rowsPerTx, async () => {
            await db.transaction((tx) => writeAudit(tx, access, origin, searchEntries(rowsPerTx)));
            commits += 1;
          }),
        () => commits,
      ),
  );

  // The chainer alone on as many new rows as the prefill, now that the table is full.
  await prefill(db, prefillRows);
  const full = await timedChain(db);
  const [size] = await queryRows<{ n: string; parts: string }>(
    db,
    sql`select (select count(*) from audit_log)::text as n,
      (select count(*) from pg_inherits where inhparent = 'audit_log'::regclass)::text as parts`,
  );
  await database.close();

  const prefixed = Object.fromEntries(Object.entries(perRequest).map(([k, v]) => [`per_request_${k}`, v]));
  const result = {
    name: 'audit',
    params: {
      prefill: prefillRows,
      seconds,
      callers,
      batchMax,
      batchInFlight,
      writers,
      rowsPerTx,
      partitions: Number(size?.parts ?? 0),
    },
    metrics: {
      ...grouped,
      ...prefixed,
      chain_rows_per_s_empty: round(empty.rows / empty.seconds, 0),
      chain_rows_per_s_full: round(full.rows / full.seconds, 0),
      table_rows_end: Number(size?.n ?? 0),
      load_avg_1m: round(loadavg()[0] ?? 0),
    },
  };
  const path = writeResult(result);
  say(JSON.stringify(result.metrics));
  say(`wrote ${path}`);
}

runBench(main);
