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
import { ensurePartitions, localDayStart } from '../packages/server/src/checkin/partitions.ts';
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

const MARKER = 'bench-checkin-overlap';
const DAY_MS = 86_400_000;

interface Marker {
  people: number;
  days: number;
  perDay: number;
  venues: number;
  firstDay: string;
  rows: number;
}

async function open(fresh: boolean): Promise<{ database: Database; url: string }> {
  const target = await benchDatabase('checkin', { fresh });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
  await prepareDatabase(
    database,
    loadConfig({ DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent' }),
  );
  return { database, url: target.url };
}

async function load(database: Database, p: Omit<Marker, 'rows' | 'firstDay'>): Promise<Marker> {
  const db = database.db;
  const communes = await queryRows<{ code: string; parent_code: string }>(
    db,
    sql`select code, parent_code from admin_units where province_code = '83' and level = 'commune' and valid_to is null order by code`,
  );
  const codes = `{${communes.map((c) => c.code).join(',')}}`;
  const parents = `{${communes.map((c) => c.parent_code).join(',')}}`;
  let t = performance.now();
  await db.execute(sql`insert into persons (id, full_name, name_key, province_code, district_code, commune_code, source)
    select md5('p' || g)::uuid, 'Người Thử ' || g, 'nguoi thu ' || g, '83',
      (${parents}::text[])[1 + g % ${communes.length}], (${codes}::text[])[1 + g % ${communes.length}], 'bench'
    from generate_series(0, ${p.people - 1}) g`);
  say(`  ${p.people} people in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await db.execute(sql`insert into venues (id, name, type, address, province_code, district_code, commune_code, status, default_stay_minutes)
    select md5('v' || g)::uuid, 'Điểm ' || g, 'shop', 'Ấp ' || (g % 9 + 1), '83',
      (${parents}::text[])[1 + g % ${communes.length}], (${codes}::text[])[1 + g % ${communes.length}], 'approved', 120
    from generate_series(0, ${p.venues - 1}) g`);
  const firstDayStart = new Date(localDayStart(new Date()).getTime() - p.days * DAY_MS);
  await ensurePartitions(db, { from: firstDayStart, days: p.days + 2 });
  // Secondary indexes are built once after the load (far faster than maintaining them per row).
  const indexes = await queryRows<{ name: string; def: string }>(
    db,
    sql`select indexname as name, indexdef as def from pg_indexes where tablename = 'checkins' and indexname <> 'checkins_id_checked_in_at_pk'`,
  );
  for (const ix of indexes) await db.execute(sql.raw(`drop index ${ix.name}`));
  t = performance.now();
  const client = database.pool!;
  const dayJobs = Array.from({ length: p.days }, (_, d) => d);
  const worker = async () => {
    for (let d = dayJobs.shift(); d !== undefined; d = dayJobs.shift()) {
      const dayStart = new Date(firstDayStart.getTime() + d * DAY_MS).toISOString();
      // Person (g·7919 + d·104729) mod people is injective over g < people: one visit per person per day.
      await client.query(
        `insert into checkins (venue_id, person_id, visitor_key, method, checked_in_at, checked_out_at,
            province_code, district_code, commune_code)
          select v.id, x.pid, 'p:' || x.pid, 'self', x.t, x.t + make_interval(mins => 15 + (random() * 105)::int),
            v.province_code, v.district_code, v.commune_code
          from (select md5('p' || ((g::bigint * 7919 + $2::bigint * 104729) % $3))::uuid as pid,
                  md5('v' || floor($4 * power(random(), 1.6))::int)::uuid as vid,
                  $1::timestamptz + make_interval(mins => 360 + (random() * 959)::int) as t
                from generate_series(0, $5 - 1) g) x
          join venues v on v.id = x.vid`,
        [dayStart, d, p.people, p.venues, p.perDay],
      );
      say(`  day ${d + 1}/${p.days} loaded (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    }
  };
  await Promise.all([worker(), worker()]);
  say(`  check-ins inserted in ${((performance.now() - t) / 1000).toFixed(1)} s; building indexes…`);
  t = performance.now();
  await db.execute(sql`set max_parallel_maintenance_workers = 2`);
  for (const ix of indexes) await db.execute(sql.raw(ix.def.replace(' ON ONLY ', ' ON ')));
  say(`  indexes in ${((performance.now() - t) / 1000).toFixed(1)} s; analysing…`);
  await db.execute(sql`vacuum analyze checkins`);
  await db.execute(sql`vacuum analyze persons`);
  const [count] = await queryRows<{ n: string }>(db, sql`select count(*)::text as n from checkins`);
  return { ...p, firstDay: firstDayStart.toISOString(), rows: Number(count!.n) };
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
    marker = await load(database, wanted);
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
