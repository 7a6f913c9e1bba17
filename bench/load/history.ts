/**
 * Two years of full-scale province history for the dashboard benchmark, built on PostgreSQL with
 * set-based statements (generate_series / unnest: no row travels from Node but the daily counts):
 * the new Vĩnh Long's old Bến Tre territory (the 48 new communes of 2025-07), people, cases with
 * their tests (1 positive + 4 negatives each, as the demo's 20 % positivity) and household
 * contacts, doses along the 2021 rollout with the coverage rollup, and venues with two years of
 * daily check-in counts. Records dated before 1/7/2025 name the old (2021) commune and district,
 * later ones today's commune, as the demo does. The situation room's rollups follow from their
 * statement triggers, one aggregation per statement.
 *
 * The day shapes come from `@epilink/demo`'s curves: Bến Tre's 2021–2022 COVID-19 wave replayed
 * over the window, and the dengue season of each year, scaled to the requested totals.
 * Check-ins are carried as the daily rollup (`checkin_daily`): raw check-ins live only for the
 * retention period (`checkin.retentionDays`), so two years of them are counts, not rows.
 */
import { covidExpected, dengueSeasonExpected, parseYmd, civilFromDays, formatYmd } from '@epilink/demo';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../packages/server/src/db/client.ts';
import { queryRows } from '../../packages/server/src/db/client.ts';
import { msSince, round, say } from '../lib.ts';

export interface HistorySize {
  people: number;
  cases: number;
  doses: number;
  checkins: number;
  venues: number;
  activeVenues: number;
  /** Last day of the history (local), inclusive; the window is the 730 days up to it. */
  until: string;
}

export const FULL_SCALE: Omit<HistorySize, 'until'> = {
  people: 1_300_000,
  cases: 200_000,
  doses: 2_500_000,
  checkins: 30_000_000,
  venues: 7_430,
  activeVenues: 370,
};

export const WINDOW_DAYS = 730;
const REFORM_DAY = '2025-07-01';
/** Share of the cases that are COVID-19 (the rest dengue). */
const COVID_SHARE = 0.6;

/** Per-day case counts of the window, by disease, adding up to `total` (largest remainders). */
export function dailyCaseCounts(
  until: string,
  total: number,
): { days: string[]; diseases: string[]; counts: number[] } {
  const end = parseYmd(until);
  const start = end - WINDOW_DAYS + 1;
  // Replay the 2021–2022 wave from the window's start (the real one began on 1/7/2021).
  const shift = start - parseYmd('2021-07-01');
  const out = { days: [] as string[], diseases: [] as string[], counts: [] as number[] };
  for (const [disease, share, curve] of [
    ['COVID-19', COVID_SHARE, (d: number) => covidExpected(d - shift)],
    ['DENGUE', 1 - COVID_SHARE, dengueSeasonExpected],
  ] as const) {
    const weights = Array.from({ length: WINDOW_DAYS }, (_, i) => curve(start + i));
    const sum = weights.reduce((a, b) => a + b, 0);
    const want = Math.round(total * share);
    const exact = weights.map((w) => (w / sum) * want);
    const counts = exact.map(Math.floor);
    let left = want - counts.reduce((a, b) => a + b, 0);
    const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
    for (const [, i] of order) {
      if (left-- <= 0) break;
      counts[i]!++;
    }
    counts.forEach((n, i) => {
      if (n === 0) return;
      out.days.push(formatYmd(civilFromDays(start + i)));
      out.diseases.push(disease);
      out.counts.push(n);
    });
  }
  return out;
}

/** A PostgreSQL array literal (one parameter; the values are dates, codes and integers). */
const pgArray = (values: readonly (string | number)[]) => `{${values.join(',')}}`;

/** The 48 new communes of old Bến Tre with their old communes and districts (2025-07 change table). */
const COMMUNES = sql`(select new_code, min(old_district_code) as district_code,
    array_agg(old_code order by old_code) as olds, array_agg(old_district_code order by old_code) as old_districts,
    row_number() over (order by new_code) - 1 as idx
  from unit_changes where change_set = '2025-07' and old_province_code = '83' and kind = 'whole'
  group by new_code)`;

/** A person's place on a day: before the reform its old commune (chosen by `k`), after it today's. */
function placeOn(day: string, k: string) {
  return {
    province: sql.raw(`case when ${day} < date '${REFORM_DAY}' then '83' else '86' end`),
    district: sql.raw(
      `case when ${day} < date '${REFORM_DAY}' then p.old_districts[1 + ${k} % array_length(p.olds, 1)] else p.district_code end`,
    ),
    commune: sql.raw(
      `case when ${day} < date '${REFORM_DAY}' then p.olds[1 + ${k} % array_length(p.olds, 1)] else p.commune_code end`,
    ),
  };
}

async function step(
  label: string,
  work: () => Promise<unknown>,
  times: Record<string, number>,
): Promise<void> {
  const start = performance.now();
  await work();
  times[label] = round(msSince(start) / 1000, 1);
  say(`  ${label}: ${times[label]} s`);
}

