import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { adminUnits, facilities } from '../../db/schema/index.ts';
import { deriveHealthAreas } from './areas.ts';
import { loadUnitDataset } from './load.ts';
import { browseUnit, findUnit } from './repository.ts';

describe('administrative units', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('holds the national 2021-11 list, names normalised, Bến Tre with 9 districts and 157 communes', async () => {
    const { db } = t.database;
    const [{ n }] = (await db
      .select({ n: sql<number>`count(*)::int` })
      .from(adminUnits)
      .where(eq(adminUnits.dataset, '2021-11'))) as [{ n: number }];
    expect(n).toBe(63 + 705 + 10599);
    const benTre = await browseUnit(db, '83', '2022-01-01');
    expect(benTre.unit.name).toBe('Tỉnh Bến Tre');
    expect(benTre.children).toHaveLength(9);
    const communes = await db
      .select()
      .from(adminUnits)
      .where(
        and(
          eq(adminUnits.provinceCode, '83'),
          eq(adminUnits.level, 'commune'),
          eq(adminUnits.dataset, '2021-11'),
        ),
      );
    expect(communes).toHaveLength(157);
    // Raw data has trailing spaces and NFD-unsafe forms; stored names are trimmed NFC.
    for (const u of communes) expect(u.name).toBe(u.name.normalize('NFC').trim());
    expect((await findUnit(db, '28756', '2022-01-01'))?.name).toBe('Phường Phú Khương');
  });

  it('loads the 2025-03 reorganisation beside it: each list answers for its own dates', async () => {
    const { db } = t.database;
    expect(await loadUnitDataset(db, '2025-03')).toBeGreaterThan(10000);
    expect(await loadUnitDataset(db, '2025-03')).toBe(0); // idempotent
    const before = await browseUnit(db, '83', '2024-12-31');
    const after = await browseUnit(db, '83', '2025-06-01');
    const count = async (on: string) =>
      (
        await Promise.all(
          (on === 'before' ? before : after).children.map((d) =>
            browseUnit(db, d.code, on === 'before' ? '2024-12-31' : '2025-06-01'),
          ),
        )
      ).reduce((s, d) => s + d.children.length, 0);
    expect(await count('before')).toBe(157);
    expect(await count('after')).toBe(148);
  });

  it('counts people per unit for the browser, over HTTP', async () => {
    await addPeople(t.database, [
      {
        fullName: 'Lê Văn Một',
        dateOfBirth: '1980-01-01',
        sex: 'male',
        communeCode: '28756',
        districtCode: '829',
      },
      {
        fullName: 'Lê Thị Hai',
        dateOfBirth: '1982-02-02',
        sex: 'female',
        communeCode: '28756',
        districtCode: '829',
      },
      {
        fullName: 'Lê Văn Ba',
        dateOfBirth: '1950-03-03',
        sex: 'male',
        communeCode: '28810',
        districtCode: '831',
      },
    ]);
    const { headers } = await signInAs(t, 'commune_officer', '28756');
    const root = (await t.app.inject({ method: 'GET', url: '/api/units?at=2022-01-01', headers })).json<{
      unit: { personCount: number };
      children: { code: string; personCount: number }[];
    }>();
    expect(root.unit.personCount).toBe(3);
    expect(root.children.find((c) => c.code === '829')?.personCount).toBe(2);
    const city = (await t.app.inject({ method: 'GET', url: '/api/units/829?at=2022-01-01', headers })).json<{
      ancestors: { code: string }[];
      children: { code: string; personCount: number }[];
    }>();
    expect(city.ancestors.map((a) => a.code)).toEqual(['83']);
    expect(city.children.find((c) => c.code === '28756')?.personCount).toBe(2);
    expect((await t.app.inject({ method: 'GET', url: '/api/units/99999', headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/units/abc', headers })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/units' })).statusCode).toBe(401);
  });

  it('finds units by name without tone marks, inside a unit, with the parent named', async () => {
    const { headers } = await signInAs(t, 'commune_officer', '28756');
    type Found = { items: { code: string; name: string; level: string; parentName: string | null }[] };
    const search = async (query: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/units/search?at=2022-01-01&${query}`,
        headers,
      });
      expect(res.statusCode).toBe(200);
      return res.json<Found>().items;
    };
    const found = await search('q=phu%20khuong');
    expect(found.map((u) => [u.code, u.name, u.level, u.parentName])).toEqual([
      ['28756', 'Phường Phú Khương', 'commune', 'Thành phố Bến Tre'],
    ]);
    // Tone marks typed, capitals, a code's first digits: the same unit.
    expect((await search('q=PH%C3%9A%20KH%C6%AF%C6%A0NG')).map((u) => u.code)).toEqual(['28756']);
    expect((await search('q=2875&within=829')).every((u) => u.code.startsWith('2875'))).toBe(true);
    // Inside Châu Thành (831) and communes only: no unit of another district, no district.
    const inside = await search('q=tan&within=831&levels=commune');
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.every((u) => u.level === 'commune' && u.parentName === 'Huyện Châu Thành')).toBe(true);
    // A LIKE wildcard typed is a character like any other; blank text finds nothing.
    expect(await search('q=%25')).toEqual([]);
    expect(await search('q=%20%20')).toEqual([]);
    const tooLong = await t.app.inject({
      method: 'GET',
      url: `/api/units/search?q=${'a'.repeat(81)}`,
      headers,
    });
    expect(tooLong.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/units/search?q=phu' })).statusCode).toBe(401);
  });
});

describe('facilities', () => {
  it('lists a district’s facilities, including those in its communes, by kind', async () => {
    const t = await createTestApp();
    try {
      const { db } = t.database;
      await db.insert(facilities).values([
        {
          kind: 'district_health_centre',
          name: 'Trung tâm Y tế huyện Châu Thành',
          unitCode: '831',
          districtCode: '831',
          provinceCode: '83',
        },
        {
          kind: 'commune_health_station',
          name: 'Trạm Y tế xã Tân Thạch',
          unitCode: '28810',
          districtCode: '831',
          provinceCode: '83',
        },
        {
          kind: 'quarantine_facility',
          name: 'Khu cách ly tập trung số 1',
          unitCode: '28756',
          districtCode: '829',
          provinceCode: '83',
          capacity: 300,
        },
      ]);
      const { headers } = await signInAs(t, 'district_officer', '831');
      const all = (await t.app.inject({ method: 'GET', url: '/api/facilities?unit=831', headers })).json<{
        items: { name: string }[];
      }>();
      expect(all.items.map((f) => f.name).sort()).toEqual([
        'Trung tâm Y tế huyện Châu Thành',
        'Trạm Y tế xã Tân Thạch',
      ]);
      const q = (
        await t.app.inject({ method: 'GET', url: '/api/facilities?kind=quarantine_facility', headers })
      ).json<{ items: { capacity: number }[] }>();
      expect(q.items.map((f) => f.capacity)).toEqual([300]);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/facilities?kind=spa', headers })).statusCode,
      ).toBe(400);
    } finally {
      await t.close();
    }
  });
});

describe('a code that is no unit in force today', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.database.db.transaction(async (tx) => {
      await loadUnitDataset(tx, '2025-03');
      await loadUnitDataset(tx, '2025-07');
      await deriveHealthAreas(tx, '2025-07');
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows a district officer’s health area with its communes, and a merged commune as it last was', async () => {
    const { db } = t.database;
    // After 1 July 2025 the district 831 is no unit: its officer's jurisdiction is the health area.
    expect(await findUnit(db, '831', '2026-01-01')).toBeNull();
    const area = await browseUnit(db, '831', '2026-01-01');
    expect(area.unit).toMatchObject({
      code: '831',
      name: 'Khu vực y tế Huyện Châu Thành',
      level: 'district',
    });
    expect(area.children.length).toBeGreaterThan(0);
    expect(area.children.every((c) => c.level === 'commune')).toBe(true);
    expect(area.ancestors.map((a) => a.level)).toEqual(['province']);

    // The old Phường 8 (28759) went into Phường Phú Khương: it is shown with its name, not a 404.
    const old = await browseUnit(db, '28759', '2026-01-01');
    expect(old.unit).toMatchObject({ code: '28759', level: 'commune' });
    expect(old.unit.name).toBe('Phường 8');
    await expect(browseUnit(db, '99999', '2026-01-01')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
