import { addDays, today } from '@epilink/core';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';

type Band = {
  ageBand: string;
  first: number;
  second: number;
  booster: number;
  additional: number;
  total: number;
};
type Answer = { unit: { code: string }; bands: Band[] };

/**
 * Doses by dose kind AND age band (issue #13 item 1): this fortnight Phường Phú Khương (28756)
 * gave five doses — two first doses to adults 18-49, one second dose to a person of 65+, one
 * booster to a person of 50-64, and a first dose that was voided — and Xã Trà Côn (29836) two first
 * doses to teenagers. The province sees all of them, the commune official only Phú Khương's; a
 * dose before the period is not counted; the xlsx export carries the table with Vietnamese headers
 * and the CSV can be asked for it alone.
 */
describe('doses by age band and dose kind', () => {
  let t: TestApp;
  let province: Record<string, string>;
  let commune: Record<string, string>;
  const to = today();
  const from = addDays(to, -13);
  const get = (headers: Record<string, string>, url: string) => t.app.inject({ method: 'GET', url, headers });
  const band = (body: Answer, ageBand: string) => body.bands.find((b) => b.ageBand === ageBand);

  beforeAll(async () => {
    t = await createTestApp();
    const { db } = t.database;
    await db.execute(sql`
      insert into persons (full_name, name_key, province_code, commune_code, source)
      select 'Người ' || g, 'nguoi ' || g, '86', case when g <= 6 then '28756' else '29836' end, 'test'
      from generate_series(1, 8) g`);
    const [facility] = await queryRows<{ id: string }>(
      db,
      sql`insert into facilities (kind, name, unit_code, province_code)
          values ('vaccination_site', 'Điểm tiêm Phú Khương', '28756', '86') returning id`,
    );
    await db.execute(
      sql`insert into vaccine_lots (product_code, lot_number, expiry_date) values ('test-product', 'AGE-1', '2030-01-01')`,
    );
    // (person number, dose number, kind, age band, days before today, voided)
    const doses: [number, number, string, string, number, boolean][] = [
      [1, 1, 'primary', '18-49', 1, false],
      [2, 1, 'primary', '18-49', 2, false],
      [3, 2, 'primary', '65+', 3, false],
      [4, 3, 'booster', '50-64', 4, false],
      [5, 1, 'primary', '18-49', 5, true],
      [6, 1, 'primary', '18-49', 40, false],
      [7, 1, 'primary', '12-17', 1, false],
      [8, 1, 'primary', '12-17', 2, false],
    ];
    for (const [n, number, kind, ageBand, back, voided] of doses) {
      await db.execute(sql`
        insert into vaccination_doses (person_id, facility_id, product_code, lot_id, dose_number, dose_kind, date,
                                       screening, age_band, province_code, commune_code, voided_at)
        select p.id, ${facility!.id}::uuid, 'test-product', (select id from vaccine_lots where lot_number = 'AGE-1'),
               ${number}, ${kind}, ${addDays(to, -back)}::date, '{}'::jsonb, ${ageBand}, '86', p.commune_code,
               ${voided ? sql`now()` : sql`null`}
        from persons p where p.source = 'test' and p.full_name = ${`Người ${n}`}`);
    }
    ({ headers: province } = await signInAs(t, 'provincial_epidemiologist', '86'));
    ({ headers: commune } = await signInAs(t, 'commune_officer', '28756'));
  });
  afterAll(() => t?.close());

  it('counts the province’s doses of the period by age band and kind, voided and earlier ones left out', async () => {
    const res = await get(province, `/api/indicators/doses-by-age?unit=86&from=${from}&to=${to}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<Answer>();
    expect(body.bands.map((b) => b.ageBand)).toEqual(['0-4', '5-11', '12-17', '18-49', '50-64', '65+']);
    expect(band(body, '18-49')).toEqual({
      ageBand: '18-49',
      first: 2,
      second: 0,
      booster: 0,
      additional: 0,
      total: 2,
    });
    expect(band(body, '12-17')).toMatchObject({ first: 2, total: 2 });
    expect(band(body, '65+')).toMatchObject({ second: 1, total: 1 });
    expect(band(body, '50-64')).toMatchObject({ booster: 1, total: 1 });
  });

  it('gives a commune official their commune only, and "not found" for the province', async () => {
    const own = await get(commune, `/api/indicators/doses-by-age?unit=28756&from=${from}&to=${to}`);
    expect(own.statusCode).toBe(200);
    expect(band(own.json<Answer>(), '12-17')).toMatchObject({ total: 0 });
    expect(band(own.json<Answer>(), '18-49')).toMatchObject({ first: 2 });
    expect(
      (await get(commune, `/api/indicators/doses-by-age?unit=86&from=${from}&to=${to}`)).statusCode,
    ).toBe(404);
  });

  it('exports the table: a CSV of its own and a sheet of the xlsx, headers in Vietnamese', async () => {
    const csv = await get(province, `/api/indicators/export?unit=86&from=${from}&to=${to}&table=dosesByAge`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/u, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Nhóm tuổi,Mũi 1,Mũi 2,Mũi nhắc lại,Mũi bổ sung,Mũi tiêm');
    expect(lines).toContain('18-49,2,0,0,0,2');
    expect(lines.at(-1)).toBe('Tổng kỳ,4,1,1,0,6');
    const xlsx = await get(province, `/api/indicators/export?unit=86&from=${from}&to=${to}&format=xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Mũi tiêm theo nhóm tuổi');
    expect(sheet?.getRow(1).getCell(1).value).toBe('Nhóm tuổi');
    expect(sheet?.getRow(sheet.rowCount).values).toEqual([undefined, 'Tổng kỳ', 4, 1, 1, 0, 6]);
  });

  it('exports the child units and the coverage as CSV tables too', async () => {
    const children = await get(
      province,
      `/api/indicators/export?unit=86&from=${from}&to=${to}&children=1&table=children&metrics=doses`,
    );
    expect(children.body.replace(/^\uFEFF/u, '').split('\r\n')[0]).toBe(
      'Mã đơn vị,Tên đơn vị,Dân số,Mũi tiêm',
    );
    const coverage = await get(
      province,
      `/api/indicators/export?unit=86&from=${from}&to=${to}&table=coverage`,
    );
    expect(coverage.body.replace(/^\uFEFF/u, '').split('\r\n')[0]).toBe(
      'Nhóm tuổi,Dân số,Đã tiêm mũi 1,Tiêm đủ liều cơ bản,Đã tiêm nhắc lại',
    );
  });
});
