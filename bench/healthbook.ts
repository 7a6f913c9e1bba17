/**
 * healthbook: opening a person's health book timeline (#17 item 1: ≤ 200 ms for a person with
 * 1,000 records) through the real HTTP API, signed in as a commune official, on PostgreSQL.
 *
 *   npm run bench -- healthbook [--records 1000] [--others 300] [--opens 200] [--warmup 20]
 *
 * The database `epilink_bench_healthbook` is made fresh: one person with `records` records spread
 * over the twelve kinds (declarations, check-ins, registrations, specimens, results, cases,
 * contacts, quarantine orders and forms, doses, certificates, AEFI), and `others` people with as
 * many each around them (so the person indexes, not table size, decide). Metrics: the first page
 * (50 newest) — open_p50/p95_ms; a page deep in the keyset (cursor after 900 records) —
 * deep_p95_ms; every record in pages of 200 — all_pages_ms; GET /healthz alongside as the HTTP
 * baseline (healthz_p95_ms); the load average before and after.
 */
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { buildApp } from '../packages/server/src/app.ts';
import { createUser } from '../packages/server/src/auth/users.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import { fixtureUnits, seedRecords } from '../packages/server/src/healthbook/fixtures.ts';
import {
  benchDatabase,
  checkKnownArgs,
  HttpSession,
  median,
  numberArg,
  parseArgs,
  percentile,
  round,
  runBench,
  say,
  timeSequential,
  writeResult,
} from './lib.ts';

const KINDS = 12;
const PLACE = { province: '83', district: '829', commune: '28756' };
const USERNAME = `bench.healthbook.${Date.now().toString(36)}`;
const PASSWORD = 'bench-healthbook-password-83';
const TARGET_MS = 200;

interface Page {
  items: unknown[];
  nextCursor: string | null;
}

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, ['records', 'others', 'opens', 'warmup']);
  const records = numberArg(args, 'records', 1000);
  const others = numberArg(args, 'others', 300);
  const opens = numberArg(args, 'opens', 200);
  const warmup = numberArg(args, 'warmup', 20);
  const perKind = Math.ceil(records / KINDS);
  const loadBefore = loadavg()[0]!;

  const target = await benchDatabase('healthbook', { fresh: true });
  const config = loadConfig({
    DEMO: 'false',
    DATABASE_URL: target.url,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_USER: '1000000',
  });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
  await prepareDatabase(database, config);
  const { db } = database;

  const seedStart = performance.now();
  const people = await queryRows<{ id: string }>(
    db,
    sql`insert into persons (full_name, name_key, province_code, district_code, commune_code, source)
        select 'Người Sổ ' || g, 'nguoi so ' || g, ${PLACE.province}, ${PLACE.district}, ${PLACE.commune}, 'bench'
        from generate_series(0, ${others + 1}) g order by g returning id`,
  );
  const units = await fixtureUnits(db, { province: PLACE.province, commune: PLACE.commune });
  const [source, subject, ...rest] = people.map((p) => p.id);
  await seedRecords(db, subject!, source!, units, perKind);
  for (const id of rest) await seedRecords(db, id, source!, units, perKind);
  await db.execute(sql`analyze`);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const [{ n: total } = { n: 0 }] = await queryRows<{ n: number }>(
    db,
    sql`select (select count(*) from vaccination_doses) * ${KINDS} as n`,
  );
  say(`seeded ${people.length} people, ~${total} records, in ${round(seedSeconds, 1)} s`);

  const app = await buildApp({ config, database }, { logger: false, serveWeb: false });
  try {
    await createUser(db, {
      username: USERNAME,
      displayName: 'Bench commune official',
      password: PASSWORD,
      role: 'commune_officer',
      jurisdictionCode: PLACE.commune,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const http = new HttpSession(`http://127.0.0.1:${port}`);
    await http.login(USERNAME, PASSWORD);
    const path = `/api/persons/${subject!}/records`;

    const healthz = await timeSequential(opens, warmup, async () => {
      const r = await http.get('/healthz');
      if (r.status !== 200) throw new Error(`/healthz answered ${r.status}`);
    });

    const get = async (url: string): Promise<Page> => {
      const r = await http.get(url);
      if (r.status !== 200) throw new Error(`GET ${url} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body as Page;
    };
    const open = await timeSequential(opens, warmup, async () => {
      const page = await get(`${path}?limit=50`);
      if (page.items.length !== 50) throw new Error(`first page held ${page.items.length} records`);
    });

    // Every record, pages of 200; the cursor after ~900 records is kept for the deep page.
    const allStart = performance.now();
    let cursor: string | null = null;
    let seen = 0;
    let deepCursor: string | null = null;
    do {
      const page: Page = await get(`${path}?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      seen += page.items.length;
      cursor = page.nextCursor;
      if (seen >= 800 && !deepCursor) deepCursor = cursor;
    } while (cursor);
    const allMs = performance.now() - allStart;
    if (seen !== perKind * KINDS) throw new Error(`read ${seen} records, expected ${perKind * KINDS}`);
    const deep = deepCursor
      ? await timeSequential(Math.min(opens, 100), 5, async () => {
          await get(`${path}?limit=50&cursor=${deepCursor}`);
        })
      : [];

    const loadAfter = loadavg()[0]!;
    const metrics = {
      open_p50_ms: round(median(open)),
      open_p95_ms: round(percentile(open, 95)),
      deep_p95_ms: round(deep.length ? percentile(deep, 95) : 0),
      all_pages_ms: round(allMs),
      records_read: seen,
      healthz_p95_ms: round(percentile(healthz, 95)),
      load_before: round(loadBefore),
      load_after: round(loadAfter),
    };
    say(
      `open (50 newest of ${seen}): p50 ${metrics.open_p50_ms} ms, p95 ${metrics.open_p95_ms} ms ` +
        `(target ≤ ${TARGET_MS}); deep page p95 ${metrics.deep_p95_ms} ms; all ${seen} in pages of 200: ` +
        `${metrics.all_pages_ms} ms; /healthz p95 ${metrics.healthz_p95_ms} ms; load ${round(loadBefore)} → ${round(loadAfter)}`,
    );
    say(
      `wrote ${writeResult({ name: 'healthbook', params: { records: seen, others, opens, warmup }, metrics })}`,
    );
  } finally {
    await app.close();
    await database.close();
  }
}

runBench(main);
