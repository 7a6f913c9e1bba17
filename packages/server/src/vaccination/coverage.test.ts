/**
 * The coverage rollup, kept in each dose's transaction, equals a direct count over the dose rows
 * after generated days of sessions (with a few doses voided), on both databases.
 */
import { VACCINE_CATALOGUE } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { CLEAR_SCREENING, siteWithLot } from './test-fixtures.ts';

let t: TestApp;
let headers: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ CERT_KEY_SECRET: 'test-certificate-key-secret-0123456789abcdef' });
  headers = (await signInAs(t, 'vaccinator', '83')).headers;
});
afterAll(async () => {
  await t?.close();
});

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

type Row = {
  commune: string;
  band: string;
  day: string;
  doses: number;
  first: number;
  full: number;
  booster: number;
};
const key = (r: Row) => `${r.commune}|${r.band}|${r.day}`;

describe('coverage rollup', () => {
  it('matches a direct count after days of sessions', async () => {
    const random = rng(42);
    const communes = [
      { commune: '28756', district: '829' },
      { commune: '28759', district: '829' },
      { commune: '28804', district: '831' },
    ];
    const people = await addPeople(
      t.database,
      Array.from({ length: 120 }, (_, i) => {
        const c = communes[i % communes.length]!;
        const year = 1935 + Math.floor(random() * 70);
        return {
          fullName: `Người Tiêm ${i} Thử`,
          dateOfBirth: i % 17 === 0 ? null : `${year}-0${1 + (i % 9)}-1${i % 10}`,
          communeCode: c.commune,
          districtCode: c.district,
          externalKey: `cov-${i}`,
        };
      }),
    );
    const products = ['EU/1/20/1528', 'EU/1/21/1529', 'EU/1/20/1525', 'Abdala', 'BBIBP-CorV'];
    const sites = new Map<string, { facilityId: string; lotId: string }>();
    for (const p of products) sites.set(p, await siteWithLot(t.database.db, { productCode: p }));
    const productOf = new Map<string, string>();
    const doseIds: string[] = [];
    const give = async (personId: string, product: string, date: string) => {
      const site = sites.get(product)!;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/vaccination/doses',
        headers,
        payload: { personId, ...site, productCode: product, date, screening: CLEAR_SCREENING },
      });
      if (res.statusCode === 201) doseIds.push(res.json<{ doseId: string }>().doseId);
      return res.statusCode;
    };
    // Day 1: first doses for most people; day 2 (+ 30 days): second doses and new first doses;
    // day 3 (+ 120 days): boosters for some.
    for (const [i, p] of people.entries()) {
      if (i % 6 === 5) continue;
      const product = products[i % products.length]!;
      productOf.set(p.personId, product);
      await give(p.personId, product, '2021-09-01');
    }
    for (const [i, p] of people.entries()) {
      const product = productOf.get(p.personId);
      if (!product) {
        if (i % 2 === 0) await give(p.personId, 'EU/1/20/1528', '2021-10-01');
        continue;
      }
      if (i % 4 !== 3)
        await give(p.personId, product === 'EU/1/20/1525' ? 'EU/1/20/1528' : product, '2021-10-01');
    }
    for (const [i, p] of people.entries())
      if (i % 3 === 0) await give(p.personId, 'EU/1/20/1528', '2022-01-31');
    // A few doses voided (entered in error).
    for (const id of [doseIds[3]!, doseIds[50]!, doseIds[doseIds.length - 2]!]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/vaccination/doses/${id}/void`,
        headers,
        payload: { reason: 'test' },
      });
      expect(res.statusCode).toBe(200);
    }

    const primary = VACCINE_CATALOGUE[0]!.products.map(
      (p) => sql`(${p.code}::text, ${p.schedule.primaryDoses}::int)`,
    );
    const direct = await queryRows<Row>(
      t.database.db,
      sql`with d as (
            select person_id, commune_code, age_band, date, product_code,
              row_number() over (partition by person_id order by date, created_at) as n,
              first_value(product_code) over (partition by person_id order by date, created_at) as first_product
            from vaccination_doses where voided_at is null),
          p(code, primary_doses) as (values ${sql.join(primary, sql`, `)})
          select coalesce(d.commune_code, '00000') as commune, d.age_band as band, d.date::text as day,
            count(*)::int as doses,
            (count(*) filter (where n = 1))::int as first,
            (count(*) filter (where n = coalesce(p.primary_doses, 2)))::int as full,
            (count(*) filter (where n = coalesce(p.primary_doses, 2) + 1))::int as booster
          from d left join p on p.code = d.first_product group by 1, 2, 3`,
    );
    const rollup = await queryRows<Row>(
      t.database.db,
      sql`select commune_code as commune, age_band as band, day::text as day, doses, first_dose as first,
            full_schedule as full, booster from vaccination_coverage_daily
          where doses <> 0 or first_dose <> 0 or full_schedule <> 0 or booster <> 0`,
    );
    const byKey = (rows: Row[]) => new Map(rows.map((r) => [key(r), r]));
    expect(direct.length).toBeGreaterThan(10);
    expect(byKey(rollup)).toEqual(byKey(direct));

    // The report reads the rollup: district totals are the sums of their communes (Xã Tân Thạch,
    // 28804, is in Châu Thành, 831; the district is the commune's parent in the unit list).
    const res = await t.app.inject({
      url: '/api/vaccination/coverage?groupBy=district&ageGroup=all&asOf=2022-12-31',
      headers,
    });
    const items = res.json<{ items: { unitCode: string; firstDose: number; population: number }[] }>().items;
    const first829 = direct.filter((r) => r.commune !== '28804').reduce((a, r) => a + r.first, 0);
    expect(items.find((i) => i.unitCode === '829')?.firstDose).toBe(first829);
    expect(items.find((i) => i.unitCode === '829')?.population).toBeGreaterThan(0);
  });
});
