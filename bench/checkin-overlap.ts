/**
 * checkin-overlap: the overlap search for tracing at province scale on PostgreSQL, under the
 * conditions it runs in during an outbreak.
 *
 *   npm run bench -- checkin-overlap [--people 1300000] [--days 30] [--per-day 1000000]
 *        [--guest-share 0.3] [--venues 7430] [--window-days 14] [--queries 300] [--warmup 30]
 *        [--insert-rate 200] [--minutes 10] [--reload]
 *
 * Generates (server-side, INSERT … SELECT generate_series) `people` person records, `venues`
 * venues and `per-day × days` check-ins over the last `days` local days into day partitions of
 * the database `epilink_bench_checkin` (kept between runs; a marker row says what was loaded), of
 * which `guest-share` are guests (a phone and a name, no registry person). Then it times
 * `findCheckinContacts` — the server function the contact-tracing module calls: jurisdiction
 * check, merged-record expansion, the overlap query, names, audit row — for random people over a
 * `window-days` window that ends now, signed in as a province official, while
 * - **today's partition takes live inserts**: a separate connection inserts `insert-rate`
 *   check-ins per second (people and guests in the same share) into today for the whole run;
 * - **the table is not vacuumed**: a fresh load is measured before any VACUUM or ANALYZE (today's
 *   partition always is: it starts empty and fills during the run), once right away
 *   (`fresh_overlap_*`) and again after `minutes` minutes of inserts (`later_overlap_*`).
 * `overlap_p50/p95/p99_ms` are the worse of the two phases.
 */
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { userAccess } from '../packages/server/src/access/context.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { findCheckinContacts } from '../packages/server/src/checkin/overlap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { localDayStart } from '../packages/server/src/checkin/partitions.ts';
import { localDay } from '@epilink/core';
import pg from 'pg';
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
import { idSql, loadCheckinProvince, type ProvinceMarker } from './datasets/province.ts';

const MARKER = 'bench-checkin-overlap';
const DAY_MS = 86_400_000;

type Marker = ProvinceMarker;

