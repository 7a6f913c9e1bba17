/**
 * degrees: F-degrees under concurrency (issue #11 item 2), on PostgreSQL, through the real HTTP API.
 *
 *   npm run bench -- degrees [--people 100000] [--seeds 50] [--tracers 20] [--per-tracer 25] [--pace-ms 0]
 *     [--clients inline|process] [--warmup 1] [--pool 4]
 *
 * Data (database `epilink_bench_degrees`, rebuilt each run): ONE connected component of `people`
 * people in one commune — `seeds` open confirmed cases (F0) and a confirmed contact tree below them
 * (each person exposed by an earlier one, exposure dates rising with depth) — plus
 * `tracers × per-tracer` proposed edges between random people of the component, some with a date
 * and some without. The initial degrees come from one full recomputation (`full_recompute_ms`).
 * One tracer first confirms 40 edges alone (`confirm_alone_p50_ms`: one confirmation, nothing
 * queued). Then each tracer confirms `warmup` contacts at once, unmeasured (`warmup_p95_ms`: every
 * pooled connection's first run of the decision's statements — a fresh PostgreSQL backend loads its
 * catalog caches and plans them, ~100 ms each with 20 at once on two cores; a running server keeps
 * its connections, DB_POOL_IDLE_SECONDS). Then `tracers` signed-in tracers confirm their share of the proposed edges at the same time
 * (`POST /api/contacts/:id/decision`), each request timed (`confirm_p50_ms`, `confirm_p95_ms`,
 * `confirm_p99_ms`, `confirms_per_s`; `statements_in_lock_per_confirm`: statements each transaction
 * sends from its first graph/person lock to its commit). Then one tracer dismisses 10 confirmed edges of the tree
 * (`dismiss_alone_p50_ms`: degrees below them rise). Finally every stored degree and proposed degree of the
 * component is compared with a from-scratch breadth-first search over the final graph
 * (`degree_mismatches`; target 0) — lost updates between concurrent tracers would show there.
 *
 * By default (`--pace-ms 0`) each tracer sends its next confirmation the moment the previous one is
 * answered: 20 tracers with no think time keep the server saturated, so the latency figures are
 * mostly the queue (Little's law: p50 ≈ tracers / confirms_per_s). With `--pace-ms P` each tracer
 * confirms on a fixed schedule, one every P ms (staggered starts), and each latency is counted from
 * its scheduled send time (no coordinated omission): the latency at a stated offered rate of
 * tracers × 1000 / P per second. The default run is the headline; a paced run says so in `params`.
 * The 20 tracers' HTTP clients run in this process, on the server's one Node thread, by default;
 * `--clients process` runs them in a process of their own (`bench/load/tracers.ts`), as clients
 * are elsewhere in production (`params.clients`; the node CPU figures are then the server's alone).
 * The server has the production default of PostgreSQL connections (DB_POOL_SIZE, `--pool N` to
 * change it; `params.pool`): the 20 requests wait their turn for one, as in production.
 */
import { computeDegrees } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { buildApp } from '../packages/server/src/app.ts';
import { createUser } from '../packages/server/src/auth/users.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { recomputeComponent, loadComponent, seedsOf } from '../packages/server/src/cases/graph.ts';
import { DEFAULT_DB_POOL_SIZE, loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import {
  HttpSession,
  benchDatabase,
  checkKnownArgs,
  msSince,
  numberArg,
  parseArgs,
  percentile,
  redactUrl,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';
import { loadavg } from 'node:os';
import pg from 'pg';
import { cpuNow, cpuSince, recordStatements, statementLines } from './measure/cost.ts';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runTracers } from './load/tracers.ts';
import type { TracersJob, TracersResult } from './load/tracers.ts';

const PASSWORD = 'bench-degrees-password-83';
const PLACE = { province: '83', district: '829', commune: '28756' };
const DISEASE = 'COVID-19';
/** Confirmations made by one tracer alone before the concurrent phase. */
const SERIAL = 40;
/** Confirmed tree edges one tracer dismisses after the concurrent phase. */
const DISMISSALS = 10;

/**
 * Count, per transaction of this process's `pg` clients, the statements sent from its first
 * advisory lock (the graph or person locks of the degree update) to its commit, both included:
 * how long the degree update's locks are held, in statements (load-independent).
 */
function recordLockedStatements(): () => { transactions: number; statements: number } {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with apply below
  const original = pg.Client.prototype.query;
  const open = new WeakMap<object, number>();
  let transactions = 0;
  let statements = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '');
    const held = open.get(this);
    if (held !== undefined) {
      if (/^\s*(commit|rollback)\b/iu.test(text)) {
        transactions += 1;
        statements += held + 1;
        open.delete(this);
      } else open.set(this, held + 1);
    } else if (/pg_(try_)?advisory_xact_lock/u.test(text)) open.set(this, 1);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
  return () => {
    pg.Client.prototype.query = original;
    return { transactions, statements };
  };
}

