/**
 * checkin-floor: how far issue #11's target (`checkins_per_s` ≥ 0.5 of the hello-world baseline)
 * is from what the rules themselves cost on this machine.
 *
 *   npm run bench -- checkin-floor [--rounds 2] [--citizens 200000] [--venues 100] [--product 1]
 *        [--step-seconds 5] [--start-rate 400] [--bisect 3] [--sockets 256] [--pool 4]
 *
 * The same capacity search as `checkin-ingest` (open loop, 70 % signed-in citizens with their
 * session, 30 % guests, `TRUST_PROXY=1`, p99 ≤ 50 ms, a settled 200,000-citizen seed), in rounds
 * that alternate three servers on one seeded database:
 * - **floor** (`bench/load/checkin-floor-server.ts`): the server's HTTP settings and only the work
 *   the rules make a check-in do, in one batched statement per moment (session of a verified
 *   binding, idle and absolute expiry, touch, person, venue, open-stay probe, indexed insert,
 *   durable commit; the guest's check-out HMAC) — no route chain, validation, rate limits, headers
 *   or logs;
 * - **product** (`npm start`'s server, as `checkin-ingest` runs it; `--product 0` skips it);
 * - **hello-world** (test/checkin/hello.ts), the baseline.
 * `floor_ratio` = floor / hello-world capacity (median over rounds): the best ratio this design of
 * the data (a session read from the database, a check-in row with the indexes the overlap search
 * and idempotency need, a synchronous commit) can reach here, whatever the code around it.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DB_POOL_SIZE } from '../packages/server/src/config.ts';
import { atCapacity, capacity, medianStep, spawnOwned } from './load/capacity.ts';
import type { Cursor, SearchOptions, Step } from './load/capacity.ts';
import { backendPids, databaseTransactions } from './load/cpu.ts';
import { seededIngestDatabase } from './load/ingest-seed.ts';
import { keepSessionsLive } from './load/sessions.ts';
import {
  REPO_ROOT,
  checkKnownArgs,
  freePort,
  median,
  numberArg,
  parseArgs,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, [
    'rounds',
    'citizens',
    'venues',
    'product',
    'step-seconds',
    'start-rate',
    'bisect',
    'sockets',
    'pool',
  ]);
  const rounds = numberArg(args, 'rounds', 2);
  const citizenCount = numberArg(args, 'citizens', 200_000);
  const venueCount = numberArg(args, 'venues', 100);
  const withProduct = numberArg(args, 'product', 1) === 1;
  const pool = numberArg(args, 'pool', DEFAULT_DB_POOL_SIZE);
  const search = {
    p99TargetMs: 50,
    citizenShare: 0.7,
    citizenCount,
    stepSeconds: numberArg(args, 'step-seconds', 5),
    warmup: 3,
    startRate: numberArg(args, 'start-rate', 400),
    maxRate: 40_000,
    bisect: numberArg(args, 'bisect', 3),
    sockets: numberArg(args, 'sockets', 256),
    stepWarmupMs: 1000,
    minSamples: 1000,
    confirm: 1,
    settleMaxMs: 30_000,
  };
  const { url, database, tokens } = await seededIngestDatabase('ingestfloor', venueCount, citizenCount);
  const dbEnv = { DATABASE_URL: url, DB_POOL_SIZE: String(pool), TRUST_PROXY: '1' };
  const floor = await spawnOwned({
    port: await freePort(),
    env: dbEnv,
    script: join(REPO_ROOT, 'bench/load/checkin-floor-server.ts'),
  });
  const product = withProduct
    ? await spawnOwned({
        port: await freePort(),
        env: { ...dbEnv, PROVINCE_CODE: '83', DEMO: 'false', LOG_LEVEL: 'warn' },
      })
    : null;
  const hello = await spawnOwned({
    port: await freePort(),
    env: { TRUST_PROXY: '1' },
    script: join(REPO_ROOT, 'packages/server/test/checkin/hello.ts'),
  });
  const withDb = (pid: number | undefined): SearchOptions => ({
    ...search,
    tokens,
    processes: {
      server: pid,
      database: () => backendPids(database.db),
      transactions: () => databaseTransactions(database.db),
    },
    beforeStep: keepSessionsLive(database, citizenCount),
  });
  // One cursor for the servers on the seeded database: no citizen or phone is used twice in a pass.
  const cursor: Cursor = { citizen: 0, guest: 0 };
  const helloCursor: Cursor = { citizen: 0, guest: 50_000_000 };
  const best = { floor: [] as Step[], product: [] as Step[], hello: [] as Step[] };
  const ratios = { floor: [] as number[], product: [] as number[] };
  const loads: number[] = [];
  for (let r = 0; r < rounds; r++) {
    loads.push(loadavg()[0]!);
    say(`round ${r + 1}/${rounds} (load average ${loads[r]!.toFixed(2)}):`);
    const f = atCapacity(await capacity(floor.url, 'floor', withDb(floor.proc.pid), cursor));
    const p = product
      ? atCapacity(await capacity(product.url, 'product', withDb(product.proc.pid), cursor))
      : null;
    const h = atCapacity(
      await capacity(
        hello.url,
        'hello-world',
        { ...search, tokens, processes: { server: hello.proc.pid } },
        helloCursor,
      ),
    );
    best.floor.push(f);
    if (p) best.product.push(p);
    best.hello.push(h);
    ratios.floor.push(h.rate > 0 ? f.rate / h.rate : 0);
    if (p) ratios.product.push(h.rate > 0 ? p.rate / h.rate : 0);
    say(
      `  capacity: floor ${f.rate}/s, ${p ? `product ${p.rate}/s, ` : ''}hello-world ${h.rate}/s — floor ratio ${round(ratios.floor[r]!, 3)}${p ? `, product ratio ${round(ratios.product[r]!, 3)}` : ''}`,
    );
  }
  await floor.stop();
  await product?.stop();
  await hello.stop();
  await database.close();
  const f = medianStep(best.floor);
  const h = medianStep(best.hello);
  const p = product ? medianStep(best.product) : null;
  const cpu = (s: Step | null, key: 'serverCpuMs' | 'dbCpuMs' | 'generatorCpuMs') => round(s?.[key] ?? 0, 3);
  const metrics = {
    floor_checkins_per_s: f.rate,
    product_checkins_per_s: p?.rate ?? 0,
    baseline_hello_per_s: h.rate,
    floor_ratio: round(median(ratios.floor), 3),
    product_ratio: round(median(ratios.product), 3),
    floor_server_cpu_ms_per_checkin: cpu(f, 'serverCpuMs'),
    floor_db_cpu_ms_per_checkin: cpu(f, 'dbCpuMs'),
    floor_generator_cpu_ms_per_checkin: cpu(f, 'generatorCpuMs'),
    product_server_cpu_ms_per_checkin: cpu(p, 'serverCpuMs'),
    product_db_cpu_ms_per_checkin: cpu(p, 'dbCpuMs'),
    product_generator_cpu_ms_per_checkin: cpu(p, 'generatorCpuMs'),
    hello_cpu_ms_per_request: cpu(h, 'serverCpuMs'),
    generator_cpu_ms_per_hello: cpu(h, 'generatorCpuMs'),
    load_avg_1m: round(median(loads), 2),
  };
  say(
    `floor ${metrics.floor_checkins_per_s}/s (ratio ${metrics.floor_ratio}), product ${metrics.product_checkins_per_s}/s (ratio ${metrics.product_ratio}), hello-world ${metrics.baseline_hello_per_s}/s; target ratio ≥ 0.5`,
  );
  say(
    `wrote ${writeResult({ name: 'checkin-floor', params: { rounds, citizens: citizenCount, venues: venueCount, pool, ...search, trustProxy: 1, citizenShare: 0.7 }, metrics })}`,
  );
}

runBench(main);
