import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemAccess } from '../../src/access/context.ts';
import { cases, persons } from '../../src/db/schema/index.ts';
import { loadUnitDataset } from '../../src/registry/units/load.ts';
import { rehomeDue } from '../../src/registry/units/rehome.ts';
import { addPeople, createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

interface Report {
  unitsAsOf: string;
  cells: { week: string; unitCode: string; unitName: string; cases: number }[];
}

describe('records keep the unit of their date; reports choose the units of a date', () => {
  let t: TestApp;
  let personId: string;
  let official: Awaited<ReturnType<typeof signInAs>>;
  const report = async (unitsAsOf: string): Promise<Report> => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/units/reports/weekly-cases?from=2021-01-01&to=2026-12-31&unitsAsOf=${unitsAsOf}`,
      headers: official.headers,
    });
    expect(res.statusCode).toBe(200);
    return res.json<Report>();
  };

  beforeAll(async () => {
    t = await createTestApp();
    const { db } = t.database;
    // 2021: a confirmed case in Phường 8 (Bến Tre city), recorded in the units of its date.
    const [added] = await addPeople(t.database, [
      { fullName: 'Đặng Văn Hòa', communeCode: '28759', districtCode: '829', provinceCode: '83' },
    ]);
    personId = added!.personId;
    await db.insert(cases).values({
      personId,
      diseaseCode: 'COVID-19',
      classification: 'confirmed',
      sampleDate: '2021-08-11',
      status: 'closed',
      provinceCode: '83',
      districtCode: '829',
      communeCode: '28759',
    });
    // The reform takes effect; the person is re-homed, the case is not.
    await db.transaction(async (tx) => {
      await loadUnitDataset(tx, '2025-07');
      await rehomeDue(tx, systemAccess('units'));
    });
    // 2026: a case of the same person, recorded in today's units.
    await db.insert(cases).values({
      personId,
      diseaseCode: 'COVID-19',
      classification: 'confirmed',
      sampleDate: '2026-03-04',
      status: 'open',
      provinceCode: '86',
      districtCode: null,
      communeCode: '28756',
    });
    official = await signInAs(t, 'provincial_epidemiologist', '86');
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps the 2021 case in Phường 8 while the person now lives in Phường Phú Khương', async () => {
    const [c] = await t.database.db.select().from(cases).where(eq(cases.sampleDate, '2021-08-11'));
    expect(c).toMatchObject({ communeCode: '28759', provinceCode: '83' });
    const [p] = await t.database.db.select().from(persons).where(eq(persons.id, personId));
    expect(p).toMatchObject({ communeCode: '28756', provinceCode: '86' });
  });

  it('shows the 2021 case under Phường Phú Khương (86) in a report in 2026 units', async () => {
    const r = await report('2026-01-15');
    expect(r.cells).toContainEqual({
      week: '2021-08-09',
      unitCode: '28756',
      unitName: 'Phường Phú Khương',
      cases: 1,
    });
    expect(r.cells).toContainEqual({
      week: '2026-03-02',
      unitCode: '28756',
      unitName: 'Phường Phú Khương',
      cases: 1,
    });
  });

  it('shows it under Phường 8 in a report in 2021 units; a 2026 case is shared among the old communes', async () => {
    const r = await report('2021-08-01');
    expect(r.cells).toContainEqual({ week: '2021-08-09', unitCode: '28759', unitName: 'Phường 8', cases: 1 });
    // New Phường Phú Khương = old Phú Khương, Phường 8, Phú Hưng and Nhơn Thạnh: no population figure
    // exists for the old parts, so a 2026 case counts a quarter in each.
    const in2026 = r.cells.filter((c) => c.week === '2026-03-02');
    expect(in2026.map((c) => [c.unitCode, c.cases])).toEqual([
      ['28756', 0.25],
      ['28759', 0.25],
      ['28786', 0.25],
      ['28795', 0.25],
    ]);
  });

  it('an administrator loads the next list with its change table; a list that contradicts it is refused', async () => {
    const admin = await signInAs(t, 'province_admin', '86');
    const path = (f: string) => fileURLToPath(new URL(`../../assets/units/${f}`, import.meta.url));
    const list = JSON.parse(readFileSync(path('vn-admin-units-2025-07.json'), 'utf8')) as {
      data: { level1_id: string; level3s: { level3_id: string; name: string; type: string }[] }[];
    };
    // The next reform (invented): Phường Phú Tân (28858) joins Phường Phú Khương (28756).
    const vinhLong = list.data.find((p) => p.level1_id === '86')!;
    vinhLong.level3s = vinhLong.level3s.filter((c) => c.level3_id !== '28858');
    const header =
      'old_province_code,old_district_code,old_commune_code,old_name,new_province_code,new_commune_code,new_name,whole_or_part,official_note';
    const rows = list.data.flatMap((p) =>
      p.level3s.map(
        (c) => `${p.level1_id},,${c.level3_id},"${c.name}",${p.level1_id},${c.level3_id},"${c.name}",whole,`,
      ),
    );
    const gz = (s: string) => gzipSync(Buffer.from(s, 'utf8')).toString('base64');
    const post = (changes: string[]) =>
      t.app.inject({
        method: 'POST',
        url: '/api/units/lists',
        headers: admin.headers,
        payload: {
          dataset: '2026-01-test',
          validFrom: '2026-01-01',
          listGzip: gz(JSON.stringify(list)),
          changesGzip: gz([header, ...changes].join('\n')),
        },
      });
    const refused = await post(rows);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('28858');
    const [moved] = await addPeople(t.database, [
      { fullName: 'Lý Thị Mai', communeCode: '28858', provinceCode: '86', districtCode: null },
    ]);
    const ok = await post([...rows, '86,,28858,"Phường Phú Tân",86,28756,"Phường Phú Khương",whole,']);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ rehomed: ['2026-01-test'] });
    const [p] = await t.database.db.select().from(persons).where(eq(persons.id, moved!.personId));
    expect(p?.communeCode).toBe('28756');
  });
});
