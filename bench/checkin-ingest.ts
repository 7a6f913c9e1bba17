/**
 * checkin-ingest: how many check-ins per second the real server sustains with p99 ≤ 50 ms, under
 * the conditions of a real province.
 *
 *   npm run bench -- checkin-ingest [--step-seconds 5] [--warmup 3] [--citizen-share 0.7]
 *        [--citizens 200000] [--venues 100] [--pool 20] [--rounds 2] [--start-rate 50]
 *        [--max-rate 40000] [--bisect 3] [--sockets 256] [--pglite-step-seconds 3]
 *        [--step-warmup-ms 1000] [--min-samples 1000] [--confirm 1]
 *
 * Conditions (issue #11, "benchmarks under real conditions"):
 * - **A realistic mix.** `--citizen-share` of the arrivals (default 70 %) are signed-in citizens
 *   checking in with their session (`POST /api/me/checkins`: the session lookup, the household
 *   rule, the check-in); the rest are guests (`POST /api/checkin/:token/guest`), each a new phone.
 * - **Production rate limits behind a proxy.** The server runs with the rate limits as configured
 *   by default (`RATE_LIMIT_PER_IP`, `RATE_LIMIT_PER_USER` unset) and `TRUST_PROXY=1`; every phone
 *   has its own address in `X-Forwarded-For`, as the province's reverse proxy would send it. A 429
 *   is a failed request.
 * - **Open loop.** A separate load-generator process (`bench/load/openloop.ts`) schedules arrivals
 *   at a fixed rate and counts each latency from its scheduled time (no coordinated omission).
 *   A rate passes when p99 ≤ 50 ms and at most 0.1 % of requests fail; the capacity is the highest
 *   passing rate, found by doubling from `--start-rate` and then bisecting `--bisect` times.
 * - **A step measures the rate, not the generator's start.** Each step is a fresh generator
 *   process: its first requests pay the process's JIT and one TCP connect per socket, which at a
 *   low rate made the p99 of a 125-request step (its second-worst request) fail a rate the server
 *   carried easily (a hello-world "failed" at 25/s, and one run's ratio was 0.013). So each step
 *   first offers `--step-warmup-ms` of the same load over the same sockets, unmeasured (its
 *   check-ins are acknowledged and counted as stored); it lasts long enough for `--min-samples`
 *   measured requests (a p99 of at least ten requests); and a failing rate is run `--confirm`
 *   more times and fails only if every run fails (a shared machine's stall is not a capacity).
 * - **CPU per request.** Each step reads the CPU time (`/proc/<pid>/stat`) of the server process
 *   and of the PostgreSQL backends serving the bench database, and reports CPU ms per request at
 *   the capacity — the figure that means something on a loaded machine, where rates do not.
 * - **Baseline alongside.** The same search against a bare Fastify hello-world on the same machine
 *   with the server's HTTP settings (`TRUST_PROXY`, body limit, router options; test/checkin/hello.ts),
 *   in rounds alternating with the server's (`baseline_ratio` = server / hello-world capacity, the
 *   figure that survives a shared machine's noise; `load_avg_1m` records the load).
 * - **Durable.** Every acknowledged check-in must be in the database afterwards (PostgreSQL commits
 *   with synchronous_commit on); the same search on embedded PGlite gives `pglite_checkins_per_s`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { ensurePartitions } from '../packages/server/src/checkin/partitions.ts';
import { newVenueToken } from '../packages/server/src/checkin/venues.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { spawnServer } from '../packages/server/test/checkin/loadgen.ts';
import type { SpawnedServer } from '../packages/server/test/checkin/loadgen.ts';
import { backendPids, cpuBetween, cpuOf } from './load/cpu.ts';
import type { OpenLoopResult, OpenLoopSpec } from './load/openloop.ts';
import {
  REPO_ROOT,
  benchDatabase,
  checkKnownArgs,
  freePort,
  median,
  numberArg,
  parseArgs,
  percentile,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';

const P99_TARGET_MS = 50;
const MAX_FAILURE_SHARE = 0.001;

/** Run the open-loop generator as its own process and read its result. */
function openLoopProcess(spec: OpenLoopSpec): Promise<OpenLoopResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench/load/openloop.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, OPENLOOP_SPEC: JSON.stringify(spec) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited ${code}`));
      else resolve(JSON.parse(out) as OpenLoopResult);
    });
  });
}

/** Venues (approved, with tokens) and today's partitions in a prepared database. */
async function seedVenues(database: Database, count: number): Promise<string[]> {
  await ensurePartitions(database.db, { from: new Date(Date.now() - 86_400_000), days: 3 });
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const [v] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into venues (name, type, address, province_code, district_code, commune_code, status)
        values (${`Điểm thử ${i}`}, 'shop', 'Ấp 1', '83', '829', '28756', 'approved') returning id`,
    );
    const token = newVenueToken();
    await database.db.execute(sql`insert into venue_tokens (token, venue_id) values (${token}, ${v!.id})`);
    tokens.push(token);
  }
  return tokens;
}