/**
 * Start the tracers' own process (`bench/load/tracers.ts` under tsx, connected by IPC) and return
 * the function that hands it the job; the process is started before the timed phase.
 */
async function startTracers(): Promise<(job: TracersJob) => Promise<TracersResult>> {
  const child = fork(fileURLToPath(new URL('./load/tracers.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // Ready once its modules are loaded (its first message), before the clock starts.
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => {
      resolve();
    });
    child.once('error', reject);
  });
  return (job) =>
    new Promise((resolve, reject) => {
      child.once('message', (r: TracersResult) => {
        if (r.error) reject(new Error(r.error));
        else resolve(r);
      });
      child.once('exit', (code) => {
        if (code !== 0) reject(new Error(`tracers process exited with ${code}`));
      });
      child.send(job);
    });
}

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, ['people', 'seeds', 'tracers', 'per-tracer', 'pace-ms', 'clients', 'warmup', 'pool']);
  const clients = args.get('clients') === 'process' ? 'process' : 'inline';
  const n = Math.floor(numberArg(args, 'people', 100_000));
  const seedCount = Math.floor(numberArg(args, 'seeds', 50));
  const tracers = Math.floor(numberArg(args, 'tracers', 20));
  const perTracer = Math.floor(numberArg(args, 'per-tracer', 25));
  const paceMs = Math.max(0, numberArg(args, 'pace-ms', 0));
  const warmup = Math.max(0, Math.floor(numberArg(args, 'warmup', 1)));
  // The server's connections: the production default unless `--pool N` (the tracers queue for them).
  const pool = Math.max(2, Math.floor(numberArg(args, 'pool', DEFAULT_DB_POOL_SIZE)));
  const target = await benchDatabase('degrees', { fresh: true });
  say(`database ${redactUrl(target.url)}`);
  const database = await openDatabase({
    kind: 'postgres',
    url: target.url,
    poolSize: pool,
  });
  const config = loadConfig({
    DEMO: 'false',
    DATABASE_URL: target.url,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_USER: '1000000',
  });
  await prepareDatabase(database, config);
  const db = database.db;

  // People: person k is `bench-<k>`; ids kept in a table for the edge generation.
  const loadStart = performance.now();
  await db.execute(sql`create table bench_people (k int primary key, id uuid not null)`);
  await db.execute(
    sql`with made as (
        insert into persons (full_name, name_key, province_code, district_code, commune_code, source)
        select 'Người ' || k, 'nguoi ' || k, ${PLACE.province}, ${PLACE.district}, ${PLACE.commune}, 'bench'
        from generate_series(0, ${n - 1}) k returning id, full_name)
      insert into bench_people select substring(full_name from 7)::int, id from made`,
  );
  // F0s: open confirmed cases of people 0..seeds-1, infectious from 1/3/2022.
  await db.execute(
    sql`insert into cases (person_id, disease_code, classification, evidence, sample_date, infectious_from,
        symptomatic, province_code, district_code, commune_code, confirmed_at)
      select id, ${DISEASE}, 'confirmed', '[]'::jsonb, '2022-03-03', '2022-03-01T00:00:00+07', false,
        ${PLACE.province}, ${PLACE.district}, ${PLACE.commune}, now()
      from bench_people where k < ${seedCount}`,
  );
  const [firstCase] = await queryRows<{ id: string }>(
    db,
    sql`select id from cases order by created_at, id limit 1`,
  );
  // The tree: person k (≥ seeds) exposed by a random earlier person, on a date after the parent's.
  const random = rng(83);
  const parent: number[] = [];
  const depth: number[] = [];
  for (let k = 0; k < n; k++) {
    if (k < seedCount) {
      parent.push(-1);
      depth.push(0);
    } else {
      const p = Math.floor(random() * k);
      parent.push(p);
      depth.push(depth[p]! + 1);
    }
  }
  const day = (d: number) => new Date(Date.UTC(2022, 2, 2 + d)).toISOString().slice(0, 10);
  // The F0s are linked to the first one (a cluster), so the whole population is ONE component.
  const tree = [
    ...Array.from({ length: seedCount - 1 }, (_, i) => [0, i + 1, day(0), 'confirmed'] as const),
    ...parent.flatMap((p, k) => (p < 0 ? [] : [[p, k, day(depth[k]!), 'confirmed'] as const])),
  ];
  // The proposed edges tracers will confirm: random pairs, half of them without a date.
  const proposals: (readonly [number, number, string | null, string])[] = [];
  const pairs = new Set(tree.map(([p, k]) => `${p}>${k}`));
  while (proposals.length < tracers * (perTracer + warmup) + SERIAL) {
    const a = Math.floor(random() * n);
    const b = Math.floor(random() * n);
    if (a === b || pairs.has(`${a}>${b}`) || b < seedCount) continue;
    pairs.add(`${a}>${b}`);
    proposals.push([a, b, random() < 0.5 ? null : day(depth[a]! + 1 + Math.floor(random() * 3)), 'proposed']);
  }
  for (let i = 0; i < tree.length + proposals.length; i += 20_000) {
    const chunk = [...tree, ...proposals]
      .slice(i, i + 20_000)
      .map(([s, p, d, status]) => ({ s, p, d, status }));
    await db.execute(
      sql`insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type, exposure_date,
          source, status, follow_up_status, monitoring_until, province_code, district_code, commune_code)
        select ${firstCase!.id}::uuid, a.id, b.id, ${DISEASE}, 'proximity', x.d, 'interview', x.status,
          case when x.status = 'confirmed' then 'active' end, case when x.status = 'confirmed' then '2099-01-01'::date end,
          ${PLACE.province}, ${PLACE.district}, ${PLACE.commune}
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(s int, p int, d date, status text)
        join bench_people a on a.k = x.s join bench_people b on b.k = x.p`,
    );
  }
  await db.execute(sql`analyze persons; analyze contacts; analyze cases`);
  const loadSeconds = msSince(loadStart) / 1000;
  const [seed0] = await queryRows<{ id: string }>(db, sql`select id from bench_people where k = 0`);
  const fullStart = performance.now();
  await db.transaction(async (tx) => {
    await recomputeComponent(tx, [seed0!.id], DISEASE);
  });
  const fullMs = msSince(fullStart);
  say(
    `loaded ${n} people, ${tree.length} confirmed + ${proposals.length} proposed edges in ${round(loadSeconds, 1)} s;`,
  );
  say(`full recompute of the component: ${round(fullMs, 0)} ms`);

  const app = await buildApp({ config, database }, { logger: false, serveWeb: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const ids = await queryRows<{ id: string }>(
      db,
      sql`select id from contacts where status = 'proposed' order by id`,
    );
    const sessions: HttpSession[] = [];
    for (let t = 0; t < tracers; t++) {
      const username = `bench.tracer.${t}`;
      await createUser(db, {
        username,
        displayName: `Bench tracer ${t}`,
        password: PASSWORD,
        role: 'tracer',
        jurisdictionCode: PLACE.commune,
      });
      const s = new HttpSession(base);
      await s.login(username, PASSWORD);
      sessions.push(s);
    }
    // First one tracer alone (the cost of one confirmation, nothing queued), then all at once.
    const serial: number[] = [];
    // The statements of one confirmation alone (this process sends all of them: the HTTP server
    // runs here), and the CPU one takes in this process and in the database's backends.
    const statements = recordStatements();
    let cpuFrom = await cpuNow(db);
    for (const { id } of ids.slice(0, SERIAL)) {
      const r = await sessions[0]!.post(`/api/contacts/${id}/decision`, { decision: 'confirm' });
      if (r.status !== 200) throw new Error(`confirm: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      serial.push(r.ms);
    }
    const serialCpu = await cpuSince(db, cpuFrom);
    const serialStatements = statements.stop();
    for (const line of statementLines(serialStatements, SERIAL)) say(line);
    // Warm-up, unmeasured: each tracer confirms `warmup` contacts at once, so each of the
    // server's pooled connections has run the decision's statements once (a fresh PostgreSQL
    // backend loads its catalog caches and plans them: ~100 ms each, 20 at once on two cores) —
    // the state of a server that has been up, since the pool keeps idle connections
    // (DB_POOL_IDLE_SECONDS). Reported apart as warmup_p95_ms.
    const cookies = sessions.map((s) => s.cookie);
    const warmIds = ids.slice(SERIAL, SERIAL + tracers * warmup).map((r) => r.id);
    const warm = warmIds.length > 0 ? await runTracers({ base, cookies, ids: warmIds, paceMs: 0 }) : null;
    cpuFrom = await cpuNow(db);
    const job: TracersJob = {
      base,
      cookies,
      ids: ids.slice(SERIAL + warmIds.length).map((r) => r.id),
      paceMs,
    };
    // The clients in this process (sharing the server's thread), or in one of their own.
    const child = clients === 'process' ? await startTracers() : null;
    const locked = recordLockedStatements();
    const { latencies, wallMs } = child ? await child(job) : await runTracers(job);
    const wallSeconds = wallMs / 1000;
    const inLock = locked();
    const concurrentCpu = await cpuSince(db, cpuFrom);

    // Then one tracer dismisses confirmed edges of the tree (degrees below them may rise: the
    // raising path of the update, checked by the comparison below like the rest).
    const treeEdges = await queryRows<{ id: string }>(
      db,
      sql`select c.id from contacts c join bench_people b on b.id = c.person_id
        where c.status = 'confirmed' and c.decided_at is null and b.k >= ${seedCount}
        order by (b.k * 7919) % ${n}, b.k limit ${DISMISSALS}`,
    );
    const dismissals: number[] = [];
    for (const { id } of treeEdges) {
      const r = await sessions[0]!.post(`/api/contacts/${id}/decision`, { decision: 'dismiss' });
      if (r.status !== 200) throw new Error(`dismiss: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      dismissals.push(r.ms);
    }

    // From scratch: the whole component, the same rules, compared with every stored row.
    const { people, edges } = await loadComponent(db, [seed0!.id], DISEASE);
    const expected = computeDegrees(await seedsOf(db, people, DISEASE), edges);
    const stored = await queryRows<{
      person_id: string;
      degree: number | null;
      proposed_degree: number | null;
    }>(
      db,
      sql`select person_id, degree, proposed_degree from person_epi_status where disease_code = ${DISEASE}`,
    );
    const byId = new Map(stored.map((r) => [r.person_id, r]));
    let mismatches = 0;
    for (const id of people) {
      const e = expected.get(id);
      const s = byId.get(id);
      if (
        (s?.degree ?? null) !== (e?.degree ?? null) ||
        (s?.proposed_degree ?? null) !== (e?.proposedDegree ?? null)
      )
        mismatches++;
    }
    const metrics = {
      degree_mismatches: mismatches,
      people_compared: people.length,
      confirm_p50_ms: round(percentile(latencies, 50), 1),
      confirm_p95_ms: round(percentile(latencies, 95), 1),
      confirm_p99_ms: round(percentile(latencies, 99), 1),
      confirms_per_s: round(latencies.length / wallSeconds, 1),
      warmup_p95_ms: warm ? round(percentile(warm.latencies, 95), 1) : 0,
      confirm_alone_p50_ms: round(percentile(serial, 50), 1),
      confirm_alone_p95_ms: round(percentile(serial, 95), 1),
      statements_per_confirm: round(serialStatements.count / SERIAL, 1),
      statements_in_lock_per_confirm: round(inLock.statements / Math.max(inLock.transactions, 1), 2),
      confirm_alone_node_cpu_ms: round((serialCpu.node * 1000) / SERIAL, 1),
      confirm_alone_pg_cpu_ms: round((serialCpu.pg * 1000) / SERIAL, 1),
      confirm_node_cpu_ms: round((concurrentCpu.node * 1000) / Math.max(latencies.length, 1), 1),
      confirm_pg_cpu_ms: round((concurrentCpu.pg * 1000) / Math.max(latencies.length, 1), 1),
      dismiss_alone_p50_ms: round(percentile(dismissals, 50), 1),
      full_recompute_ms: round(fullMs, 0),
      load_seconds: round(loadSeconds, 1),
      load_avg_1m: round(loadavg()[0] ?? 0, 2),
    };
    say(`${serial.length} confirmations by one tracer alone: p50 ${metrics.confirm_alone_p50_ms} ms`);
    say(`${dismissals.length} dismissals by one tracer alone: p50 ${metrics.dismiss_alone_p50_ms} ms`);
    say(
      `${latencies.length} confirmations by ${tracers} tracers: p50 ${metrics.confirm_p50_ms} ms, ` +
        `p95 ${metrics.confirm_p95_ms} ms, p99 ${metrics.confirm_p99_ms} ms, ${metrics.confirms_per_s}/s; ` +
        `${metrics.statements_in_lock_per_confirm} statements from the first graph/person lock to commit`,
    );
    say(
      `degree_mismatches = ${mismatches} of ${people.length} people (target 0); load average ${metrics.load_avg_1m}`,
    );
    const path = writeResult({
      name: 'degrees',
      params: {
        people: n,
        seeds: seedCount,
        tracers,
        perTracer,
        paceMs,
        warmup,
        clients,
        pool,
        offeredPerS: paceMs > 0 ? round((tracers * 1000) / paceMs, 1) : 'closed loop, no think time',
        database: 'postgres',
      },
      metrics,
    });
    say(`wrote ${path}`);
  } finally {
    await app.close();
    await database.close();
  }
}

runBench(main);
