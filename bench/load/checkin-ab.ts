/**
 * A/B of the check-in hot path on a loaded machine: two server processes, one from each tree
 * (`--a <repo root>` and `--b <repo root>`, e.g. a `git archive` of the baseline commit and the
 * working tree), serve the same seeded bench database (`epilink_bench_ingest`, left by
 * `npm run bench -- checkin-ingest`) and take turns at one fixed open-loop rate, A B B A … so
 * that each side sees the load of the moment equally often. Each step reports the CPU ms per
 * check-in of the server process, of the PostgreSQL backends serving the database and of the load
 * generator, p50/p99 and the 1-minute load average: CPU per request is the figure that holds on a
 * shared machine, where rates do not.
 *
 *   node --import tsx bench/load/checkin-ab.ts --a /tmp/base --b . [--rate 800] [--seconds 10] [--pairs 3]
 *        [--citizen-share 0.7] [--profile-dir DIR]
 *
 * `--profile-dir` starts each server with `bench/load/profile.mjs` preloaded (a V8 CPU profile
 * written there when the server stops).
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../../packages/server/src/db/client.ts';
import { freePort, median, numberArg, parseArgs, round, say, benchDatabase } from '../lib.ts';
import { fixedRate, spawnOwned, step } from './capacity.ts';
import type { Cursor, SearchOptions, Step } from './capacity.ts';
import { backendPids, databaseTransactions } from './cpu.ts';
import { keepSessionsLive } from './sessions.ts';

async function main(): Promise<void> {
  const args = parseArgs();
  const a = resolve(args.get('a') ?? '.');
  const b = resolve(args.get('b') ?? '.');
  const rate = numberArg(args, 'rate', 800);
  const seconds = numberArg(args, 'seconds', 10);
  const pairs = numberArg(args, 'pairs', 3);
  const citizenShare = numberArg(args, 'citizen-share', 0.7);
  const profileDir = args.get('profile-dir');
  const target = await benchDatabase('ingest', { fresh: false });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 2 });
  const tokens = (
    await queryRows<{ token: string }>(
      database.db,
      sql`select token from venue_tokens where revoked_at is null`,
    )
  ).map((r) => r.token);
  const [seeded] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from citizen_sessions`,
  );
  const [done] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from checkins`);
  if (tokens.length === 0 || seeded!.n === 0)
    throw new Error('run `npm run bench -- checkin-ingest` once first');
  // Past every citizen and guest number used so far, so that no step repeats a phone.
  const cursor: Cursor = { citizen: done!.n, guest: 1_000_000 + done!.n };
  const env = {
    PROVINCE_CODE: '83',
    DEMO: 'false',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: '1',
    DATABASE_URL: target.url,
    DB_POOL_SIZE: '20',
  };
  const servers = [];
  for (const [label, root] of [
    ['A', a],
    ['B', b],
  ] as const) {
    const profile: Record<string, string> = profileDir
      ? {
          NODE_OPTIONS: `--import=${join(resolve('.'), 'bench/load/profile.mjs')}`,
          CPU_PROFILE_DIR: resolve(profileDir),
          CPU_PROFILE_NAME: label,
        }
      : {};
    const s = await spawnOwned({
      port: await freePort(),
      env: { ...env, ...profile },
      script: join(root, 'packages/server/src/main.ts'),
    });
    servers.push({ label, root, s });
  }
  const o = (pid: number | undefined): SearchOptions => ({
    p99TargetMs: 50,
    tokens,
    citizenShare,
    citizenCount: seeded!.n,
    ...fixedRate(rate, seconds),
    processes: {
      server: pid,
      database: () => backendPids(database.db),
      // Transactions committed in the bench database per check-in: with autocommitted statements,
      // the statements per check-in (the harness's own few reads included, the same on both sides).
      transactions: () => databaseTransactions(database.db),
    },
    beforeStep: keepSessionsLive(database, seeded!.n),
  });
  // Each server's own warm-up (JIT, pool connections), unmeasured.
  for (const x of servers) await step(x.s.url, rate, 3, o(x.s.proc.pid), cursor);
  const results: Record<'A' | 'B', (Step & { load: number })[]> = { A: [], B: [] };
  for (let p = 0; p < pairs; p++) {
    const order = p % 2 === 0 ? servers : [...servers].reverse();
    for (const x of order) {
      const load = loadavg()[0]!;
      const s = await step(x.s.url, rate, seconds, o(x.s.proc.pid), cursor);
      results[x.label].push({ ...s, load });
      say(
        `${x.label} ${rate}/s load ${load.toFixed(1)}: p50 ${round(s.p50)} p99 ${round(s.p99)} ms, ${s.failures} failed, CPU ms/check-in server ${round(s.serverCpuMs ?? 0, 3)} db ${round(s.dbCpuMs ?? 0, 3)} generator ${round(s.generatorCpuMs, 3)}, ${round(s.dbXacts ?? 0, 3)} transactions/check-in`,
      );
    }
  }
  for (const x of servers) await x.s.stop();
  await database.close();
  for (const label of ['A', 'B'] as const) {
    const r = results[label];
    say(
      `${label} (${servers.find((x) => x.label === label)!.root}) medians: server ${round(median(r.map((s) => s.serverCpuMs ?? 0)), 3)} db ${round(median(r.map((s) => s.dbCpuMs ?? 0)), 3)} generator ${round(median(r.map((s) => s.generatorCpuMs)), 3)} ms/check-in, ${round(median(r.map((s) => s.dbXacts ?? 0)), 3)} transactions/check-in; p99 ${round(median(r.map((s) => s.p99)))} ms; load ${round(median(r.map((s) => s.load)), 1)}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