/**
 * Citizens 0..n-1 with a live session each: a registry person (an adult, alone in no household),
 * a citizen account bound to them, and a session whose token is `citizenToken(k)` (stored hashed).
 */
async function seedCitizens(database: Database, n: number): Promise<void> {
  await database.db.execute(sql`
    with made as (
      insert into persons (full_name, name_key, date_of_birth, phone, province_code, district_code, commune_code, source)
      select 'Công Dân ' || k, 'cong dan ' || k, date '1980-01-01' + (k % 9000), '08' || lpad(k::text, 8, '0'),
             '83', '829', '28756', 'bench'
      from generate_series(0, ${n - 1}) k
      returning id, phone),
    accounts as (
      insert into citizens (phone, person_id, verified_at, verified_by) select phone, id, now(), 'identity' from made returning id, phone)
    insert into citizen_sessions (token_hash, citizen_id, expires_at)
    select encode(sha256(convert_to('bench-citizen-' || (substring(phone from 3)::int)::text, 'UTF8')), 'hex'),
           id, now() + interval '12 hours'
    from accounts`);
}

interface Step {
  rate: number;
  pass: boolean;
  p50: number;
  p99: number;
  ok: number;
  failures: number;
  statuses: Record<string, number>;
  maxSendLagMs: number;
  /** Warm-up check-ins acknowledged (stored, not measured). */
  warmupOk: number;
  /** CPU ms per request sent in the step (warm-up included) of the server process / its database backends. */
  serverCpuMs: number | null;
  dbCpuMs: number | null;
  /** CPU ms per request sent of the load generator process (warm-up included). */
  generatorCpuMs: number;
}

/** The processes whose CPU a step reads: the server's, and the database backends serving it. */
interface Processes {
  server: number | undefined;
  database?: () => Promise<number[]>;
}

interface Cursor {
  citizen: number;
  guest: number;
}

interface SearchOptions {
  tokens: string[];
  citizenShare: number;
  citizenCount: number;
  stepSeconds: number;
  warmup: number;
  startRate: number;
  maxRate: number;
  bisect: number;
  sockets: number;
  stepWarmupMs: number;
  minSamples: number;
  confirm: number;
  processes: Processes;
}

/** One fixed-rate step. `cursor` advances past the phones used, so no check-in repeats. */
async function step(
  url: string,
  rate: number,
  seconds: number,
  o: SearchOptions,
  cursor: Cursor,
): Promise<Step> {
  const durationMs = Math.max(seconds * 1000, Math.ceil((o.minSamples * 1000) / rate));
  const serverPids = o.processes.server === undefined ? [] : [o.processes.server];
  const dbBefore = o.processes.database ? cpuOf(await o.processes.database()) : null;
  const serverBefore = cpuOf(serverPids);
  const r = await openLoopProcess({
    url,
    rate,
    durationMs,
    warmupMs: o.stepWarmupMs,
    venueTokens: o.tokens,
    citizenShare: o.citizenShare,
    citizenStart: cursor.citizen,
    citizenCount: o.citizenCount,
    guestStart: cursor.guest,
    sockets: o.sockets,
    timeoutMs: 10_000,
  });
  const serverCpu = serverPids.length > 0 ? cpuBetween(serverBefore, cpuOf(serverPids)) : null;
  const dbCpu =
    dbBefore && o.processes.database ? cpuBetween(dbBefore, cpuOf(await o.processes.database())) : null;
  const sent = r.citizens + r.guests;
  cursor.citizen += r.citizens;
  cursor.guest += r.guests;
  const failures = r.scheduled - r.ok;
  const p99 = percentile(r.latencies, 99);
  return {
    rate,
    pass: p99 <= P99_TARGET_MS && failures <= r.scheduled * MAX_FAILURE_SHARE,
    p50: median(r.latencies),
    p99,
    ok: r.ok,
    failures,
    statuses: r.statuses,
    maxSendLagMs: r.maxSendLagMs,
    warmupOk: r.warmupOk,
    serverCpuMs: serverCpu === null ? null : serverCpu / sent,
    dbCpuMs: dbCpu === null ? null : dbCpu / sent,
    generatorCpuMs: r.cpuMs / sent,
  };
}

