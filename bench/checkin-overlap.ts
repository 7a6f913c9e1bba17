/**
 * checkin-overlap: the overlap search for tracing at province scale on PostgreSQL.
 *
 *   npm run bench -- checkin-overlap [--people 1300000] [--days 30] [--per-day 1000000]
 *                                    [--venues 7430] [--window-days 14] [--queries 300] [--reload]
 *
 * Generates (server-side, INSERT … SELECT generate_series) `people` person records, `venues`
 * venues and `per-day × days` check-ins over the last `days` local days into day partitions of
 * the database `epilink_bench_checkin` (kept between runs; a marker row says what was loaded),
 * then times `findCheckinContacts` — the server function the contact-tracing module calls:
 * jurisdiction check, merged-record expansion, the overlap query, names, audit row — for random
 * people over a `window-days` window, signed in as a province official.
 */
import { sql } from 'drizzle-orm';
import { userAccess } from '../packages/server/src/access/context.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { findCheckinContacts } from '../packages/server/src/checkin/overlap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import {
  benchDatabase,
  checkKnownArgs,
  median,
  numberArg,
  parseArgs,
  percentile,
  redactUrl,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';
import { loadCheckinProvince, type ProvinceMarker } from './datasets/province.ts';

const MARKER = 'bench-checkin-overlap';
const DAY_MS = 86_400_000;

type Marker = ProvinceMarker;

async function open(fresh: boolean): Promise<{ database: Database; url: string }> {
  const target = await benchDatabase('checkin', { fresh });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
  await prepareDatabase(
    database,
    loadConfig({ DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent' }),
  );
  return { database, url: target.url };
}

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, ['people', 'days', 'per-day', 'venues', 'window-days', 'queries', 'warmup', 'reload']);
  const people = numberArg(args, 'people', 1_300_000);
  const days = numberArg(args, 'days', 30);
  const perDay = numberArg(args, 'per-day', 1_000_000);
  const venueCount = numberArg(args, 'venues', 7430);
  const windowDays = numberArg(args, 'window-days', 14);
  const queries = numberArg(args, 'queries', 300);
  const warmup = numberArg(args, 'warmup', 30);
  if (perDay > people) throw new Error('--per-day must not exceed --people (one visit per person per day)');
  const wanted = { people, days, perDay, venues: venueCount };

  let { database, url } = await open(false);
  const [row] = await queryRows<{ details: Marker }>(
    database.db,
    sql`select details from seed_runs where name = ${MARKER}`,
  );
  let marker = row?.details ?? null;
  let loadSeconds = 0;
  const same = marker && Object.entries(wanted).every(([k, v]) => marker![k as keyof Marker] === v);
  if (args.has('reload') || !same) {
    await database.close();
    ({ database, url } = await open(true));
    say(
      `database ${redactUrl(url)} recreated; generating ${people} people, ${venueCount} venues, ${perDay * days} check-ins…`,
    );
    const t = performance.now();
    marker = await loadCheckinProvince(database, wanted);
    loadSeconds = (performance.now() - t) / 1000;
    await database.db.execute(
      sql`insert into seed_runs (name, details) values (${MARKER}, ${JSON.stringify(marker)}::jsonb)`,
    );
    say(`  loaded ${marker.rows} check-ins in ${loadSeconds.toFixed(0)} s`);
  } else {
    say(
      `database ${redactUrl(url)} already holds ${marker!.rows} check-ins: loading skipped (--reload to force)`,
    );
  }
  const m = marker!;
  const access = userAccess({
    id: '00000000-0000-4000-8000-000000000001',
    username: 'bench.province',
    role: 'tracer',
    jurisdiction: { level: 'province', code: '83' },
  });
  // A 14-day window inside the loaded month, for a random person each time.
  const first = Date.parse(m.firstDay);
  const from = new Date(first + Math.floor((m.days - windowDays) / 2) * DAY_MS);
  const to = new Date(from.getTime() + windowDays * DAY_MS);
  const maxId = m.people;
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % maxId;
  };
  const personIdOf = async (n: number) =>
    (await queryRows<{ id: string }>(database.db, sql`select md5(${`p${n}`})::uuid::text as id`))[0]!.id;
  const times: number[] = [];
  let contacts = 0;
  for (let i = 0; i < warmup + queries; i++) {
    const personId = await personIdOf(next());
    const start = performance.now();
    const result = await findCheckinContacts(database.db, access, {
      personIds: [personId],
      from,
      to,
      purpose: 'benchmark',
    });
    const ms = performance.now() - start;
    if (i >= warmup) {
      times.push(ms);
      contacts += result.contacts.length;
    }
  }
  const metrics = {
    overlap_p50_ms: round(median(times)),
    overlap_p95_ms: round(percentile(times, 95)),
    overlap_p99_ms: round(percentile(times, 99)),
    checkin_rows: m.rows,
    people: m.people,
    venues: m.venues,
    contacts_per_search: round(contacts / queries, 1),
    load_s: round(loadSeconds, 1),
  };
  say(`overlap search, ${windowDays}-day window, ${queries} random people over ${m.rows} check-ins:`);
  say(
    `  p50 ${metrics.overlap_p50_ms} ms, p95 ${metrics.overlap_p95_ms} ms, p99 ${metrics.overlap_p99_ms} ms (targets p95 ≤ 20, p99 ≤ 50); ${metrics.contacts_per_search} candidates per search`,
  );
  const path = writeResult({
    name: 'checkin-overlap',
    params: { people, days, perDay, venues: venueCount, windowDays, queries, database: 'postgres' },
    metrics,
  });
  say(`wrote ${path}`);
  await database.close();
}

runBench(main);
