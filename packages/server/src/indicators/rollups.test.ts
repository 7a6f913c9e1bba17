import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemAccess } from '../access/context.ts';
import { runCommand } from '../cli.ts';
import { queryRows } from '../db/client.ts';
import { checkRollups, rebuildRollups } from './check.ts';
import { ROLLUPS, foldIndicatorDeltas } from './fold.ts';
import { readIndicators } from './read.ts';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';

/**
 * The situation room's rollup is written by the source tables' triggers in the transaction of each
 * write; after a mix of inserts, updates (results, case closure, dose void, a venue moving) and
 * deletes it still equals a recount from the raw rows, and the check command says so.
 */
describe('indicator rollups kept with every write', () => {
  let t: TestApp;
  const system = systemAccess('indicator rollup test');

  beforeAll(async () => {
    t = await createTestApp();
    const { db } = t.database;
    // 30 people in two communes of Bến Tre city (district 829) and one of Châu Thành (831).
    await db.execute(sql`
      insert into persons (full_name, name_key, province_code, district_code, commune_code, source)
      select 'Người ' || g, 'nguoi ' || g, '83', case when g % 3 = 2 then '831' else '829' end,
             (array['28756', '28759', '28801'])[1 + g % 3], 'test'
      from generate_series(1, 30) g`);
    await db.execute(sql`
      with p as (select id, province_code, district_code, commune_code, row_number() over (order by full_name) as i
                 from persons where source = 'test')
      insert into cases (person_id, disease_code, classification, onset_date, sample_date, status,
                         province_code, district_code, commune_code)
      select id, 'COVID-19', case when i % 7 = 0 then 'suspected' else 'confirmed' end,
             date '2021-08-01' + (i % 10)::int, date '2021-08-03' + (i % 10)::int, 'open',
             province_code, district_code, commune_code from p`);
    await db.execute(sql`
      insert into specimens (barcode, person_id, test_type, collected_at, province_code, district_code, commune_code)
      select 'IND' || row_number() over (), id, 'rtPcr', timestamptz '2021-08-02 09:00+07', province_code, district_code, commune_code
      from persons where source = 'test'`);
    await db.execute(sql`
      insert into test_results (specimen_id, person_id, test_type, outcome, sampled_at, resulted_at, source,
                                province_code, district_code, commune_code)
      select s.id, s.person_id, 'rtPcr', case when row_number() over () % 2 = 0 then 'positive' else 'negative' end,
             s.collected_at, timestamptz '2021-08-03 23:30+07', 'entry', s.province_code, s.district_code, s.commune_code
      from specimens s where s.barcode like 'IND%'`);
    const [facility] = await queryRows<{ id: string }>(
      db,
      sql`insert into facilities (kind, name, unit_code, district_code, province_code)
          values ('commune_health_station', 'Trạm Y tế Phường 8', '28759', '829', '83') returning id`,
    );
    await db.execute(
      sql`insert into vaccine_lots (product_code, lot_number, expiry_date) values ('test-product', 'IND-1', '2030-01-01')`,
    );
    await db.execute(sql`
      insert into vaccination_doses (person_id, facility_id, product_code, lot_id, dose_number, dose_kind, date,
                                     screening, age_band, province_code, district_code, commune_code)
      select p.id, ${facility!.id}::uuid, 'test-product', (select id from vaccine_lots where lot_number = 'IND-1'),
             1 + (row_number() over ())::int % 3, case when row_number() over () % 4 = 0 then 'booster' else 'primary' end,
             date '2021-09-01', '{}'::jsonb, '18-49', p.province_code, p.district_code, p.commune_code
      from persons p where p.source = 'test'`);
    await db.execute(sql`
      insert into venues (name, type, address, province_code, district_code, commune_code, status, reviewed_at)
      values ('Chợ Bến Tre', 'market', '1 Đường A', '83', '829', '28756', 'approved', timestamptz '2021-07-20 10:00+07'),
             ('Quán cà phê', 'cafe', '2 Đường B', '83', '829', '28759', 'pending', null)`);
    await db.execute(sql`
      insert into checkin_daily (venue_id, day, count)
      select v.id, date '2021-08-01' + g, 10 + g from venues v, generate_series(0, 4) g`);
    await db.execute(sql`
      insert into facility_bed_reports (facility_id, day, beds_total, beds_occupied, icu_total, icu_occupied,
                                        province_code, district_code, commune_code)
      values (${facility!.id}::uuid, '2021-08-05', 40, 31, 4, 3, '83', '829', '28759')`);
  });
  afterAll(() => t?.close());

  it('equals the raw rows after inserts', async () => {
    expect(await checkRollups(t.database.db)).toEqual({ differences: 0, sample: [] });
  });

  it('still equals them after closures, a death, a reclassification, a voided dose, a moved venue and deletions', async () => {
    const { db } = t.database;
    await db.execute(sql`update cases set status = 'closed', outcome = 'recovered', outcome_date = date '2021-08-20'
      where commune_code = '28756' and classification = 'confirmed'`);
    await db.execute(sql`update cases set status = 'closed', outcome = 'died', outcome_date = date '2021-08-12'
      where id = (select id from cases where commune_code = '28801' and classification = 'confirmed' limit 1)`);
    await db.execute(sql`update cases set classification = 'confirmed' where classification = 'suspected'`);
    await db.execute(
      sql`update test_results set outcome = 'positive' where outcome = 'negative' and commune_code = '28759'`,
    );
    await db.execute(
      sql`update vaccination_doses set voided_at = now(), void_reason = 'test' where commune_code = '28801'`,
    );
    await db.execute(
      sql`update venues set commune_code = '28801', district_code = '831' where name = 'Chợ Bến Tre'`,
    );
    await db.execute(sql`update venues set status = 'approved' where status = 'pending'`);
    await db.execute(sql`update checkin_daily set count = count + 5 where day = date '2021-08-02'`);
    await db.execute(sql`delete from checkin_daily where day = date '2021-08-05'`);
    await db.execute(sql`update facility_bed_reports set beds_occupied = 35`);
    await db.execute(sql`delete from test_results where commune_code = '28801'`);
    await db.execute(sql`
      insert into vaccination_coverage_daily (disease, commune_code, age_band, day, district_code, province_code, doses, first_dose)
      values ('covid19', '28756', '18-49', '2021-09-01', '829', '83', 3, 3), ('covid19', '28801', '65+', '2021-09-02', '831', '83', 1, 1)`);
    await db.execute(
      sql`update vaccination_coverage_daily set full_schedule = 1 where commune_code = '28801'`,
    );
    await db.execute(
      sql`update persons set commune_code = '28801', district_code = '831' where full_name = 'Người 3'`,
    );
    await db.execute(
      sql`update persons set merged_into = (select id from persons where full_name = 'Người 1') where full_name = 'Người 2'`,
    );
    expect(await checkRollups(t.database.db)).toEqual({ differences: 0, sample: [] });
  });

  it('lets two writers of one province and day commit without waiting on each other (PostgreSQL)', async () => {
    const { pool } = t.database;
    if (!pool) return; // PGlite: one connection, nothing runs concurrently
    const first = await pool.connect();
    const second = await pool.connect();
    const result = (barcode: string) => `
      with s as (insert into specimens (barcode, person_id, test_type, collected_at, province_code, district_code, commune_code)
                 select '${barcode}', id, 'rtPcr', now(), province_code, district_code, commune_code
                 from persons where full_name = 'Người 4' returning *)
      insert into test_results (specimen_id, person_id, test_type, outcome, sampled_at, resulted_at, source,
                                province_code, district_code, commune_code)
      select id, person_id, 'rtPcr', 'positive', now(), now(), 'entry', province_code, district_code, commune_code from s`;
    try {
      await first.query('begin');
      await first.query(result('IND-LOCK-1'));
      // The first writer has not committed; the second adds to the same province, district,
      // commune and day. Before the deltas it waited on the first's row lock until its commit.
      await second.query('begin');
      await second.query(`set local lock_timeout = '2s'`);
      await second.query(result('IND-LOCK-2'));
      await second.query('commit');
      await first.query('commit');
    } finally {
      await first.query('rollback').catch(() => undefined);
      first.release();
      second.release();
    }
    expect(await checkRollups(t.database.db)).toEqual({ differences: 0, sample: [] });
  });

  it('folds the appended changes into the rollups: the deltas empty, reads and the check unchanged', async () => {
    const { db } = t.database;
    const q = {
      from: '2021-08-01',
      to: '2021-09-30',
      asOf: '2021-10-01',
      disease: 'COVID-19',
      unitCode: '83',
    };
    const before = await readIndicators(db, system, q);
    const pending = async () => {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql.raw(`select (${ROLLUPS.map((r) => `(select count(*) from ${r.deltas})`).join(' + ')})::int as n`),
      );
      return row!.n;
    };
    const waiting = await pending();
    expect(waiting).toBeGreaterThan(0);
    expect(await foldIndicatorDeltas(db)).toBe(waiting);
    expect(await pending()).toBe(0);
    expect(await readIndicators(db, system, q)).toEqual(before);
    expect(await checkRollups(db)).toEqual({ differences: 0, sample: [] });
    // Nothing left: a second fold moves nothing.
    expect(await foldIndicatorDeltas(db)).toBe(0);
  });

  it('reads a province, a district and a commune from the rollup', async () => {
    const { db } = t.database;
    const q = { from: '2021-08-01', to: '2021-09-30', asOf: '2021-10-01', disease: 'COVID-19' };
    const province = await readIndicators(db, system, { ...q, unitCode: '83', children: true });
    const [raw] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from cases where classification = 'confirmed'`,
    );
    expect(province.unit).toMatchObject({ code: '83', level: 'province' });
    expect(province.days).toHaveLength(61);
    expect(province.totals.casesByReport).toBe(raw!.n);
    expect(province.totals.deaths).toBe(1);
    expect(province.totals.bedsOccupied).toBe(0); // a stock: the period's last day had no report
    expect(province.series.bedsOccupied![4]).toBe(35);
    expect(province.totals.doses).toBe(20);
    expect(province.unit.population).toBe(29); // registered residents (one merged away), no census
    expect(province.coverage.find((b) => b.ageBand === '65+')).toMatchObject({
      firstDose: 1,
      fullSchedule: 1,
    });
    const district = province.children!.find((c) => c.code === '829')!;
    const commune = await readIndicators(db, system, { ...q, unitCode: '28756' });
    expect(commune.unit.level).toBe('commune');
    expect(district.totals.casesByReport).toBeGreaterThanOrEqual(commune.totals.casesByReport!);
    // The commune's first cases closed on 20 August; those confirmed later are still open.
    const [open] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from cases where commune_code = '28756' and classification = 'confirmed' and status = 'open'`,
    );
    expect(commune.totals.casesActive).toBe(open!.n);
  });

  it('rebuilds from the raw rows, and the check command reports a tampered cell and exits 1', async () => {
    const { db } = t.database;
    await db.execute(sql`update indicator_days set tests = tests + 1 where grain = 0 and tests > 0`);
    const lines: string[] = [];
    expect(await runCommand(t.database, 'rollups:check', {}, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toContain('tests: stored');
    await db.transaction((tx) => rebuildRollups(tx));
    expect(await runCommand(t.database, 'rollups:check', {}, (l) => lines.push(l))).toBe(0);
  });
});
