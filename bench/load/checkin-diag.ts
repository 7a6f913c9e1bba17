/**
 * Where a check-in's latency goes at a given open-loop rate: the real server with `diag.mjs`
 * preloaded (event-loop delay, GC pauses, server-side request time, every batched statement's
 * duration, size and concurrency, per second) under the conditions of `checkin-ingest` (70 %
 * signed-in citizens, `TRUST_PROXY=1`, production limits, open loop), one fixed-rate step per rate
 * asked. Its own seeded database (`epilink_bench_ingestdiag`, kept: `--reseed` to make it again).
 *
 *   node --import tsx bench/load/checkin-diag.ts [--rates 2800,3200,3600] [--seconds 8]
 *        [--citizens 200000] [--venues 100] [--reseed] [--script packages/server/src/main.ts]
 *        [--env KEY=V,KEY=V] [--idle SECONDS] [--offset N]
 *
 * Prints per step: p50/p99 from the generator (latency from the scheduled time), CPU ms per
 * check-in (server, PostgreSQL, generator), and from the server's seconds in the step the
 * event-loop delay p99/max, GC, request p99/max, and per statement: batches/s, mean and max
 * items, p99/max duration, largest number in flight.
 */
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { prepareDatabase } from '../../packages/server/src/bootstrap.ts';
import { DEFAULT_DB_POOL_SIZE, loadConfig } from '../../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../../packages/server/src/db/client.ts';
import { REPO_ROOT, benchDatabase, freePort, numberArg, parseArgs, round, say } from '../lib.ts';
import { spawnOwned, step } from './capacity.ts';
import type { Cursor, SearchOptions } from './capacity.ts';
import { backendPids, cpuBetween, cpuOf, databaseTransactions } from './cpu.ts';
import { seedCitizens, seedVenues, settleSeed } from './ingest-seed.ts';
import { keepSessionsLive } from './sessions.ts';

interface StmtSecond {
  n: number;
  items: number;
  meanSize: number;
  maxSize: number;
  p50: number;
  p99: number;
  max: number;
  maxConcurrent: number;
}
interface Second {
  t: number;
  elu: number;
  cpuMs?: number;
  loop: { p50: number; p99: number; max: number };
  gc: { n: number; total: number; max: number; kind: Record<string, number> };
  heapMb: number;
  req: { n: number; p50: number; p99: number; max: number };
  stmt: Record<string, StmtSecond>;
  stage?: Record<string, { n: number; p50: number; p99: number; max: number }>;
}