async function open(fresh: boolean): Promise<{ database: Database; url: string }> {
  const target = await benchDatabase('checkin', { fresh });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
  await prepareDatabase(
    database,
    loadConfig({ DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent', PROVINCE_CODE: '83' }),
  );
  return { database, url: target.url };
}

/**
 * Live check-ins into today's partition at a fixed rate, from their own connection, until stopped:
 * every 100 ms one INSERT … SELECT of the due rows (people and guests), checked in during the
 * last half hour.
 */
function liveInserts(url: string, m: Marker, ratePerS: number, guestShare: number) {
  const client = new pg.Client({ connectionString: url });
  let stopped = false;
  let inserted = 0;
  let batch = 0;
  const done = (async () => {
    await client.connect();
    const start = performance.now();
    while (!stopped) {
      const due = Math.floor(((performance.now() - start) / 1000) * ratePerS) - inserted;
      if (due > 0) {
        const guests = Math.round(due * guestShare);
        batch++;
        await client.query(
          `insert into checkins (venue_id, person_id, visitor_key, guest_phone, guest_name, method, checked_in_at,
              checked_out_at, province_code, district_code, commune_code)
            select v.id, x.pid, coalesce('p:' || x.pid, 'g:' || x.phone || ':khach live'), x.phone,
              case when x.pid is null then 'Khách live' end, case when x.pid is null then 'guest' else 'self' end,
              x.t, x.t + interval '45 minutes', v.province_code, v.district_code, v.commune_code
            from (select case when g >= $1 then ${idSql(false, 'p', 'floor(random() * $3)::int')} end as pid,
                    case when g < $1 then '06' || lpad(($4::bigint * 1000 + g)::text, 8, '0') end as phone,
                    ${idSql(false, 'v', 'floor($5 * power(random(), 1.6))::int')} as vid,
                    now() - random() * interval '30 minutes' as t
                  from generate_series(0, $2 - 1) g) x
            join venues v on v.id = x.vid`,
          [guests, due, m.people, batch % 100_000, m.venues],
        );
        inserted += due;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await client.end();
  })();
  return {
    inserted: () => inserted,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, [
    'people',
    'days',
    'per-day',
    'guest-share',
    'venues',
    'window-days',
    'queries',
    'warmup',
    'insert-rate',
    'minutes',
    'reload',
  ]);
  const people = numberArg(args, 'people', 1_300_000);
  const days = numberArg(args, 'days', 30);
  const perDay = numberArg(args, 'per-day', 1_000_000);
  const guestShare = numberArg(args, 'guest-share', 0.3);
  const venueCount = numberArg(args, 'venues', 7430);
  const windowDays = numberArg(args, 'window-days', 14);
  const queries = numberArg(args, 'queries', 300);
  const warmup = numberArg(args, 'warmup', 30);
  const insertRate = numberArg(args, 'insert-rate', 200);
  const minutes = numberArg(args, 'minutes', 10);
  if (guestShare < 0 || guestShare >= 1) throw new Error('--guest-share must be in [0, 1)');
  const personRows = Math.round(perDay * (1 - guestShare));
  if (personRows > people)
    throw new Error('--per-day must not exceed --people (one visit per person per day)');
  const wanted = { people, days, perDay: personRows, venues: venueCount, guestsPerDay: perDay - personRows };

  let { database, url } = await open(false);
  const [row] = await queryRows<{ details: Marker }>(
    database.db,
    sql`select details from seed_runs where name = ${MARKER}`,
  );
  let marker = row?.details ?? null;
  let loadSeconds = 0;
  const same = marker && Object.entries(wanted).every(([k, v]) => marker![k as keyof Marker] === v);
  const fresh = args.has('reload') || !same;
  if (fresh) {
    await database.close();
    ({ database, url } = await open(true));
    say(
      `database ${redactUrl(url)} recreated; generating ${people} people, ${venueCount} venues, ${perDay * days} check-ins (${Math.round(guestShare * 100)} % guests)…`,
    );
    const t = performance.now();
    marker = await loadCheckinProvince(database, wanted, { households: false, v4Ids: false, vacuum: false });
    loadSeconds = (performance.now() - t) / 1000;
    await database.db.execute(
      sql`insert into seed_runs (name, details) values (${MARKER}, ${JSON.stringify(marker)}::jsonb)`,
    );
    say(`  loaded ${marker.rows} check-ins in ${loadSeconds.toFixed(0)} s (not vacuumed)`);
  } else {
    say(
      `database ${redactUrl(url)} already holds ${marker!.rows} check-ins: loading skipped (--reload to force; the history is then as autovacuum left it)`,
    );
  }
  const m = marker!;
  // Today's partition starts empty, as a new day's partition does (an earlier run's live rows are
  // removed by TRUNCATE: a DELETE would leave their pages, and the planner would size the day by them).
  await database.db.execute(sql`delete from checkins where checked_in_at >= ${localDayStart(new Date())}`);
  const todayName = `checkins_p${localDay(new Date()).replaceAll('-', '')}`;
  const [partition] = await queryRows<{ name: string }>(
    database.db,
    sql`select relname as name from pg_class where relname = ${todayName} and relkind = 'r'`,
  );
  if (partition) await database.db.execute(sql.raw(`truncate ${partition.name}`));
  const access = userAccess({
    id: '00000000-0000-4000-8000-000000000001',
    username: 'bench.province',
    role: 'tracer',
    jurisdiction: { level: 'province', code: '83' },
  });
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % m.people;
  };
  const personIdOf = async (n: number) =>
    (await queryRows<{ id: string }>(database.db, sql`select md5(${`p${n}`})::uuid::text as id`))[0]!.id;
  /** `count` searches over the window ending now; the times of those after `skip`. */
  const phase = async (count: number, skip: number) => {
    const times: number[] = [];
    let contacts = 0;
    for (let i = 0; i < skip + count; i++) {
      const personId = await personIdOf(next());
      const to = new Date(Date.now() + 3_600_000);
      const from = new Date(to.getTime() - windowDays * DAY_MS);
      const start = performance.now();
      const result = await findCheckinContacts(database.db, access, {
        personIds: [personId],
        from,
        to,
        purpose: 'benchmark',
      });
      const ms = performance.now() - start;
      if (i >= skip) {
        times.push(ms);
        contacts += result.contacts.length;
      }
    }
    return {
      p50: median(times),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      contacts: contacts / count,
    };
  };
  const live = liveInserts(url, m, insertRate, guestShare);
  let first;
  let later;
  try {
    say(`phase 1: right after the load, ${insertRate} live check-ins/s into today…`);
    first = await phase(queries, warmup);
    say(`  p50 ${round(first.p50)} ms, p95 ${round(first.p95)} ms, p99 ${round(first.p99)} ms`);
    say(`inserting for ${minutes} min…`);
    const until = Date.now() + minutes * 60_000;
    while (Date.now() < until) await new Promise((r) => setTimeout(r, 5_000));
    say(`phase 2: after ${live.inserted()} live check-ins…`);
    later = await phase(queries, 0);
    say(`  p50 ${round(later.p50)} ms, p95 ${round(later.p95)} ms, p99 ${round(later.p99)} ms`);
  } finally {
    await live.stop();
  }
  const metrics = {
    overlap_p50_ms: round(Math.max(first.p50, later.p50)),
    overlap_p95_ms: round(Math.max(first.p95, later.p95)),
    overlap_p99_ms: round(Math.max(first.p99, later.p99)),
    fresh_overlap_p50_ms: round(first.p50),
    fresh_overlap_p95_ms: round(first.p95),
    fresh_overlap_p99_ms: round(first.p99),
    later_overlap_p50_ms: round(later.p50),
    later_overlap_p95_ms: round(later.p95),
    later_overlap_p99_ms: round(later.p99),
    live_checkins_inserted: live.inserted(),
    checkin_rows: m.rows,
    people: m.people,
    venues: m.venues,
    contacts_per_search: round((first.contacts + later.contacts) / 2, 1),
    history_unvacuumed: fresh ? 1 : 0,
    load_avg_1m: round(loadavg()[0]!, 2),
    load_s: round(loadSeconds, 1),
  };
  say(
    `overlap search, ${windowDays}-day window ending now, ${queries} random people per phase over ${m.rows} check-ins:`,
  );
  say(
    `  worse phase: p50 ${metrics.overlap_p50_ms} ms, p95 ${metrics.overlap_p95_ms} ms, p99 ${metrics.overlap_p99_ms} ms (targets p95 ≤ 20, p99 ≤ 50); ${metrics.contacts_per_search} candidates per search`,
  );
  const path = writeResult({
    name: 'checkin-overlap',
    params: {
      people,
      days,
      perDay,
      guestShare,
      venues: venueCount,
      windowDays,
      queries,
      insertRate,
      minutes,
      database: 'postgres',
    },
    metrics,
  });
  say(`wrote ${path}`);
  await database.close();
}

runBench(main);
