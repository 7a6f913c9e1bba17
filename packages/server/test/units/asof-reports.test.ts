/**
 * Every report takes a "units as of" date (issue #12 item 4): a 2021 dose and a 2021 check-in in
 * Phường 8 (Bến Tre city, province 83) show under Phường Phú Khương (86) in a report in 2026 units
 * and under Phường 8 in a report in 2021 units — through the one crosswalk of every report
 * (registry/units/asof.ts), on PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemAccess } from '../../src/access/context.ts';
import { loadUnitDataset } from '../../src/registry/units/load.ts';
import { rehomeDue } from '../../src/registry/units/rehome.ts';
import { addPeople, createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

interface CoverageRow {
  unitCode: string;
  unitName: string | null;
  doses: number;
  firstDose: number;
  population: number;
  denominator: string;
}
interface ActivityRow {
  key: string;
  name: string | null;
  registered: number;
  checkinsToday: number;
}

describe('reports in the units of a chosen date', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  const get = async <T>(url: string): Promise<T> => {
    const res = await t.app.inject({ method: 'GET', url, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };
  const coverage = (groupBy: string, unitsAsOf: string) =>
    get<{ unitsAsOf: string; items: CoverageRow[] }>(
      `/api/vaccination/coverage?asOf=2021-08-31&groupBy=${groupBy}&unitsAsOf=${unitsAsOf}`,
    );
  const activity = (unitsAsOf: string) =>
    get<{ unitsAsOf: string; byCommune: ActivityRow[]; byDistrict: ActivityRow[] }>(
      `/api/checkins/activity?asOf=2021-08-10&unitsAsOf=${unitsAsOf}`,
    );

  beforeAll(async () => {
    t = await createTestApp();
    const { db } = t.database;
    // August 2021, in the units of the day: a resident of Phường 8 has a first dose, and a shop of
    // Phường 8 records a check-in.
    const [person] = await addPeople(t.database, [
      {
        fullName: 'Lê Thị Thu',
        dateOfBirth: '1980-05-05',
        communeCode: '28759',
        districtCode: '829',
        provinceCode: '83',
      },
    ]);
    await db.execute(sql`
      with s as (
        insert into vaccination_status (person_id, disease, status, doses_given, first_dose_on,
          province_code, district_code, commune_code)
        values (${person!.personId}, 'covid19', 'partial', 1, '2021-08-10', '83', '829', '28759') returning 1),
      c as (
        insert into vaccination_coverage_daily (disease, commune_code, age_band, day, district_code, province_code,
          doses, first_dose, full_schedule, booster)
        values ('covid19', '28759', '18-49', '2021-08-10', '829', '83', 1, 1, 0, 0) returning 1),
      v as (
        insert into venues (name, type, address, province_code, district_code, commune_code, status)
        values ('Tiệm tạp hóa Thu', 'shop', '12 Đồng Khởi', '83', '829', '28759', 'approved') returning id),
      k as (
        insert into checkins (venue_id, visitor_key, method, checked_in_at, checked_out_at,
          province_code, district_code, commune_code)
        select v.id, 'guest:0912345678', 'guest', '2021-08-10 09:00+07', '2021-08-10 10:00+07', '83', '829', '28759'
        from v returning venue_id)
      insert into checkin_daily (venue_id, day, count) select venue_id, '2021-08-10', 1 from k`);
    // The reform takes effect: the person and the shop are re-homed; the dose and the check-in are not.
    await db.transaction(async (tx) => {
      await loadUnitDataset(tx, '2025-07');
      await rehomeDue(tx, systemAccess('units'));
    });
    headers = (await signInAs(t, 'provincial_epidemiologist', '86')).headers;
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts the 2021 dose under Phường Phú Khương in 2026 units', async () => {
    const r = await coverage('commune', '2026-01-15');
    expect(r.unitsAsOf).toBe('2026-01-15');
    expect(r.items).toEqual([
      expect.objectContaining({
        unitCode: '28756',
        unitName: 'Phường Phú Khương',
        doses: 1,
        firstDose: 1,
        population: 1,
        denominator: 'registry',
      }),
    ]);
  });

  it('counts the same dose under Phường 8 in 2021 units', async () => {
    const r = await coverage('commune', '2021-08-10');
    const ward8 = r.items.find((i) => i.unitCode === '28759');
    expect(ward8).toMatchObject({ unitName: 'Phường 8', doses: 1 });
    expect(r.items.find((i) => i.doses > 0 && i.unitCode !== '28759')).toBeUndefined();
    // The person's address holds only today's commune: in 2021 units it is shared equally among the
    // four communes that became the new Phường Phú Khương (the documented backward rule).
    expect(r.items.reduce((a, i) => a + i.population, 0)).toBeCloseTo(1);
    expect(ward8!.population).toBeCloseTo(0.25);
  });

  it('groups by district in 2021 units and by health area in 2026 units', async () => {
    const old = await coverage('district', '2021-08-10');
    expect(old.items).toEqual([
      expect.objectContaining({ unitCode: '829', unitName: 'Thành phố Bến Tre', doses: 1 }),
    ]);
    const now = await coverage('district', '2026-01-15');
    expect(now.items).toEqual([
      expect.objectContaining({ unitCode: '829', unitName: 'Khu vực y tế Thành phố Bến Tre', doses: 1 }),
    ]);
  });

  it('counts the 2021 check-in under Phường Phú Khương in 2026 units and Phường 8 in 2021 units', async () => {
    const now = await activity('2026-01-15');
    expect(now.unitsAsOf).toBe('2026-01-15');
    expect(now.byCommune).toEqual([
      expect.objectContaining({ key: '28756', name: 'Phường Phú Khương', registered: 1, checkinsToday: 1 }),
    ]);
    const old = await activity('2021-08-10');
    expect(old.byCommune).toEqual([
      expect.objectContaining({ key: '28759', name: 'Phường 8', registered: 1, checkinsToday: 1 }),
    ]);
    expect(old.byDistrict).toEqual([expect.objectContaining({ key: '829', name: 'Thành phố Bến Tre' })]);
  });

  it('refuses a units date that is not a date', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/vaccination/coverage?unitsAsOf=2021-13-45',
      headers,
    });
    expect(res.statusCode).toBe(400);
  });
});
