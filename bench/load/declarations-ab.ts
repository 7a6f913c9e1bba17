/**
 * A/B of the declaration hot path on a loaded machine (issue #15): two server processes, one from
 * each tree (`--a <repo root>` and `--b <repo root>`, e.g. a git worktree of the baseline commit
 * and the working tree), serve one freshly seeded bench database (`epilink_bench_declarations_ab`)
 * and take turns at one fixed open-loop rate, A B B A …, so that each side sees the load of the
 * moment equally often. The mix is `bench/declarations.ts`'s (signed-in citizens, people without an
 * account through record linkage, a share flagged by triage). Each step reports the CPU ms per
 * declaration of the server process, of the PostgreSQL backends serving the database and of the
 * load generator, p50/p99, the 1-minute load average, the group commit's batch sizes — read from
 * the stored rows: the declarations one transaction inserted share its `xmin` — and the
 * write-ahead log written per declaration (the cluster's pg_stat_wal: bytes, records, full-page
 * images) with the checkpoints that ran during the step.
 *
 *   node --import tsx bench/load/declarations-ab.ts --a /tmp/base --b . [--rate 400] [--seconds 8]
 *        [--pairs 2] [--citizens 60000] [--citizen-share 0.7] [--flagged-share 0.1] [--profile-dir DIR]
 *
 * `--profile-dir` starts each server with `bench/load/profile.mjs` preloaded (a V8 CPU profile
 * written there when the server stops); `--diag-dir` with `bench/load/diag.mjs` (per second: event-loop
 * delay, GC pauses, requests, statements by name; `<dir>/A.jsonl`, `<dir>/B.jsonl`).
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { prepareDatabase } from '../../packages/server/src/bootstrap.ts';
import { DEFAULT_DB_POOL_SIZE, loadConfig } from '../../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../../packages/server/src/db/client.ts';
import type { Database } from '../../packages/server/src/db/client.ts';
import { benchDatabase, freePort, median, numberArg, parseArgs, round, say } from '../lib.ts';
import { fixedRate, spawnOwned, step } from './capacity.ts';
import type { Cursor, SearchOptions, Step } from './capacity.ts';
import { backendPids } from './cpu.ts';
import { BENCH_COMMUNE, healthQuestionnaire, seedCitizens } from './declarations-seed.ts';

/** The cluster's write-ahead log and checkpoints so far (pg_stat_wal, pg_stat_bgwriter). */
async function walSoFar(
  database: Database,
): Promise<{ records: number; fpi: number; bytes: number; checkpoints: number }> {
  const [w] = await queryRows<{ records: string; fpi: string; bytes: string; checkpoints: string }>(
    database.db,
    sql`select w.wal_records::text as records, w.wal_fpi::text as fpi, w.wal_bytes::text as bytes,
        (b.checkpoints_timed + b.checkpoints_req)::text as checkpoints
      from pg_stat_wal w, pg_stat_bgwriter b`,
  );
  return {
    records: Number(w!.records),
    fpi: Number(w!.fpi),
    bytes: Number(w!.bytes),
    checkpoints: Number(w!.checkpoints),
  };
}

/** Batch sizes of the declarations stored since `afterSeq` (rows sharing a transaction id). */
async function batchSizes(database: Database, since: Date): Promise<{ mean: number; dist: string }> {
  const rows = await queryRows<{ size: number; n: number }>(
    database.db,
    sql`select size, count(*)::int as n from (
        select xmin::text, count(*)::int as size from declarations where created_at >= ${since.toISOString()}::timestamptz
        group by xmin::text) b group by size order by size`,
  );
  const batches = rows.reduce((s, r) => s + r.n, 0);
  const items = rows.reduce((s, r) => s + r.n * r.size, 0);
  const dist = rows
    .filter((r) => r.n * r.size >= items * 0.02)
    .map((r) => `${r.size}×${r.n}`)
    .join(' ');
  return { mean: batches === 0 ? 0 : items / batches, dist };
}