/**
 * Replace the benchmark database's history with one of the given size. Returns seconds per step.
 * Person k (1..people) has external key k; k's commune is the (k mod 48)-th new commune.
 */
export async function buildHistory(
  database: Db,
  size: HistorySize,
  rebuildRollups?: (tx: DbOrTx) => Promise<unknown>,
): Promise<Record<string, number>> {
  const times: Record<string, number> = {};
  const db = database;
  const { people } = size;
  const from = formatYmd(civilFromDays(parseYmd(size.until) - WINDOW_DAYS + 1));
  await step(
    'truncate',
    () =>
      db.execute(
        sql`truncate contacts, test_results, specimens, cases, vaccination_doses, vaccination_coverage_daily,
            checkin_daily, venues, persons cascade`,
      ),
    times,
  );
  // One transaction; with the rollups' rebuild at hand, triggers (and foreign-key checks) are off
  // while loading and the rollups are built once from the raw rows afterwards.
  await database.transaction(async (db) => {
    if (rebuildRollups) await db.execute(sql`set local session_replication_role = replica`);
    await step(
      'people',
      () =>
        db.execute(sql`
          insert into persons (full_name, name_key, date_of_birth, sex, province_code, district_code, commune_code, source, external_key)
          select 'Người ' || g, 'nguoi ' || g, date '1940-01-01' + (g * 37 % 30000), case when g % 2 = 0 then 'female' else 'male' end,
                 '86', m.district_code, m.new_code, 'bench', g::text
          from generate_series(1, ${people}) g join ${COMMUNES} m on m.idx = g % 48`),
      times,
    );
    await db.execute(sql`analyze persons`);
    const daily = dailyCaseCounts(size.until, size.cases);
    // Case k: person 1 + (k·7919 mod people) (7919 is prime: distinct people while cases < people).
    const picked = sql`(select x.day, x.disease, x.k, p.id as person_id, p.commune_code, p.district_code, m.olds, m.old_districts
        from (select d.day, d.disease, row_number() over (order by d.day, d.disease) as k
              from unnest(${pgArray(daily.days)}::date[], ${pgArray(daily.diseases)}::text[], ${pgArray(daily.counts)}::int[]) as d(day, disease, n),
                   generate_series(1, d.n)) x
        join persons p on p.source = 'bench' and p.external_key = (1 + (x.k * 7919) % ${people})::text
        join ${COMMUNES} m on m.new_code = p.commune_code)`;
    const at = placeOn('p.day', 'p.k');
    await step(
      'cases',
      () =>
        db.execute(sql`
          insert into cases (person_id, disease_code, classification, onset_date, sample_date, severity, outcome,
            outcome_date, status, note, confirmed_at, created_at, updated_at, province_code, district_code, commune_code)
          select p.person_id, p.disease, 'confirmed', p.day - (p.k % 3)::int, p.day, 'mild',
            case when p.day + 10 <= ${size.until}::date then 'recovered' end,
            case when p.day + 10 <= ${size.until}::date then p.day + 10 end,
            case when p.day + 10 <= ${size.until}::date then 'closed' else 'open' end, 'bench history',
            p.day + time '09:00', p.day + time '09:00', p.day + time '09:00', ${at.province}, ${at.district}, ${at.commune}
          from ${picked} p`),
      times,
    );
    // Five tests per case: j = 0 the case's positive sample, j = 1..4 negatives of people nearby.
    await step(
      'tests',
      () =>
        db.execute(sql`
          with s as (
            insert into specimens (barcode, person_id, test_type, disease_code, collected_at, status, province_code, district_code, commune_code)
            select 'BH' || p.k || '-' || j, coalesce(q.id, p.person_id),
              case when p.disease = 'COVID-19' then 'rtPcr' else 'rapidAntigen' end, p.disease,
              (p.day + time '02:00') at time zone 'UTC', 'resulted', ${at.province}, ${at.district}, ${at.commune}
            from ${picked} p cross join generate_series(0, 4) j
            left join persons q on j > 0 and q.source = 'bench' and q.external_key = (1 + (p.k * 7919 + j * 48) % ${people})::text
            returning id, barcode, person_id, test_type, disease_code, collected_at, province_code, district_code, commune_code)
          insert into test_results (specimen_id, person_id, test_type, disease_code, outcome, sampled_at, resulted_at, source,
            province_code, district_code, commune_code)
          select id, person_id, test_type, disease_code, case when barcode like '%-0' then 'positive' else 'negative' end,
            collected_at, collected_at + interval '1 day', 'import', province_code, district_code, commune_code from s`),
      times,
    );
    await step(
      'contacts',
      () =>
        db.execute(sql`
          insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type, exposure_date, source,
            status, follow_up_status, monitoring_until, created_at, province_code, district_code, commune_code)
          select c.id, c.person_id, q.id, c.disease_code, 'household', c.onset_date, 'household', 'confirmed',
            case when c.status = 'closed' then 'completed' else 'active' end, c.onset_date + 14, c.created_at,
            c.province_code, c.district_code, c.commune_code
          from cases c join persons p on p.id = c.person_id cross join generate_series(1, 2) j
          join persons q on q.source = 'bench' and q.external_key = (1 + (p.external_key::int + j * 48) % ${people})::text
          where c.disease_code = 'COVID-19' and c.note = 'bench history'`),
      times,
    );
    await step('doses', () => insertDoses(db, size), times);
    await step('check-ins', () => insertCheckins(db, size, from), times);
    if (rebuildRollups) {
      await db.execute(sql`set local session_replication_role = origin`);
      await step('rollups', () => rebuildRollups(db), times);
    }
  });
  await step('analyze', () => db.execute(sql`analyze`), times);
  return times;
}

