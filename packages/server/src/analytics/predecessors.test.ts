import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { loadUnitDataset } from '../registry/units/load.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { scanAlarms } from './alarms/scan.ts';
import type { UnitAnalysis } from './schemas.ts';

/**
 * Across the 1 July 2025 reform: Phường 8 (28759) of old Bến Tre (83) reports five COVID-19 cases a
 * day in late June, two days after onset; from 1 July its cases are recorded under the new Phường
 * Phú Khương (28756) of the new Vĩnh Long (86), reported the day of onset. A unit's data includes
 * its predecessors' records: the epidemiologist of 86 and the officer of 28756 get curves and a
 * reporting-delay estimate from both periods, and the early-warning scan of 1 July sees the new
 * commune's June baseline (five a day is no alarm). Nobody's access widens beyond the reform: the
 * officer of a neighbouring new commune does not get 28756 and reads none of its cases.
 */
describe('a unit analysed across the reform that merged its predecessors', () => {
  let t: TestApp;
  let province: Record<string, string>;
  let commune: Record<string, string>;
  let neighbour: Record<string, string>;
  const to = '2025-07-10';
  const before = { days: 11, perDay: 5, delay: 2 }; // onsets 18–28 June under 83 / 28759
  const after = { days: 8, perDay: 5, delay: 0 }; // onsets 1–8 July under 86 / 28756
  const total = before.days * before.perDay + after.days * after.perDay;

  const analyse = async (headers: Record<string, string>, unit: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/analytics/unit?unitCode=${unit}&disease=COVID-19&to=${to}`,
      headers,
    });
    return { status: res.statusCode, body: res.json<UnitAnalysis>() };
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.database.db.transaction(async (tx) => {
      await loadUnitDataset(tx, '2025-03');
      await loadUnitDataset(tx, '2025-07');
    });
    await t.database.db.execute(sql`
      with plan(province, district, commune, first, days, per_day, delay) as (values
        ('83', '829', '28759', date '2025-06-18', ${before.days}::int, ${before.perDay}::int, ${before.delay}::int),
        ('86', null, '28756', date '2025-07-01', ${after.days}::int, ${after.perDay}::int, ${after.delay}::int)),
      c as (
        select p.*, p.first + k as onset, i from plan p,
          generate_series(0, p.days - 1) k, generate_series(1, p.per_day) i),
      people as (
        insert into persons (full_name, name_key, province_code, commune_code, source)
        select 'Ca ' || commune || '-' || onset || '-' || i, 'ca ' || commune || '-' || onset || '-' || i,
               '86', '28756', 'test' from c
        returning id, full_name)
      insert into cases (person_id, disease_code, classification, onset_date, sample_date, status,
                         province_code, district_code, commune_code)
      select p.id, 'COVID-19', 'confirmed', c.onset, c.onset + c.delay, 'open', c.province, c.district, c.commune
      from c join people p on p.full_name = 'Ca ' || c.commune || '-' || c.onset || '-' || c.i`);
    ({ headers: province } = await signInAs(t, 'provincial_epidemiologist', '86'));
    ({ headers: commune } = await signInAs(t, 'commune_officer', '28756'));
    ({ headers: neighbour } = await signInAs(t, 'commune_officer', '28783'));
  });
  afterAll(() => t?.close());

  it("reads the curve and the reporting delays of the unit's predecessors too", async () => {
    for (const [headers, unit] of [
      [province, '86'],
      [commune, '28756'],
    ] as const) {
      const { status, body } = await analyse(headers, unit);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.casesByOnset.reduce((s, n) => s + n, 0)).toBe(total);
      expect(body.casesByReport.reduce((s, n) => s + n, 0)).toBe(total);
      // Every case is one onset → report pair: the June delays (2 days) and the July ones (0).
      expect(body.nowcast.pairs).toBe(total);
      expect(body.nowcast.delayPmf[0]).toBeGreaterThan(0.2);
      expect(body.nowcast.delayPmf[2]).toBeGreaterThan(0.2);
      expect(body.nowcast.delayPmf[1]).toBeLessThan(0.05);
    }
  });

  it('widens no access: a neighbouring commune neither gets the unit nor reads its cases', async () => {
    expect((await analyse(neighbour, '28756')).status).toBe(404);
    expect((await analyse(commune, '86')).status).toBe(404);
    const own = await analyse(neighbour, '28783');
    expect(own.status).toBe(200);
    expect(own.body.nowcast.pairs).toBe(0);
    expect(own.body.casesByOnset.reduce((s, n) => s + n, 0)).toBe(0);
  });

  it("scans the new commune's series with its predecessor's baseline", async () => {
    // Five a day in June under 28759, five on 1 July under 28756: one steady series, no EARS alarm
    // (without the carry, 28756 would start from an empty baseline and 28759 be evaluated apart).
    const result = await scanAlarms(t.database, '2025-07-01');
    expect(result).toMatchObject({ ran: true, evaluated: 1 });
    const alarms = await queryRows<{ communeCode: string; method: string }>(
      t.database.db,
      sql`select commune_code as "communeCode", method from analytics_alarms where day = '2025-07-01'`,
    );
    expect(alarms.filter((a) => a.communeCode === '28759')).toEqual([]);
    expect(alarms.filter((a) => a.method !== 'weeklyIncidence')).toEqual([]);
  });
});
