/**
 * checkin-ingest: sustained durable check-ins per second through the HTTP API.
 *
 *   npm run bench -- checkin-ingest [--seconds 20] [--warmup 5] [--concurrency 64] [--venues 100]
 *                                   [--pglite-seconds 10] [--pool 20] [--rounds 4]
 *
 * The real server (`packages/server/src/main.ts`, PostgreSQL in `epilink_bench_ingest`) runs as
 * its own process; a separate load-generator process (keep-alive HTTP, fixed concurrency) posts
 * guest check-ins — each a new visitor — for the measured time; 2xx answers are acknowledged
 * check-ins and the database must hold exactly that many rows afterwards (durable: PostgreSQL
 * commits with synchronous_commit on). The same load against a bare Fastify hello-world gives the
 * baseline, measured in rounds alternating with the server's (a shared machine's load changes
 * within a minute; `baseline_ratio_median_round` compares the two under the same load, and
 * `load_avg_1m` records it); the same load against the server on embedded PGlite gives
 * `pglite_checkins_per_s`.
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
import type { LoadSpec } from '../packages/server/test/checkin/loadgen.ts';
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

interface LoadOutput {
  seconds: number;
  total: number;
  ok: number;
  statuses: Record<string, number>;
  okMs: number[];
}

/** Run the load generator as its own process (same machine) and read its summary. */
function loadProcess(spec: LoadSpec): Promise<LoadOutput> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [join(REPO_ROOT, 'packages/server/test/checkin/loadgen.ts')],
      { env: { ...process.env, LOADGEN_SPEC: JSON.stringify(spec) }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited ${code}`));
      else resolve(JSON.parse(out) as LoadOutput);
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

const BODY = '{"phone":"09{p8}","fullName":"Khách Thử Tải"}';

async function measure(
  url: string,
  tokens: string[],
  concurrency: number,
  warmupS: number,
  seconds: number,
  offset: number,
) {
  const paths = tokens.map((t) => `/api/checkin/${t}/guest`);
  if (warmupS > 0)
    await loadProcess({
      url,
      concurrency,
      durationMs: warmupS * 1000,
      paths,
      bodyTemplate: BODY,
      offset: offset + 50_000_000,
    });
  const r = await loadProcess({
    url,
    concurrency,
    durationMs: seconds * 1000,
    paths,
    bodyTemplate: BODY,
    offset,
  });
  return {
    perS: r.ok / r.seconds,
    p50: median(r.okMs),
    p99: percentile(r.okMs, 99),
    ok: r.ok,
    total: r.total,
    statuses: r.statuses,
    okMs: r.okMs,
    seconds: r.seconds,
  };
}

/**
 * The PostgreSQL server and the hello-world baseline measured in alternating rounds (the same
 * load generator, `seconds / rounds` each), so that each round's ratio compares the two under the
 * same machine load: on a shared machine the load changes within a minute.
 */
async function interleaved(
  checkinUrl: string,
  helloUrl: string,
  tokens: string[],
  concurrency: number,
  warmupS: number,
  seconds: number,
  rounds: number,
) {
  await measure(helloUrl, tokens, concurrency, 0, Math.min(warmupS, 3), 90_000_000);
  await measure(checkinUrl, tokens, concurrency, 0, warmupS, 50_000_000);
  const per = seconds / rounds;
  const pg = { ok: 0, total: 0, seconds: 0, okMs: [] as number[], statuses: {} as Record<string, number> };
  const hello = { ok: 0, seconds: 0, okMs: [] as number[] };
  const ratios: number[] = [];
  const loads: number[] = [];
  for (let r = 0; r < rounds; r++) {
    loads.push(loadavg()[0]!);
    const c = await measure(checkinUrl, tokens, concurrency, 0, per, r * 10_000_000);
    const h = await measure(helloUrl, tokens, concurrency, 0, per, 0);
    pg.ok += c.ok;
    pg.total += c.total;
    pg.seconds += c.seconds;
    pg.okMs.push(...c.okMs);
    for (const [k, v] of Object.entries(c.statuses)) pg.statuses[k] = (pg.statuses[k] ?? 0) + v;
    hello.ok += h.ok;
    hello.seconds += h.seconds;
    hello.okMs.push(...h.okMs);
    ratios.push(c.perS / h.perS);
    say(
      `  round ${r + 1}/${rounds} (load average ${loads[r]!.toFixed(2)}): ${round(c.perS, 0)} check-ins/s (p99 ${round(c.p99)} ms), hello-world ${round(h.perS, 0)} req/s, ratio ${round(c.perS / h.perS, 3)}`,
    );
  }
  return {
    pg: {
      perS: pg.ok / pg.seconds,
      p50: median(pg.okMs),
      p99: percentile(pg.okMs, 99),
      ok: pg.ok,
      total: pg.total,
      statuses: pg.statuses,
    },
    hello: { perS: hello.ok / hello.seconds, p50: median(hello.okMs), p99: percentile(hello.okMs, 99) },
    ratio: median(ratios),
    load: median(loads),
  };
}

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, ['seconds', 'warmup', 'concurrency', 'venues', 'pglite-seconds', 'pool', 'rounds']);
  const seconds = numberArg(args, 'seconds', 20);
  const warmup = numberArg(args, 'warmup', 5);
  const concurrency = numberArg(args, 'concurrency', 64);
  const venueCount = numberArg(args, 'venues', 100);
  const pgliteSeconds = numberArg(args, 'pglite-seconds', 10);
  const pool = numberArg(args, 'pool', 20);
  const rounds = numberArg(args, 'rounds', 4);
  const serverEnv = {
    PROVINCE_CODE: '83',
    DEMO: 'false',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_IP: '1000000000',
  };

  // 1. PostgreSQL.
  const target = await benchDatabase('ingest', { fresh: true });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
  await prepareDatabase(
    database,
    loadConfig({ DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent' }),
  );
  const tokens = await seedVenues(database, venueCount);
  let server = await spawnServer({
    port: await freePort(),
    env: { ...serverEnv, DATABASE_URL: target.url, DB_POOL_SIZE: String(pool) },
  });
  // 2. Baseline: bare Fastify hello-world, same load generator, in rounds alternating with 1.
  const helloServer = await spawnServer({
    port: await freePort(),
    env: {},
    script: join(REPO_ROOT, 'packages/server/test/checkin/hello.ts'),
  });
  say(
    `PostgreSQL: ${concurrency} concurrent guest check-ins for ${seconds} s (after ${warmup} s warm-up), in ${rounds} rounds alternating with the hello-world baseline…`,
  );
  const both = await interleaved(server.url, helloServer.url, tokens, concurrency, warmup, seconds, rounds);
  const { pg, hello } = both;
  await server.stop();
  await helloServer.stop();
  const [stored] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from checkins where guest_phone < '0950000000'`,
  );
  if (stored!.n !== pg.ok) throw new Error(`acknowledged ${pg.ok} check-ins but ${stored!.n} are stored`);
  say(
    `  ${round(pg.perS, 0)} check-ins/s, p50 ${round(pg.p50)} ms, p99 ${round(pg.p99)} ms; ${pg.ok} acknowledged = ${stored!.n} stored; statuses ${JSON.stringify(pg.statuses)}`,
  );
  await database.close();

  say(
    `baseline Fastify hello-world: ${round(hello.perS, 0)} req/s, p50 ${round(hello.p50)} ms, p99 ${round(hello.p99)} ms`,
  );

  // 3. Embedded PGlite (one process owns the data folder).
  const dataDir = mkdtempSync(join(tmpdir(), 'epilink-ingest-'));
  let pglite = { perS: 0, p50: 0, p99: 0, ok: 0 };
  try {
    const embedded = await openDatabase({ kind: 'pglite', dataDir });
    await prepareDatabase(
      embedded,
      loadConfig({ DEMO: 'false', DATA_DIR: dataDir, LOG_LEVEL: 'silent', PROVINCE_CODE: '83' }),
    );
    const pgliteTokens = await seedVenues(embedded, venueCount);
    await embedded.close();
    server = await spawnServer({
      port: await freePort(),
      env: { ...serverEnv, DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    pglite = await measure(server.url, pgliteTokens, 16, 3, pgliteSeconds, 0);
    await server.stop();
    say(
      `PGlite: ${round(pglite.perS, 0)} check-ins/s, p50 ${round(pglite.p50)} ms, p99 ${round(pglite.p99)} ms`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const metrics = {
    checkins_per_s: round(pg.perS, 0),
    p50_ms: round(pg.p50),
    p99_ms: round(pg.p99),
    baseline_hello_per_s: round(hello.perS, 0),
    baseline_ratio: round(pg.perS / hello.perS, 3),
    baseline_ratio_median_round: round(both.ratio, 3),
    load_avg_1m: round(both.load, 2),
    pglite_checkins_per_s: round(pglite.perS, 0),
    pglite_p99_ms: round(pglite.p99),
    acknowledged: pg.ok,
  };
  say(
    `targets: ≥ 5,000/s with p99 ≤ 50 ms → ${metrics.checkins_per_s}/s, p99 ${metrics.p99_ms} ms (ratio to hello-world ${metrics.baseline_ratio})`,
  );
  const path = writeResult({
    name: 'checkin-ingest',
    params: {
      seconds,
      warmup,
      concurrency,
      venues: venueCount,
      pool,
      rounds,
      pgliteSeconds,
      database: 'postgres',
    },
    metrics,
  });
  say(`wrote ${path}`);
}

runBench(main);
