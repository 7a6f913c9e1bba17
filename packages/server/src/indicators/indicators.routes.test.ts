import { addDays, today } from '@epilink/core';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import type { IndicatorResult } from './read.ts';

type Answer = IndicatorResult & { pending: string[] };
type Refusal = { error: { code: string; message: string } };
type Beds = { items: { id: string; latest: { day: string; bedsOccupied: number } | null }[] };

/**
 * The province's officials read indicators of their units over a period (today's units: Vĩnh
 * Long 86, health area 831, Phường Phú Khương 28756), export them, report beds; a unit outside
 * their jurisdiction does not exist for them, and bad requests are refused with a translated reason.
 */
describe('the indicator API', () => {
  let t: TestApp;
  let province: Record<string, string>;
  let commune: Record<string, string>;
  let facilityId: string;
  const to = today();
  const from = addDays(to, -13);
  const get = (headers: Record<string, string>, url: string, lang?: string) =>
    t.app.inject({ method: 'GET', url, headers: lang ? { ...headers, 'accept-language': lang } : headers });

  beforeAll(async () => {
    t = await createTestApp();
    const { db } = t.database;
    // 12 people of Phường Phú Khương and 6 of Xã Trà Côn, each a confirmed case this fortnight.
    await db.execute(sql`
      insert into persons (full_name, name_key, province_code, commune_code, source)
      select 'Người ' || g, 'nguoi ' || g, '86', case when g <= 12 then '28756' else '29836' end, 'test'
      from generate_series(1, 18) g`);
    await db.execute(sql`
      insert into cases (person_id, disease_code, classification, sample_date, status, province_code, district_code, commune_code)
      select id, 'COVID-19', 'confirmed', ${from}::date + (row_number() over (order by full_name) % 14)::int, 'open',
             province_code, '831', commune_code
      from persons where source = 'test'`);
    const [facility] = await queryRows<{ id: string }>(
      db,
      sql`insert into facilities (kind, name, unit_code, province_code)
          values ('commune_health_station', 'Trạm Y tế Phú Khương', '28756', '86') returning id`,
    );
    facilityId = facility!.id;
    ({ headers: province } = await signInAs(t, 'provincial_epidemiologist', '86'));
    ({ headers: commune } = await signInAs(t, 'commune_officer', '28756'));
  });
  afterAll(() => t?.close());

  it('gives the province its series per day, totals and child units from the rollup', async () => {
    const res = await get(province, `/api/indicators?unit=86&from=${from}&to=${to}&children=1`);
    expect(res.statusCode).toBe(200);
    const body = res.json<Answer>();
    expect(body.unit).toMatchObject({ code: '86', level: 'province' });
    expect(body.days).toHaveLength(14);
    expect(body.totals.casesByReport).toBe(18);
    expect(body.totals.casesActive).toBe(18);
    expect(body.pending).toEqual([]);
    expect(Array.isArray(body.children)).toBe(true);
  });

  it('gives a commune official their commune, and "not found" for the province or another commune', async () => {
    const own = await get(
      commune,
      `/api/indicators?unit=28756&from=${from}&to=${to}&metrics=casesByReport,tests`,
    );
    expect(own.statusCode).toBe(200);
    expect(own.json<Answer>().totals).toEqual({ casesByReport: 12, tests: 0 });
    expect((await get(commune, `/api/indicators?unit=86&from=${from}&to=${to}`)).statusCode).toBe(404);
    expect((await get(commune, `/api/indicators?unit=29836&from=${from}&to=${to}`)).statusCode).toBe(404);
  });

  it('refuses bad requests with a translated reason', async () => {
    const backwards = await get(province, `/api/indicators?unit=86&from=${to}&to=${from}`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<Refusal>().error.message).toContain('ngày bắt đầu');
    const english = await get(province, `/api/indicators?unit=86&from=${to}&to=${from}`, 'en');
    expect(english.json<Refusal>().error.message).toContain('is after the end');
    const long = await get(province, `/api/indicators?unit=86&from=2020-01-01&to=2024-01-01`);
    expect(long.statusCode).toBe(400);
    expect(long.json<Refusal>().error.code).toBe('INDICATOR_PERIOD_TOO_LONG');
    expect((await get(province, `/api/indicators?unit=99999&from=${from}&to=${to}`)).statusCode).toBe(404);
    expect((await get(province, `/api/indicators?unit=86&from=yesterday&to=${to}`)).statusCode).toBe(400);
    expect((await get(province, `/api/indicators?unit=86&from=2025-02-30&to=${to}`)).statusCode).toBe(400);
    expect(
      (await get(province, `/api/indicators?unit=86&from=${from}&to=${to}&metrics=cases`)).statusCode,
    ).toBe(400);
    const { headers: tracer } = await signInAs(t, 'tracer', '86');
    expect((await get(tracer, `/api/indicators?unit=86&from=${from}&to=${to}`)).statusCode).toBe(403);
  });

  it('exports CSV with a byte-order mark and Vietnamese headers, English on request, and xlsx', async () => {
    const csv = await get(province, `/api/indicators/export?unit=86&from=${from}&to=${to}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFFNgày,Mã đơn vị,Tên đơn vị,Ca mới theo ngày khởi phát')).toBe(true);
    expect(csv.body.trim().split('\r\n')).toHaveLength(16);
    const en = await get(province, `/api/indicators/export?unit=86&from=${from}&to=${to}`, 'en');
    expect(en.body.startsWith('\uFEFFDay,Unit code,Unit name,New cases by onset date')).toBe(true);
    const xlsx = await get(
      province,
      `/api/indicators/export?unit=86&from=${from}&to=${to}&format=xlsx&children=1`,
    );
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Chỉ số')!;
    expect(sheet.getRow(2).getCell(1).value).toBe('Ngày');
    expect(sheet.getRow(17).getCell(6).value).toBe(18); // casesActive on the period's total row
  });

  it('takes a bed report from the facility’s commune, replaces it the same day, audits it and counts it', async () => {
    const post = (payload: object, headers = commune) =>
      t.app.inject({ method: 'POST', url: '/api/indicators/beds', headers, payload });
    const report = { facilityId, day: to, bedsTotal: 30, bedsOccupied: 12, icuTotal: 2, icuOccupied: 1 };
    expect((await post(report)).statusCode).toBe(200);
    expect((await post({ ...report, bedsOccupied: 20 })).statusCode).toBe(200);
    const form = await get(commune, '/api/indicators/beds/facilities');
    const items = form.json<Beds>().items;
    expect(items.map((i) => i.id)).toEqual([facilityId]);
    expect(items[0]!.latest).toMatchObject({ day: to, bedsOccupied: 20 });
    const res = await get(
      province,
      `/api/indicators?unit=86&from=${from}&to=${to}&metrics=bedsTotal,bedsOccupied`,
    );
    expect(res.json<Answer>().totals).toEqual({ bedsTotal: 30, bedsOccupied: 20 });
    const audits = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity = 'facility_bed_report' and entity_id = ${facilityId}`,
    );
    expect(audits[0]!.n).toBe(2);
    const tooMany = await post({ ...report, icuOccupied: 3 });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json<Refusal>().error.code).toBe('BED_REPORT_INVALID');
    expect((await post({ ...report, bedsTotal: 'many' })).statusCode).toBe(400);
    const { headers: elsewhere } = await signInAs(t, 'commune_officer', '29836');
    expect((await post(report, elsewhere)).statusCode).toBe(404);
  });

  it('lists adoption by commune, lowest first', async () => {
    const res = await get(province, `/api/indicators/adoption?unit=86&asOf=${to}`);
    expect(res.statusCode).toBe(200);
    const { communes } = res.json<{ communes: { communeCode: string; venuesRegistered: number }[] }>();
    expect(communes.length).toBeGreaterThan(40);
    expect((await get(commune, `/api/indicators/adoption?unit=86`)).statusCode).toBe(404);
  });
});
