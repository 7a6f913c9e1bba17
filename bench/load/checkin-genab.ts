/**
 * The load generator's own CPU per request against the hello-world baseline and against the
 * check-in server, in alternating fixed-rate steps (same moments, same load): how much of the
 * baseline's capacity is the generator's. Uses the seeded `epilink_bench_ingestdiag`
 * (`bench/load/checkin-diag.ts`).
 *
 *   node --import tsx bench/load/checkin-genab.ts [--rate 2000] [--pairs 2] [--seconds 5]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../../packages/server/src/db/client.ts';
import { REPO_ROOT, benchDatabase, freePort, numberArg, parseArgs, round, say } from '../lib.ts';
import { fixedRate, spawnOwned, step } from './capacity.ts';
import type { Cursor, SearchOptions } from './capacity.ts';
import { backendPids } from './cpu.ts';
import { keepSessionsLive } from './sessions.ts';

async function main(): Promise<void> {
  const args = parseArgs();
  const rate = numberArg(args, 'rate', 2000);
  const pairs = numberArg(args, 'pairs', 2);
  const seconds = numberArg(args, 'seconds', 5);
  const target = await benchDatabase('ingestdiag', { fresh: false });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 2 });
  const tokens = (await queryRows<{ token: string }>(database.db, sql`select token from venue_tokens`)).map(
    (r) => r.token,
  );
  const [seeded] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from citizen_sessions`,
  );
  if (tokens.length === 0 || seeded!.n === 0) throw new Error('run bench/load/checkin-diag.ts once first');
  const [done] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from checkins`);
  const cursor: Cursor = { citizen: done!.n, guest: 2_000_000 + done!.n };
  const server = await spawnOwned({
    port: await freePort(),
    env: {
      PROVINCE_CODE: '83',
      DEMO: 'false',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '1',
      DATABASE_URL: target.url,
      DB_POOL_SIZE: '20',
    },
  });
  const hello = await spawnOwned({
    port: await freePort(),
    env: { TRUST_PROXY: '1' },
    script: join(REPO_ROOT, 'packages/server/test/checkin/hello.ts'),
  });
  const options = (pid: number | undefined, withDatabase: boolean): SearchOptions => ({
    p99TargetMs: 50,
    tokens,
    citizenShare: 0.7,
    citizenCount: seeded!.n,
    ...fixedRate(rate, seconds),
    processes: withDatabase ? { server: pid, database: () => backendPids(database.db) } : { server: pid },
    ...(withDatabase ? { beforeStep: keepSessionsLive(database, seeded!.n) } : {}),
  });
  try {
    for (let p = 0; p < pairs; p++) {
      for (const [label, s, withDatabase] of [
        ['check-in', server, true],
        ['hello-world', hello, false],
      ] as const) {
        const load = loadavg()[0]!;
        const r = await step(s.url, rate, seconds, options(s.proc.pid, withDatabase), cursor);
        say(
          `${label} ${rate}/s load ${load.toFixed(1)}: generator ${round(r.generatorCpuMs, 3)} ms CPU/request, server ${round(r.serverCpuMs ?? 0, 3)}${withDatabase ? `, PostgreSQL ${round(r.dbCpuMs ?? 0, 3)}` : ''}; p50 ${round(r.p50)} p99 ${round(r.p99)} ms`,
        );
      }
    }
  } finally {
    await server.stop();
    await hello.stop();
    await database.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