async function main(): Promise<void> {
  const args = parseArgs();
  const rates = (args.get('rates') ?? '2800,3200,3600').split(',').filter(Boolean).map(Number);
  const seconds = numberArg(args, 'seconds', 8);
  const citizens = numberArg(args, 'citizens', 200_000);
  const venues = numberArg(args, 'venues', 100);
  const target = await benchDatabase('ingestdiag', { fresh: args.has('reseed') });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 2 });
  if (target.created || args.has('reseed')) {
    await prepareDatabase(
      database,
      loadConfig({ DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent', PROVINCE_CODE: '83' }),
    );
    await seedVenues(database, venues);
    say(`seeding ${citizens} citizens…`);
    await seedCitizens(database, citizens);
    await settleSeed(database);
  }
  const tokens = (
    await queryRows<{ token: string }>(
      database.db,
      sql`select token from venue_tokens where revoked_at is null`,
    )
  ).map((r) => r.token);
  const [done] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from checkins`);
  // `--offset`: two runs at once (an A/B side by side) use citizens and phones apart.
  const offset = numberArg(args, 'offset', 0);
  const cursor: Cursor = { citizen: done!.n + offset, guest: 1_000_000 + done!.n + offset };
  const diagFile = `/tmp/checkin-diag-${process.pid}.jsonl`;
  const extra = Object.fromEntries(
    (args.get('env') ?? '')
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  const server = await spawnOwned({
    port: await freePort(),
    script: resolve(args.get('script') ?? join(REPO_ROOT, 'packages/server/src/main.ts')),
    env: {
      PROVINCE_CODE: '83',
      DEMO: 'false',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '1',
      DATABASE_URL: target.url,
      DB_POOL_SIZE: String(DEFAULT_DB_POOL_SIZE),
      NODE_OPTIONS: `--import=${join(REPO_ROOT, 'bench/load/diag.mjs')}`,
      DIAG_FILE: diagFile,
      ...extra,
    },
  });
  const o: SearchOptions = {
    p99TargetMs: 50,
    tokens,
    citizenShare: 0.7,
    citizenCount: citizens,
    stepSeconds: seconds,
    warmup: 0,
    startRate: rates[0]!,
    maxRate: rates[0]!,
    bisect: 0,
    sockets: 256,
    stepWarmupMs: 1000,
    minSamples: 1000,
    confirm: 0,
    processes: {
      server: server.proc.pid,
      database: () => backendPids(database.db),
      transactions: () => databaseTransactions(database.db),
    },
    beforeStep: keepSessionsLive(database, citizens),
  };
  try {
    if (rates.length > 0) await step(server.url, 500, 3, o, cursor); // JIT, pool connections
    const idle = numberArg(args, 'idle', 0);
    if (idle > 0) {
      // The server's own background work with no request: its CPU, its backends' CPU, transactions.
      const pids = await backendPids(database.db);
      const s0 = cpuOf([server.proc.pid!]);
      const d0 = cpuOf(pids);
      const x0 = await databaseTransactions(database.db);
      await new Promise((r) => setTimeout(r, idle * 1000));
      const x1 = await databaseTransactions(database.db);
      say(
        `idle ${idle} s (load ${loadavg()[0]!.toFixed(1)}): server ${round(cpuBetween(s0, cpuOf([server.proc.pid!])) / idle, 1)} ms CPU/s, its PostgreSQL backends ${round(cpuBetween(d0, cpuOf(await backendPids(database.db))) / idle, 1)} ms CPU/s, ${round((x1 - x0 - 1) / idle, 1)} transactions/s`,
      );
    }
    for (const rate of rates) {
      const load = loadavg()[0]!;
      const t0 = Date.now();
      const s = await step(server.url, rate, seconds, o, cursor);
      const t1 = Date.now();
      const secs = readFileSync(diagFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Second)
        .filter((x) => x.t > t0 + 2000 && x.t <= t1 && x.elu !== undefined); // after the step's own warm-up second
      say(
        `${rate}/s load ${load.toFixed(1)}: p50 ${round(s.p50)} p99 ${round(s.p99)} ms, ${s.failures} failed ${JSON.stringify(s.statuses)}, lag ≤ ${round(s.maxSendLagMs)} ms; CPU ms/check-in server ${round(s.serverCpuMs ?? 0, 3)} db ${round(s.dbCpuMs ?? 0, 3)} gen ${round(s.generatorCpuMs, 3)}; ${round(s.dbXacts ?? 0, 3)} xacts/check-in`,
      );
      for (const x of secs) {
        const st = Object.entries(x.stmt)
          .filter(([k, v]) => !k.startsWith('q:') || v.max >= 20)
          .map(
            ([k, v]) =>
              `${k} ${v.n}×${v.meanSize}(≤${v.maxSize}) p99 ${v.p99} max ${v.max} ∥${v.maxConcurrent}`,
          )
          .join('; ');
        say(
          `   elu ${x.elu} cpu ${x.cpuMs}ms loop p99 ${x.loop.p99} max ${x.loop.max} | heap ${x.heapMb} MB gc ${x.gc.n} ${x.gc.total}ms max ${x.gc.max} ${JSON.stringify(x.gc.kind)} | req ${x.req.n} p50 ${x.req.p50} p99 ${x.req.p99} max ${x.req.max} | stages ${Object.entries(
            x.stage ?? {},
          )
            .map(([k, v]) => `${k} p50 ${v.p50} p99 ${v.p99} max ${v.max}`)
            .join(', ')} | ${st}`,
        );
      }
    }
  } finally {
    await server.stop();
    await database.close();
    rmSync(diagFile, { force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
