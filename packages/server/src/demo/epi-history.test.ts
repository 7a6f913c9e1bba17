/**
 * The demo's epidemic history goes straight into the raw tables in bulk; the rollups kept by
 * triggers must then agree with a recount of those raw rows, on both databases.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { checkRollups } from '../indicators/check.ts';
import { createTestDatabase } from '../../test/helpers.ts';
import { insertDemoHistory, prepareDemoHistory } from './epi-history.ts';
import type { HistoryCounts, PreparedHistory } from './epi-history.ts';
import { seedDemoVenues } from './venue-history.ts';

const UNTIL = '2026-12-02';
const PEOPLE_PER_COMMUNE = 150;

describe('the demo history in bulk', () => {
  let database: Database;
  let prepared: PreparedHistory;
  const written: HistoryCounts[] = [];
  let venuesSeeded = { venues: 0, days: 0 };
  beforeAll(async () => {
    database = await createTestDatabase();
    // Six communes of Bến Tre in 2021, 150 demo people each in households of three: one statement.
    await database.db.execute(sql`
      with c as (
        select code, parent_code from admin_units
        where province_code = '83' and level = 'commune' and valid_from <= '2021-07-01'
          and (valid_to is null or valid_to > '2021-07-01')
        order by code limit 6),
      h as (
        insert into households (commune_code, district_code, province_code)
        select c.code, c.parent_code, '83' from c, generate_series(1, ${PEOPLE_PER_COMMUNE / 3})
        returning id, commune_code, district_code)
      insert into persons (full_name, name_key, source, external_key, province_code, district_code,
        commune_code, household_id)
      select 'Người ' || h.id || g, 'nguoi', 'demo', h.id || '-' || g, '83', h.district_code,
        h.commune_code, h.id
      from h, generate_series(1, 3) g`);
    prepared = await prepareDemoHistory(database.db, { seed: 7, scale: 0.002, until: UNTIL });
    written.push(await insertDemoHistory(database.db, prepared, 'before'));
    written.push(await insertDemoHistory(database.db, prepared, 'after'));
    venuesSeeded = await seedDemoVenues(database.db, { seed: 7, scale: 0.002, until: UNTIL });
  });
  afterAll(async () => {
    await database.close();
  });

  it('writes every generated case, its tests and its household contacts', async () => {
    const [counts] = await queryRows<{ cases: number; tests: number; contacts: number; open: number }>(
      database.db,
      sql`select (select count(*)::int from cases) as cases, (select count(*)::int from test_results) as tests,
            (select count(*)::int from contacts) as contacts,
            (select count(*)::int from cases where status = 'open') as open`,
    );
    expect(counts).toEqual({
      cases: prepared.cases.length,
      tests: prepared.cases.length + prepared.negatives.length,
      contacts: prepared.contacts.reduce((n, c) => n + c.length, 0),
      open: prepared.cases.filter((c) => c.record.outcome === null).length,
    });
    expect(written[0]!.cases + written[1]!.cases).toBe(prepared.cases.length);
    expect(written[0]!.cases).toBeGreaterThan(0);
    expect(counts!.open).toBeGreaterThan(0);
  });

  it('leaves case_day_counts equal to a recount of the raw cases', async () => {
    const differences = await queryRows<{ day: string }>(
      database.db,
      sql`select coalesce(s.day, e.day)::text as day
          from (select * from case_day_counts where n <> 0) s full join (
            select coalesce(sample_date, onset_date) as day, disease_code, province_code, district_code,
                   commune_code, count(*)::int as n
            from cases where classification = 'confirmed' group by 1, 2, 3, 4, 5) e
          on s.day = e.day and s.disease_code = e.disease_code and s.province_code = e.province_code
             and s.district_code is not distinct from e.district_code
             and s.commune_code is not distinct from e.commune_code
          where s.n is distinct from e.n`,
    );
    expect(differences).toEqual([]);
    const [peak] = await queryRows<{ month: string }>(
      database.db,
      sql`select to_char(day, 'YYYY-MM') as month from case_day_counts where disease_code = 'COVID-19'
          group by 1 order by sum(n) desc limit 1`,
    );
    expect(peak!.month).toMatch(/^2022-0[2-4]$/u);
  });

  it('registers the check-in points with their daily counts up to the day before yesterday, no check-in rows', async () => {
    const [v] = await queryRows<{
      venues: number;
      active: number;
      last: string;
      rows: number;
      checkins: number;
    }>(
      database.db,
      sql`select (select count(*)::int from venues where status = 'approved') as venues,
            (select count(distinct venue_id)::int from checkin_daily) as active,
            (select max(day)::text from checkin_daily) as last, (select count(*)::int from checkins) as rows,
            (select sum(count)::int from checkin_daily) as checkins`,
    );
    // 7,430 and 370 points × 0.002 (at least 3 active).
    expect(v).toMatchObject({ venues: 15, active: 3, last: '2026-11-30', rows: 0 });
    expect(venuesSeeded.venues).toBe(15);
    expect(v!.checkins).toBeGreaterThan(0);
  });

  it('leaves the situation room rollup equal to the raw rows (rollups:check)', async () => {
    const check = await checkRollups(database.db);
    expect(check.sample).toEqual([]);
    expect(check.differences).toBe(0);
    const [rollup] = await queryRows<{ cases: number; tests: number; checkins: number }>(
      database.db,
      sql`select sum(cases_by_report)::int as cases, sum(tests)::int as tests, sum(checkins)::int as checkins
          from indicator_days_live where grain = 0`,
    );
    const [daily] = await queryRows<{ n: number }>(
      database.db,
      sql`select sum(count)::int as n from checkin_daily`,
    );
    expect(rollup).toEqual({
      cases: prepared.cases.length,
      tests: prepared.cases.length + prepared.negatives.length,
      checkins: daily!.n,
    });
  });
});
