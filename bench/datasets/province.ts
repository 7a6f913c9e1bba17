/**
 * A province-scale data set generated inside PostgreSQL (INSERT … SELECT generate_series): people
 * (optionally in households of four), venues, and `perDay × days` check-ins over the last `days`
 * local days, written into day partitions. Shared by the check-in overlap and tracing benchmarks.
 */
import { sql } from 'drizzle-orm';
import { ensurePartitions, localDayStart } from '../../packages/server/src/checkin/partitions.ts';
import { queryRows } from '../../packages/server/src/db/client.ts';
import type { Database } from '../../packages/server/src/db/client.ts';
import { say } from '../lib.ts';

const DAY_MS = 86_400_000;

/** What was loaded (stored as the benchmark's marker row). */
export interface ProvinceMarker {
  people: number;
  days: number;
  perDay: number;
  venues: number;
  /** Guest check-ins (a phone and a name, no registry person) per day, besides the people's. */
  guestsPerDay?: number;
  firstDay: string;
  rows: number;
}

/**
 * The SQL text of generated row IDs: `md5(prefix || n)` as a UUID, or (`v4`) the same with the
 * RFC 9562 version-4 and variant bits set, as IDs that pass the API's UUID validation must be.
 */
export function idSql(v4: boolean, prefix: string, n: string): string {
  const hex = `md5('${prefix}' || (${n}))`;
  return v4 ? `overlay(overlay(${hex} placing '4' from 13) placing '8' from 17)::uuid` : `${hex}::uuid`;
}

/**
 * Load people, venues and check-ins. Person `g` has id idSql(v4, 'p', g); with `households`,
 * persons 4k…4k+3 share household idSql(v4, 'h', k).
 */
export async function loadCheckinProvince(
  database: Database,
  p: Omit<ProvinceMarker, 'rows' | 'firstDay'>,
  options: { households: boolean; v4Ids: boolean; vacuum?: boolean } = { households: false, v4Ids: false },
): Promise<ProvinceMarker> {
  const id = (prefix: string, n: string) => sql.raw(idSql(options.v4Ids, prefix, n));
  const db = database.db;
  const communes = await queryRows<{ code: string; parent_code: string }>(
    db,
    sql`select code, parent_code from admin_units where province_code = '83' and level = 'commune' and valid_to is null order by code`,
  );
  const codes = `{${communes.map((c) => c.code).join(',')}}`;
  const parents = `{${communes.map((c) => c.parent_code).join(',')}}`;
  let t = performance.now();
  if (options.households)
    await db.execute(sql`insert into households (id, province_code, district_code, commune_code, address)
      select ${id('h', 'k')}, '83', (${parents}::text[])[1 + (4 * k) % ${communes.length}],
        (${codes}::text[])[1 + (4 * k) % ${communes.length}], 'Ấp ' || (k % 9 + 1)
      from generate_series(0, ${Math.ceil(p.people / 4) - 1}) k`);
  // With households, the four members of household k live in the commune of person 4k.
  const place = options.households ? sql`(g / 4) * 4` : sql`g`;
  await db.execute(sql`insert into persons (id, full_name, name_key, province_code, district_code, commune_code, source, household_id)
    select ${id('p', 'g')}, 'Người Thử ' || g, 'nguoi thu ' || g, '83',
      (${parents}::text[])[1 + (${place}) % ${communes.length}], (${codes}::text[])[1 + (${place}) % ${communes.length}], 'bench',
      case when ${options.households} then ${id('h', 'g / 4')} end
    from generate_series(0, ${p.people - 1}) g`);
  say(`  ${p.people} people in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await db.execute(sql`insert into venues (id, name, type, address, province_code, district_code, commune_code, status, default_stay_minutes)
    select ${id('v', 'g')}, 'Điểm ' || g, 'shop', 'Ấp ' || (g % 9 + 1), '83',
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
          from (select ${idSql(options.v4Ids, 'p', '(g::bigint * 7919 + $2::bigint * 104729) % $3')} as pid,
                  ${idSql(options.v4Ids, 'v', 'floor($4 * power(random(), 1.6))::int')} as vid,
                  $1::timestamptz + make_interval(mins => 360 + (random() * 959)::int) as t
                from generate_series(0, $5 - 1) g) x
          join venues v on v.id = x.vid`,
        [dayStart, d, p.people, p.venues, p.perDay],
      );
      if (p.guestsPerDay)
        await client.query(
          `insert into checkins (venue_id, visitor_key, guest_phone, guest_name, method, checked_in_at,
              checked_out_at, province_code, district_code, commune_code)
            select v.id, 'g:' || x.phone || ':khach ' || x.n, x.phone, 'Khách ' || x.n, 'guest', x.t,
              x.t + make_interval(mins => 15 + (random() * 105)::int), v.province_code, v.district_code, v.commune_code
            from (select g as n, '07' || lpad(((g::bigint * 7919 + $2::bigint * 104729) % 100000000)::text, 8, '0') as phone,
                    ${idSql(options.v4Ids, 'v', 'floor($4 * power(random(), 1.6))::int')} as vid,
                    $1::timestamptz + make_interval(mins => 360 + (random() * 959)::int) as t
                  from generate_series(0, $3 - 1) g) x
            join venues v on v.id = x.vid`,
          [dayStart, d, p.guestsPerDay, p.venues],
        );
      say(`  day ${d + 1}/${p.days} loaded (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    }
  };
  await Promise.all([worker(), worker()]);
  say(`  check-ins inserted in ${((performance.now() - t) / 1000).toFixed(1)} s; building indexes…`);
  t = performance.now();
  await db.execute(sql`set max_parallel_maintenance_workers = 2`);
  for (const ix of indexes) await db.execute(sql.raw(ix.def.replace(' ON ONLY ', ' ON ')));
  if (options.vacuum ?? true) {
    say(`  indexes in ${((performance.now() - t) / 1000).toFixed(1)} s; analysing…`);
    await db.execute(sql`vacuum analyze checkins`);
    await db.execute(sql`vacuum analyze persons`);
  } else
    say(
      `  indexes in ${((performance.now() - t) / 1000).toFixed(1)} s; left un-vacuumed, as right after a load`,
    );
  const [count] = await queryRows<{ n: string }>(db, sql`select count(*)::text as n from checkins`);
  return { ...p, firstDay: firstDayStart.toISOString(), rows: Number(count!.n) };
}
