import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userAccess } from '../../src/access/context.ts';
import type { Access } from '../../src/access/context.ts';
import { queryRows } from '../../src/db/client.ts';
import { loadUnitDataset } from '../../src/registry/units/load.ts';
import { weeklyCasesByCommune } from '../../src/registry/units/report.ts';
import { createTestApp } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

const official = (code: string, level: 'province' | 'commune'): Access =>
  userAccess({
    id: '00000000-0000-4000-8000-0000000000aa',
    username: `rollup.${code}`,
    role: level === 'province' ? 'provincial_epidemiologist' : 'commune_officer',
    jurisdiction: { level, code },
  });

/** The rollup's non-zero rows and a count over the cases themselves, in one comparable shape. */
const ROLLUP = sql`select day::text, disease_code, province_code, district_code, commune_code, n
  from case_day_counts where n <> 0 order by 1, 2, 3, 4, 5`;
const RAW = sql`select coalesce(sample_date, onset_date, (created_at at time zone 'Asia/Ho_Chi_Minh')::date)::text as day,
    disease_code, province_code, district_code, commune_code, count(*)::int as n
  from cases where classification = 'confirmed' group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`;

describe('the daily case rollup behind the units-as-of report', () => {
  let t: TestApp;
  const report = (access: Access, unitsAsOf: string, source: 'rollup' | 'cases') =>
    weeklyCasesByCommune(
      t.database.db,
      access,
      { from: '2024-07-01', to: '2026-06-30', unitsAsOf, disease: 'COVID-19' },
      source,
    );

  beforeAll(async () => {
    t = await createTestApp();
    const { db } = t.database;
    // The reform's list and change table, before the people below are added in their current communes.
    await db.transaction((tx) => loadUnitDataset(tx, '2025-07'));
    // 90 people: a third live in Xã Trà Côn (29836, a part of the divided Thị trấn Tam Bình), a
    // third in Xã Tam Bình (29719, the other part), a third in Phường Phú Khương (28756, no part).
    await db.execute(sql`
      insert into persons (full_name, name_key, province_code, commune_code, source)
      select 'Người ' || g, 'nguoi ' || g, '86', (array['29836', '29719', '28756'])[1 + g % 3], 'test'
      from generate_series(1, 90) g`);
    // 600 cases over two years: before 1/7/2025 in old Phường 8 (83) or the divided Thị trấn Tam
    // Bình (86, district 860); after it in the new communes. Some suspected, some dated by onset or
    // only by the day recorded.
    await db.execute(sql`
      with p as (select id, row_number() over (order by full_name) as i from persons where source = 'test'),
      c as (select g, date '2024-07-01' + (g * 7) % 730 as d from generate_series(1, 600) g)
      insert into cases (person_id, disease_code, classification, sample_date, onset_date, created_at,
                         status, province_code, district_code, commune_code)
      select p.id, 'COVID-19', case when c.g % 11 = 0 then 'suspected' else 'confirmed' end,
             case when c.g % 5 = 0 then null else c.d end,
             case when c.g % 5 = 0 and c.g % 2 = 0 then c.d end,
             (c.d + time '10:00') at time zone 'Asia/Ho_Chi_Minh', 'closed',
             case when c.d >= date '2025-07-01' then '86' when c.g % 2 = 0 then '83' else '86' end,
             case when c.d >= date '2025-07-01' then null when c.g % 2 = 0 then '829' else '860' end,
             case when c.d >= date '2025-07-01' then (array['29836', '29719', '28756'])[1 + c.g % 3]
                  when c.g % 2 = 0 then '28759' else '29719' end
      from c join p on p.i = 1 + c.g % 90`);
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  it('equals a count over the cases after inserts, reclassifications, moves and deletions', async () => {
    const { db } = t.database;
    expect(await queryRows(db, ROLLUP)).toEqual(await queryRows(db, RAW));
    await db.execute(
      sql`update cases set classification = 'confirmed' where classification = 'suspected' and sample_date < '2025-01-01'`,
    );
    await db.execute(
      sql`update cases set classification = 'discarded' where sample_date between '2025-02-01' and '2025-02-20'`,
    );
    await db.execute(
      sql`update cases set sample_date = sample_date + 3 where commune_code = '28759' and sample_date < '2024-10-01'`,
    );
    await db.execute(sql`delete from cases where onset_date is not null and onset_date > '2026-01-01'`);
    const rows = await queryRows<{ n: number }>(db, ROLLUP);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows).toEqual(await queryRows(db, RAW));
  });

  it('gives the same report from the rollup as from the raw cases, a divided commune included', async () => {
    const province = official('86', 'province');
    const inToday = await report(province, '2026-01-15', 'rollup');
    expect(inToday).toEqual(await report(province, '2026-01-15', 'cases'));
    // Old Thị trấn Tam Bình's cases went to the part holding the person's commune (Trà Côn or Tam
    // Bình), else half to each: some weeks have fractional counts in both parts.
    const tracon = inToday.cells.filter((c) => c.unitCode === '29836');
    expect(tracon.some((c) => c.week < '2025-06-30')).toBe(true);
    expect(inToday.cells.some((c) => c.week < '2025-06-30' && !Number.isInteger(c.cases))).toBe(true);
    const total = inToday.cells.reduce((s, c) => s + c.cases, 0);
    const [confirmed] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from cases where classification = 'confirmed'
          and coalesce(sample_date, onset_date, (created_at at time zone 'Asia/Ho_Chi_Minh')::date) between '2024-07-01' and '2026-06-30'`,
    );
    expect(Math.round(total)).toBe(confirmed!.n);
    // In the units of 2024, and for a commune official of Trà Côn (who covers old Tam Bình's records).
    expect(await report(province, '2024-01-01', 'rollup')).toEqual(
      await report(province, '2024-01-01', 'cases'),
    );
    const commune = official('29836', 'commune');
    const theirs = await report(commune, '2026-01-15', 'rollup');
    expect(theirs.cells.length).toBeGreaterThan(0);
    expect(theirs).toEqual(await report(commune, '2026-01-15', 'cases'));
  });
});