/**
 * The step at the capacity; when no rate passed (a machine too loaded for p99 ≤ 50 ms at any rate)
 * a capacity of 0 with the lowest rate's figures, so its CPU per request is still reported.
 */
function atCapacity(c: { best: Step | null; steps: Step[] }): Step {
  if (c.best) return c.best;
  const lowest = [...c.steps].sort((a, b) => a.rate - b.rate)[0]!;
  return { ...lowest, rate: 0 };
}

/** The highest arrival rate that passes: double until one fails, then bisect. */
async function capacity(url: string, label: string, o: SearchOptions, cursor: Cursor) {
  const steps: Step[] = [];
  const once = async (rate: number) => {
    const s = await step(url, rate, o.stepSeconds, o, cursor);
    steps.push(s);
    const cpu = `CPU/request ${s.serverCpuMs === null ? '?' : round(s.serverCpuMs, 3)} ms${s.dbCpuMs === null ? '' : ` + database ${round(s.dbCpuMs, 3)} ms`} (generator ${round(s.generatorCpuMs, 3)} ms)`;
    say(
      `    ${label} ${rate}/s: p50 ${round(s.p50)} ms, p99 ${round(s.p99)} ms, ${s.failures} failed ${JSON.stringify(s.statuses)}, generator lag ≤ ${round(s.maxSendLagMs)} ms, ${cpu} → ${s.pass ? 'pass' : 'fail'}`,
    );
    return s;
  };
  // A failing rate is run again (`confirm` times): it fails only if every run fails.
  const run = async (rate: number) => {
    let s = await once(rate);
    for (let c = 0; c < o.confirm && !s.pass; c++) s = await once(rate);
    return s;
  };
  // The server's own warm-up (JIT, pool connections), unmeasured; its check-ins are stored too.
  if (o.warmup > 0) await step(url, o.startRate, o.warmup, { ...o, minSamples: 0, stepWarmupMs: 0 }, cursor);
  let best: Step | null = null;
  let failedAt: number | null = null;
  for (let rate = o.startRate; failedAt === null && rate <= o.maxRate; rate *= 2) {
    const s = await run(rate);
    if (s.pass) best = s;
    else failedAt = rate;
  }
  let lo = best?.rate ?? 0;
  let hi = failedAt ?? o.maxRate;
  for (let b = 0; b < o.bisect && failedAt !== null && hi - lo > Math.max(10, lo * 0.05); b++) {
    const mid = Math.round((lo + hi) / 2);
    const s = await run(mid);
    if (s.pass) {
      best = s;
      lo = mid;
    } else hi = mid;
  }
  return { best, steps, ok: steps.reduce((n, s) => n + s.ok + s.warmupOk, 0) };
}

