/**
 * declarations-cost: what one health declaration costs the server, in process, on PostgreSQL —
 * SQL statements per declaration (by statement), CPU ms of node and of the PostgreSQL backends per
 * declaration — the figures behind `bench/declarations.ts`'s capacity (issue #15).
 *
 *   npm run bench -- declarations-cost [--declarations 2000] [--concurrency 16]
 *        [--citizen-share 0.7] [--flagged-share 0.1]
 *
 * The real app listens on a loopback port (per-IP limit raised: one machine plays every phone);
 * `concurrency` clients POST the bench's mix (signed-in citizens for themselves, people without an
 * account through record linkage, a share flagged by triage) in a closed loop. A first tenth warms
 * the process up unmeasured. CPU figures move with the machine's load (reported); statement counts
 * do not.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { buildApp } from '../packages/server/src/app.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase } from '../packages/server/src/db/client.ts';
import { benchPersonId, citizenToken, clientAddress, healthResponse } from './load/openloop.ts';
import { BENCH_COMMUNE, healthQuestionnaire, seedCitizens } from './load/declarations-seed.ts';
import { guestPerson } from './load/guests.ts';
import {
  benchDatabase,
  checkKnownArgs,
  freePort,
  msSince,
  numberArg,
  parseArgs,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';
import { cpuNow, cpuSince, recordStatements, statementLines } from './measure/cost.ts';

runBench(async () => {
  const args = parseArgs();
  checkKnownArgs(args, ['declarations', 'concurrency', 'citizen-share', 'flagged-share']);
  const total = numberArg(args, 'declarations', 2000);
  const concurrency = numberArg(args, 'concurrency', 16);
  const citizenShare = numberArg(args, 'citizen-share', 0.7);
  const flaggedShare = numberArg(args, 'flagged-share', 0.1);
  const warmup = Math.ceil(total / 10);
  const target = await benchDatabase('declarations_cost', { fresh: true });
  const config = loadConfig({
    DEMO: 'false',
    DATABASE_URL: target.url,
    LOG_LEVEL: 'silent',
    PROVINCE_CODE: BENCH_COMMUNE.provinceCode,
    RATE_LIMIT_PER_IP: '100000000',
    TRUST_PROXY: '1',
  });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 16 });
  await prepareDatabase(database, config);
  await seedCitizens(database, total + warmup);
  await database.db.execute('analyze');
  const questionnaireId = await healthQuestionnaire(database);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await buildApp({ config: { ...config, port, publicUrl: url }, database }, { logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  let citizens = 0;
  let guests = 0;
  let flaggedCount = 0;
  const post = async (i: number) => {
    const flagged = (i * 0.7548776662466927) % 1 < flaggedShare;
    if (flagged) flaggedCount++;
    const common = {
      submissionId: randomUUID(),
      questionnaireId,
      communeCode: BENCH_COMMUNE.communeCode,
      response: healthResponse(flagged),
    };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-epilink-csrf': '1',
      'x-forwarded-for': clientAddress(i),
    };
    let path = '/api/declarations';
    let body: unknown;
    if ((i * 0.618033988749895) % 1 < citizenShare) {
      const k = citizens++;
      path = '/api/me/declarations';
      headers.cookie = `epilink_citizen=${citizenToken(k)}`;
      body = { ...common, personId: benchPersonId(k) };
    } else {
      body = { ...common, person: guestPerson(guests++) };
    }
    const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`declaration: HTTP ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  const run = async (from: number, to: number) => {
    let next = from;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < to) await post(next++);
      }),
    );
  };
  try {
    await run(0, warmup);
    flaggedCount = 0;
    const load = loadavg()[0]!;
    const statements = recordStatements();
    const cpu = await cpuNow(database.db);
    const start = performance.now();
    await run(warmup, warmup + total);
    const elapsed = msSince(start);
    const used = await cpuSince(database.db, cpu);
    const log = statements.stop();
    const metrics = {
      declarations: total,
      flagged: flaggedCount,
      declarations_per_s_closed_loop: round((total / elapsed) * 1000, 1),
      statements_per_declaration: round(log.count / total, 2),
      node_cpu_ms_per_declaration: round((used.node * 1000) / total, 3),
      db_cpu_ms_per_declaration: round((used.pg * 1000) / total, 3),
      load_avg_1m: round(load, 2),
      load_avg_1m_after: round(loadavg()[0]!, 2),
    };
    say(JSON.stringify(metrics));
    for (const line of statementLines(log, total)) say(line);
    say(
      `wrote ${writeResult({ name: 'declarations-cost', params: { concurrency, citizenShare, flaggedShare }, metrics })}`,
    );
  } finally {
    await app.close();
    await database.close();
  }
});