async function main(): Promise<void> {
  const args = parseArgs();
  const a = resolve(args.get('a') ?? '.');
  const b = resolve(args.get('b') ?? '.');
  const rate = numberArg(args, 'rate', 400);
  const seconds = numberArg(args, 'seconds', 8);
  const pairs = numberArg(args, 'pairs', 2);
  const citizenCount = numberArg(args, 'citizens', 60_000);
  const citizenShare = numberArg(args, 'citizen-share', 0.7);
  const flaggedShare = numberArg(args, 'flagged-share', 0.1);
  const profileDir = args.get('profile-dir');
  const diagDir = args.get('diag-dir');
  // Node flags for B's server only (e.g. `--b-node-options=--max-semi-space-size=32`).
  const bNodeOptions = args.get('b-node-options');
  const target = await benchDatabase('declarations_ab', { fresh: true });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 2 });
  const c = BENCH_COMMUNE;
  await prepareDatabase(
    database,
    loadConfig({
      DEMO: 'false',
      DATABASE_URL: target.url,
      LOG_LEVEL: 'silent',
      PROVINCE_CODE: c.provinceCode,
    }),
  );
  say(`seeding ${citizenCount} signed-in citizens…`);
  await seedCitizens(database, citizenCount);
  await database.db.execute(sql`analyze`);
  const questionnaireId = await healthQuestionnaire(database);
  const cursor: Cursor = { citizen: 0, guest: 0 };
  const env = {
    PROVINCE_CODE: c.provinceCode,
    DEMO: 'false',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: '1',
    DATABASE_URL: target.url,
    DB_POOL_SIZE: String(DEFAULT_DB_POOL_SIZE),
  };
  const servers = [];
  for (const [label, root] of [
    ['A', a],
    ['B', b],
  ] as const) {
    const preloads = [
      ...(profileDir ? [join(resolve('.'), 'bench/load/profile.mjs')] : []),
      ...(diagDir ? [join(resolve('.'), 'bench/load/diag.mjs')] : []),
    ];
    const nodeOptions = [
      ...preloads.map((p) => `--import=${p}`),
      ...(label === 'B' && bNodeOptions ? [bNodeOptions] : []),
    ];
    const profile: Record<string, string> = {
      ...(nodeOptions.length > 0 ? { NODE_OPTIONS: nodeOptions.join(' ') } : {}),
      ...(profileDir ? { CPU_PROFILE_DIR: resolve(profileDir), CPU_PROFILE_NAME: label } : {}),
      ...(diagDir ? { DIAG_FILE: join(resolve(diagDir), `${label}.jsonl`) } : {}),
    };
    const s = await spawnOwned({
      port: await freePort(),
      env: { ...env, ...profile },
      script: join(root, 'packages/server/src/main.ts'),
    });
    servers.push({ label, root, s });
  }
  const o = (pid: number | undefined): SearchOptions => ({
    p99TargetMs: 100,
    tokens: [],
    citizenShare,
    citizenCount,
    ...fixedRate(rate, seconds),
    processes: { server: pid, database: () => backendPids(database.db) },
    declarations: { questionnaireId, communeCode: c.communeCode, flaggedShare },
  });
  // Each server's own warm-up (JIT, pool connections), unmeasured.
  for (const x of servers) await step(x.s.url, Math.min(rate, 200), 3, o(x.s.proc.pid), cursor);
  type Row = Step & { load: number; batchMean: number };
  const results: Record<'A' | 'B', Row[]> = { A: [], B: [] };
  for (let p = 0; p < pairs; p++) {
    const order = p % 2 === 0 ? servers : [...servers].reverse();
    for (const x of order) {
      const load = loadavg()[0]!;
      const since = new Date();
      const walBefore = await walSoFar(database);
      const s = await step(x.s.url, rate, seconds, o(x.s.proc.pid), cursor);
      const walAfter = await walSoFar(database);
      const batches = await batchSizes(database, since);
      // Per declaration sent (warm-up included), the whole cluster's log: both servers' workers too.
      const sent = s.ok + s.warmupOk;
      const wal = `WAL per declaration ${round((walAfter.bytes - walBefore.bytes) / sent)} bytes, ${round((walAfter.records - walBefore.records) / sent, 1)} records, ${round((walAfter.fpi - walBefore.fpi) / sent, 2)} full pages; ${walAfter.checkpoints - walBefore.checkpoints} checkpoints`;
      results[x.label].push({ ...s, load, batchMean: batches.mean });
      say(
        `${x.label} ${rate}/s load ${load.toFixed(1)}: p50 ${round(s.p50)} p99 ${round(s.p99)} ms, ${s.failures} failed, CPU ms/declaration server ${round(s.serverCpuMs ?? 0, 3)} db ${round(s.dbCpuMs ?? 0, 3)} generator ${round(s.generatorCpuMs, 3)}; declarations per transaction ${round(batches.mean, 2)} (size×transactions: ${batches.dist})`,
      );
      say(
        `  by kind: ${Object.entries(s.byKind)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([kind, k]) => `${kind} ${k.n} p50 ${round(k.p50)} p99 ${round(k.p99)}`)
          .join('; ')}`,
      );
      say(`  ${wal}`);
    }
  }
  for (const x of servers) await x.s.stop();
  if (cursor.citizen > citizenCount)
    say(`note: citizens wrapped around (${cursor.citizen} > ${citizenCount})`);
  await database.close();
  for (const label of ['A', 'B'] as const) {
    const r = results[label];
    say(
      `${label} (${servers.find((x) => x.label === label)!.root}) medians: server ${round(median(r.map((s) => s.serverCpuMs ?? 0)), 3)} db ${round(median(r.map((s) => s.dbCpuMs ?? 0)), 3)} generator ${round(median(r.map((s) => s.generatorCpuMs)), 3)} ms/declaration; p99 ${round(median(r.map((s) => s.p99)))} ms; ${round(median(r.map((s) => s.batchMean)), 2)} declarations/transaction; load ${round(median(r.map((s) => s.load)), 1)}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