/** Servers this run started: killed when the run ends, however it ends (a failure left them running). */
const children: SpawnedServer[] = [];
process.on('exit', () => {
  for (const c of children)
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
});
async function spawnOwned(options: Parameters<typeof spawnServer>[0]): Promise<SpawnedServer> {
  const s = await spawnServer(options);
  children.push(s);
  return s;
}

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, [
    'step-seconds',
    'warmup',
    'citizen-share',
    'citizens',
    'venues',
    'pool',
    'rounds',
    'start-rate',
    'max-rate',
    'bisect',
    'sockets',
    'pglite-step-seconds',
    'step-warmup-ms',
    'min-samples',
    'confirm',
  ]);
  const stepSeconds = numberArg(args, 'step-seconds', 5);
  const citizenShare = numberArg(args, 'citizen-share', 0.7);
  const citizenCount = numberArg(args, 'citizens', 200_000);
  const venueCount = numberArg(args, 'venues', 100);
  const pool = numberArg(args, 'pool', 20);
  const rounds = numberArg(args, 'rounds', 2);
  const pgliteStepSeconds = numberArg(args, 'pglite-step-seconds', 3);
  const search = {
    citizenShare,
    citizenCount,
    stepSeconds,
    warmup: numberArg(args, 'warmup', 3),
    startRate: numberArg(args, 'start-rate', 50),
    maxRate: numberArg(args, 'max-rate', 40_000),
    bisect: numberArg(args, 'bisect', 3),
    sockets: numberArg(args, 'sockets', 256),
    stepWarmupMs: numberArg(args, 'step-warmup-ms', 1000),
    minSamples: numberArg(args, 'min-samples', 1000),
    confirm: numberArg(args, 'confirm', 1),
  };
  if (citizenShare < 0 || citizenShare > 1) throw new Error('--citizen-share must be between 0 and 1');
  // The production limits, as configured by default: the bench does not raise them.
  const limits = loadConfig({ DEMO: 'false', LOG_LEVEL: 'silent' }).rateLimit;
  const serverEnv = { PROVINCE_CODE: '83', DEMO: 'false', LOG_LEVEL: 'warn', TRUST_PROXY: '1' };

  // 1. PostgreSQL, alternating with the hello-world baseline.
  const target = await benchDatabase('ingest', { fresh: true });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
  await prepareDatabase(
    database,
    loadConfig({ DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent', PROVINCE_CODE: '83' }),
  );
  const tokens = await seedVenues(database, venueCount);
  say(`seeding ${citizenCount} signed-in citizens…`);
  await seedCitizens(database, citizenCount);
  await database.db.execute(sql`analyze`);
  let server = await spawnOwned({
    port: await freePort(),
    env: { ...serverEnv, DATABASE_URL: target.url, DB_POOL_SIZE: String(pool) },
  });
  const hello = await spawnOwned({
    port: await freePort(),
    // The same HTTP settings as the server: the proxy hop count reads the same X-Forwarded-For.
    env: { TRUST_PROXY: serverEnv.TRUST_PROXY },
    script: join(REPO_ROOT, 'packages/server/test/checkin/hello.ts'),
  });
  const o: SearchOptions = {
    ...search,
    tokens,
    processes: { server: server.proc.pid, database: () => backendPids(database.db) },
  };
  const helloOptions: SearchOptions = { ...o, processes: { server: hello.proc.pid } };
  const cursor: Cursor = { citizen: 0, guest: 0 };
  const helloCursor: Cursor = { citizen: 0, guest: 50_000_000 };
  const serverBest: Step[] = [];
  const helloBest: Step[] = [];
  const ratios: number[] = [];
  const loads: number[] = [];
  let acknowledged = 0;
  for (let r = 0; r < rounds; r++) {
    loads.push(loadavg()[0]!);
    say(`round ${r + 1}/${rounds} (load average ${loads[r]!.toFixed(2)}):`);
    const c = await capacity(server.url, 'server', o, cursor);
    const h = await capacity(hello.url, 'hello-world', helloOptions, helloCursor);
    acknowledged += c.ok;
    const cAt = atCapacity(c);
    const hAt = atCapacity(h);
    serverBest.push(cAt);
    helloBest.push(hAt);
    ratios.push(hAt.rate > 0 ? cAt.rate / hAt.rate : 0);
    say(
      `  capacity: server ${cAt.rate}/s, hello-world ${hAt.rate}/s, ratio ${round(ratios[r]!, 3)}${cAt.rate === 0 || hAt.rate === 0 ? ' (no rate passed: the machine is too loaded to measure capacity; the CPU per request still holds)' : ''}`,
    );
  }
  await server.stop();
  await hello.stop();
  if (cursor.citizen > citizenCount)
    throw new Error(`more check-ins than citizens: raise --citizens above ${cursor.citizen}`);
  // Warm-up steps were acknowledged too: count every check-in row against every 2xx.
  const [stored] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from checkins`);
  await database.close();
  const medianOf = (steps: Step[]) =>
    [...steps].sort((a, b) => a.rate - b.rate)[Math.floor((steps.length - 1) / 2)]!;
  const pgAt = medianOf(serverBest);
  const helloAt = medianOf(helloBest);
  say(
    `  ${stored!.n} check-ins stored (${acknowledged} acknowledged in the steps, plus the first warm-up's)`,
  );
  if (stored!.n < acknowledged)
    throw new Error(`acknowledged ${acknowledged} check-ins but only ${stored!.n} are stored`);

  // 2. Embedded PGlite (one process owns the data folder).
  const dataDir = mkdtempSync(join(tmpdir(), 'epilink-ingest-'));
  let pglite: Step | null = null;
  try {
    const embedded = await openDatabase({ kind: 'pglite', dataDir });
    await prepareDatabase(
      embedded,
      loadConfig({ DEMO: 'false', DATA_DIR: dataDir, LOG_LEVEL: 'silent', PROVINCE_CODE: '83' }),
    );
    const pgliteTokens = await seedVenues(embedded, venueCount);
    await seedCitizens(embedded, 50_000);
    // Statistics before the server starts, as on PostgreSQL (else its first requests plan without them).
    await embedded.db.execute(sql`analyze`);
    await embedded.close();
    server = await spawnOwned({
      port: await freePort(),
      env: { ...serverEnv, DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    const p = await capacity(
      server.url,
      'PGlite',
      {
        ...o,
        tokens: pgliteTokens,
        citizenCount: 50_000,
        startRate: 50,
        stepSeconds: pgliteStepSeconds,
        bisect: 2,
        processes: { server: server.proc.pid },
      },
      { citizen: 0, guest: 0 },
    );
    pglite = atCapacity(p);
    await server.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const metrics = {
    checkins_per_s: pgAt.rate,
    // 0 when no rate passed (all figures then come from the lowest rate tried).
    capacity_found: pgAt.rate > 0 && helloAt.rate > 0 ? 1 : 0,
    p50_ms: round(pgAt.p50),
    p99_ms: round(pgAt.p99),
    baseline_hello_per_s: helloAt.rate,
    baseline_ratio: helloAt.rate > 0 ? round(pgAt.rate / helloAt.rate, 3) : 0,
    baseline_ratio_median_round: round(median(ratios), 3),
    load_avg_1m: round(median(loads), 2),
    pglite_checkins_per_s: pglite?.rate ?? 0,
    pglite_p99_ms: round(pglite?.p99 ?? 0),
    // CPU per check-in at the capacity: the server process, the PostgreSQL backends serving it
    // (WAL writer and checkpointer not included), the hello-world's, and PGlite's (in-process).
    server_cpu_ms_per_checkin: round(pgAt.serverCpuMs ?? 0, 3),
    db_cpu_ms_per_checkin: round(pgAt.dbCpuMs ?? 0, 3),
    hello_cpu_ms_per_request: round(helloAt.serverCpuMs ?? 0, 3),
    // The load generator's own CPU per request it sent, at the server's and the hello-world's capacity.
    generator_cpu_ms_per_checkin: round(pgAt.generatorCpuMs, 3),
    generator_cpu_ms_per_hello: round(helloAt.generatorCpuMs, 3),
    pglite_cpu_ms_per_checkin: round(pglite?.serverCpuMs ?? 0, 3),
    acknowledged,
    citizen_share: citizenShare,
    rate_limit_per_ip_per_minute: limits.perIpPerMinute,
  };
  say(
    `capacity at p99 ≤ ${P99_TARGET_MS} ms: ${metrics.checkins_per_s}/s (ratio to hello-world ${metrics.baseline_ratio}, median round ${metrics.baseline_ratio_median_round}; target ≥ 0.5); PGlite ${metrics.pglite_checkins_per_s}/s`,
  );
  const path = writeResult({
    name: 'checkin-ingest',
    params: {
      stepSeconds,
      citizenShare,
      citizens: citizenCount,
      venues: venueCount,
      pool,
      rounds,
      startRate: search.startRate,
      bisect: search.bisect,
      sockets: search.sockets,
      pgliteStepSeconds,
      stepWarmupMs: search.stepWarmupMs,
      minSamples: search.minSamples,
      confirm: search.confirm,
      trustProxy: 1,
      arrival: 'open-loop',
      database: 'postgres',
    },
    metrics,
  });
  say(`wrote ${path}`);
}

runBench(main);
