import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { storeClockZone } from './clockZone.ts';
import { queryRows } from './client.ts';

/**
 * One clock in SQL too: a case reported at 20:30 UTC on 10 March is a case of 11 March in Bến Tre
 * (03:30, UTC+7). The indicator triggers cut its day in the zone the database was given from the
 * config's TIME_ZONE, not in a zone written into the SQL — so a province configured in UTC (or any
 * other zone) counts it on the 10th.
 */
describe('the database cuts local days in the configured time zone', () => {
  let t: TestApp;
  const reportedAt = '2026-03-10T20:30:00Z';

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A case with neither onset nor sample date (its report day is its creation's local day). */
  async function reportCase(name: string): Promise<string[]> {
    const { db } = t.database;
    await db.execute(sql`delete from indicator_day_deltas`);
    await db.execute(sql`
      with p as (
        insert into persons (full_name, name_key, province_code, district_code, commune_code, source)
        values (${name}, ${name}, '83', '829', '28756', 'test') returning id)
      insert into cases (person_id, disease_code, classification, status, created_at,
                         province_code, district_code, commune_code)
      select id, 'COVID-19', 'confirmed', 'open', ${reportedAt}::timestamptz, '83', '829', '28756' from p`);
    const rows = await queryRows<{ day: string }>(
      db,
      sql`select distinct day::text as day from indicator_day_deltas where cases_by_report <> 0`,
    );
    return rows.map((r) => r.day);
  }

  it('counts the case on the province day by default (Asia/Ho_Chi_Minh)', async () => {
    const [zone] = await queryRows<{ zone: string }>(t.database.db, sql`select epilink_time_zone() as zone`);
    expect(zone?.zone).toBe('Asia/Ho_Chi_Minh');
    expect(await reportCase('Nguyễn Văn A')).toEqual(['2026-03-11']);
  });

  it('counts it on the day of the zone the server was configured with', async () => {
    await storeClockZone(t.database.db, 'UTC');
    const [zone] = await queryRows<{ zone: string }>(t.database.db, sql`select epilink_time_zone() as zone`);
    expect(zone?.zone).toBe('UTC');
    expect(await reportCase('Trần Thị B')).toEqual(['2026-03-10']);
  });
});
