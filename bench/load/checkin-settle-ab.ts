/**
 * A/B of the seeded database's state, not of the code: the same server code on two freshly
 * seeded databases, one as `checkin-ingest` left it before 3 December evening (seed, `analyze`)
 * and one settled as it leaves it now (`settleSeed`: `vacuum (analyze)`, checkpoint), taking
 * turns A B B A … at one open-loop rate, each step on citizens no step used before — every
 * session, citizen and person row is read for the first time, as in the benchmark's round 1.
 * Each step reports the CPU ms per check-in of the server process and of the PostgreSQL backends
 * serving its database, p50/p99 and the 1-minute load average.
 *
 *   node --import tsx bench/load/checkin-settle-ab.ts [--citizens 200000] [--rate 800] [--seconds 10] [--pairs 3]
 *
 * The checkpoint is cluster-wide: it also writes out the unsettled database's dirty pages, so this
 * A/B shows the first reads' cost (hint bits, visibility map), not the checkpoint's I/O.
 */
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../packages/server/src/db/client.ts';
import type { Database } from '../../packages/server/src/db/client.ts';
import { prepareDatabase } from '../../packages/server/src/bootstrap.ts';
import { loadConfig } from '../../packages/server/src/config.ts';
import { benchDatabase, freePort, median, numberArg, parseArgs, round, say } from '../lib.ts';
import { fixedRate, spawnOwned, step } from './capacity.ts';
import type { Cursor, SearchOptions, Step } from './capacity.ts';
import { backendPids, databaseTransactions } from './cpu.ts';
import { seedCitizens, seedVenues, settleSeed } from './ingest-seed.ts';

/** A fresh bench database with venues and `citizens` signed-in citizens. */
async function seeded(
  suffix: string,
  citizens: number,
): Promise<{ url: string; database: Database; tokens: string[] }> {
  const target = await benchDatabase(suffix, { fresh: true });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 2 });
  await prepareDatabase(
    database,
    loadConfig({ DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent', PROVINCE_CODE: '83' }),
  );
  const tokens = await seedVenues(database, 100);
  say(`seeding ${citizens} signed-in citizens in ${target.name}…`);
  await seedCitizens(database, citizens);
  return { url: target.url, database, tokens };
}

async function main(): Promise<void> {
  const args = parseArgs();
  const citizens = numberArg(args, 'citizens', 200_000);
  const rate = numberArg(args, 'rate', 800);
  const seconds = numberArg(args, 'seconds', 10);
  const pairs = numberArg(args, 'pairs', 3);
  const a = await seeded('ingest_unsettled', citizens);
  const b = await seeded('ingest_settled', citizens);
  // A as before: statistics only. B settled.
  await a.database.db.execute(sql`analyze`);
  await settleSeed(b.database);
  const sides = [];
  for (const [label, side] of [
    ['A', a],
    ['B', b],
  ] as const) {
    const s = await spawnOwned({
      port: await freePort(),
      env: {
        PROVINCE_CODE: '83',
        DEMO: 'false',
        LOG_LEVEL: 'warn',
        TRUST_PROXY: '1',
        DATABASE_URL: side.url,
        DB_POOL_SIZE: '20',
      },
    });
    const o: SearchOptions = {
      p99TargetMs: 50,
      tokens: side.tokens,
      citizenShare: 0.7,
      citizenCount: citizens,
      ...fixedRate(rate, seconds),
      processes: {
        server: s.proc.pid,
        database: () => backendPids(side.database.db),
        transactions: () => databaseTransactions(side.database.db),
      },
    };
    sides.push({ label, s, o, database: side.database });
  }
  // Both sides use the same citizen numbers, each number once per side.
  const cursors: Record<'A' | 'B', Cursor> = { A: { citizen: 0, guest: 0 }, B: { citizen: 0, guest: 0 } };
  // Each server's own warm-up (JIT, pool connections), unmeasured.
  for (const x of sides) await step(x.s.url, rate, 3, x.o, cursors[x.label]);
  const results: Record<'A' | 'B', (Step & { load: number })[]> = { A: [], B: [] };
  for (let p = 0; p < pairs; p++) {
    const order = p % 2 === 0 ? sides : [...sides].reverse();
    for (const x of order) {
      const load = loadavg()[0]!;
      const s = await step(x.s.url, rate, seconds, x.o, cursors[x.label]);
      results[x.label].push({ ...s, load });
      say(
        `${x.label} ${rate}/s load ${load.toFixed(1)}: p50 ${round(s.p50)} p99 ${round(s.p99)} ms, ${s.failures} failed, CPU ms/check-in server ${round(s.serverCpuMs ?? 0, 3)} db ${round(s.dbCpuMs ?? 0, 3)} generator ${round(s.generatorCpuMs, 3)}, transactions/check-in ${round(s.dbXacts ?? 0, 3)}`,
      );
    }
  }
  for (const x of sides) {
    await x.s.stop();
    await x.database.close();
  }
  for (const label of ['A', 'B'] as const) {
    const r = results[label];
    say(
      `${label === 'A' ? 'A unsettled' : 'B settled'} medians: server ${round(median(r.map((s) => s.serverCpuMs ?? 0)), 3)} db ${round(median(r.map((s) => s.dbCpuMs ?? 0)), 3)} ms/check-in, transactions/check-in ${round(median(r.map((s) => s.dbXacts ?? 0)), 3)}; p50 ${round(median(r.map((s) => s.p50)))} p99 ${round(median(r.map((s) => s.p99)))} ms; load ${round(median(r.map((s) => s.load)), 1)}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
