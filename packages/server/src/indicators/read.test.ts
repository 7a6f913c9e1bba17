import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userAccess } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import { deriveHealthAreas } from '../registry/units/areas.ts';
import { loadUnitDataset } from '../registry/units/load.ts';
import { readIndicators } from './read.ts';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';

/**
 * A health area after the 2025 reform reads its old district from the district grain and, one by
 * one, only the commune rows recorded outside that district which went into its communes: each
 * case counts once, a case of a neighbouring district that did not go into the area not at all.
 * The same read inside a transaction (the routes' way: one connection, statements one after
 * another) gives the same answer as on the pool.
 */
describe('indicator read of a health area', () => {
  let t: TestApp;
  const province = userAccess({
    id: '00000000-0000-4000-8000-000000000086',
    username: 'read.test',
    role: 'provincial_epidemiologist',
    jurisdiction: { level: 'province', code: '86' },
  });
  const query = {
    unitCode: '829',
    from: '2021-08-01',
    to: '2021-08-31',
    asOf: '2025-07-01',
    disease: 'COVID-19',
  };

  beforeAll(async () => {
    t = await createTestApp();
    const { db } = t.database;
    await db.transaction(async (tx) => {
      await loadUnitDataset(tx, '2025-03');
      await loadUnitDataset(tx, '2025-07');
      // The default health areas of the reform (done with the re-homing on its date).
      await deriveHealthAreas(tx, '2025-07');
    });
    // Old communes in 2021: 28756 and 28759 (Bến Tre city, district 829), 28831 (Châu Thành, 831)
    // which went whole into 28783 of area 829, and 28801 (Châu Thành) which went elsewhere.
    await db.execute(sql`
      insert into persons (full_name, name_key, province_code, district_code, commune_code, source)
      select 'Người đọc ' || g, 'nguoi doc ' || g, '83', d, c, 'read-test'
      from (values (1, '829', '28756'), (2, '829', '28756'), (3, '829', '28759'), (4, '831', '28831'),
                   (5, '831', '28801'), (6, '831', '28801')) v(g, d, c)`);
    await db.execute(sql`
      insert into cases (person_id, disease_code, classification, onset_date, sample_date, status,
                         province_code, district_code, commune_code)
      select id, 'COVID-19', 'confirmed', date '2021-08-10', date '2021-08-11', 'open',
             province_code, district_code, commune_code
      from persons where source = 'read-test'`);
  });

  afterAll(async () => {
    await t.close();
  });

  it('counts its old district and the old commune that went into it, once each', async () => {
    const [area] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from health_area_communes where area_code = '829' and commune_code = '28783'`,
    );
    expect(area?.n).toBe(1);
    const result = await readIndicators(t.database.db, province, query);
    expect(result.unit).toMatchObject({ code: '829', level: 'area' });
    // Three cases of district 829 and the one of 28831; the two of 28801 belong elsewhere.
    expect(result.totals.casesByOnset).toBe(4);
    expect(result.series.casesByOnset?.[9]).toBe(4);
    // Active cases are a stock kept as deltas: the days before the period count too.
    const later = await readIndicators(t.database.db, province, {
      ...query,
      from: '2021-09-01',
      to: '2021-09-07',
    });
    expect(later.totals.casesByOnset).toBe(0);
    const active = result.series.casesActive?.at(-1);
    expect(active).toBeGreaterThan(0);
    expect(later.series.casesActive).toEqual(Array<number | undefined>(7).fill(active));
  });

  it('gives the same answer inside a transaction as on the pool', async () => {
    const onPool = await readIndicators(t.database.db, province, { ...query, children: true });
    const inTx = await t.database.db.transaction((tx) =>
      readIndicators(tx, province, { ...query, children: true }),
    );
    expect(inTx).toEqual(onPool);
    expect(onPool.children?.length).toBeGreaterThan(0);
  });
});