/** Doses on their 2021–2022 dates (old communes) and the coverage rollup built from them. */
async function insertDoses(db: DbOrTx, size: HistorySize): Promise<void> {
  const [facility] = await queryRows<{ id: string }>(
    db,
    sql`insert into facilities (kind, name, unit_code, province_code, district_code)
        values ('vaccination_site', 'Điểm tiêm (bench)', '829', '83', '829') returning id`,
  );
  const [lot] = await queryRows<{ id: string }>(
    db,
    sql`insert into vaccine_lots (product_code, lot_number, expiry_date) values ('EU/1/20/1528', 'BENCH-H', '2031-12-31')
        on conflict do nothing returning id`,
  );
  const lotId =
    lot?.id ??
    (await queryRows<{ id: string }>(db, sql`select id from vaccine_lots where lot_number = 'BENCH-H'`))[0]!
      .id;
  // Born before 15/7/2009 (of age for the rollout): about 85 % of the people. First, second and
  // booster shares in the ratio 0.95 : 0.9 : 0.45, scaled so the total is about size.doses.
  const c = Math.min(1 / 0.95, size.doses / (size.people * 0.85 * 2.3));
  const share = (x: number) => Math.round(1000 * x * c);
  const band = (dob: string, on: string) =>
    sql.raw(`(select case when a < 5 then '0-4' when a < 12 then '5-11' when a < 18 then '12-17' when a < 50 then '18-49'
      when a < 65 then '50-64' else '65+' end from (select extract(year from age(${on}, ${dob}))::int as a) y)`);
  await db.execute(sql`
    insert into vaccination_doses (person_id, facility_id, product_code, lot_id, dose_number, dose_kind, date,
      vaccinator_name, screening, age_band, province_code, district_code, commune_code)
    select p.id, ${facility!.id}::uuid, 'EU/1/20/1528', ${lotId}::uuid, n, case when n = 3 then 'booster' else 'primary' end, d.day,
      'bench', '{"outcome":"vaccinate"}'::jsonb, ${band('p.date_of_birth', 'd.day')}, '83',
      m.old_districts[1 + k % array_length(m.olds, 1)], m.olds[1 + k % array_length(m.olds, 1)]
    from (select p.*, p.external_key::int as k from persons p where p.source = 'bench') p
    join ${COMMUNES} m on m.new_code = p.commune_code
    cross join generate_series(1, 3) n
    cross join lateral (select date '2021-07-15' + (p.k % 150) + case n when 1 then 0 when 2 then 28 else 178 end as day) d
    where p.date_of_birth < date '2009-07-15'
      and (p.k % 1000) < case n when 1 then ${share(0.95)}::int when 2 then ${share(0.9)}::int else ${share(0.45)}::int end`);
  await db.execute(sql`
    insert into vaccination_coverage_daily (disease, commune_code, age_band, day, district_code, province_code,
      doses, first_dose, full_schedule, booster)
    select 'covid19', commune_code, age_band, date, min(district_code), min(province_code), count(*)::int,
      count(*) filter (where dose_number = 1)::int, count(*) filter (where dose_number = 2)::int,
      count(*) filter (where dose_number = 3)::int
    from vaccination_doses where vaccinator_name = 'bench' group by commune_code, age_band, date`);
}

/** Venues (approved in 2021) and two years of daily counts for the active ones. */
async function insertCheckins(db: DbOrTx, size: HistorySize, from: string): Promise<void> {
  await db.execute(sql`
    insert into venues (name, type, address, province_code, district_code, commune_code, status, reviewed_at, created_at)
    select 'Điểm quét ' || g, 'shop', 'bench', '86', m.district_code, m.new_code,
      'approved', timestamptz '2021-09-01 09:00+07', timestamptz '2021-09-01 09:00+07'
    from generate_series(1, ${size.venues}) g join ${COMMUNES} m on m.idx = g % 48`);
  const perVenueDay = size.checkins / size.activeVenues / WINDOW_DAYS;
  // Active venues: every (venues / active)-th; counts vary by weekday and venue around the mean.
  await db.execute(sql`
    insert into checkin_daily (venue_id, day, count)
    select v.id, d::date, greatest(0, round(${perVenueDay}::float8 * (0.7 + 0.6 * ((v.n * 31 + (d::date - ${from}::date) * 17) % 100) / 99.0)))::bigint
    from (select id, row_number() over (order by id) as n from venues) v
    cross join generate_series(${from}::date, ${from}::date + ${WINDOW_DAYS - 1}::int, interval '1 day') d
    where v.n <= ${size.activeVenues}::int`);
}
