/**
 * Imports committed through the seams of the modules that own the records (PGlite and
 * PostgreSQL). A commune's dose register with 5 % broken rows of mixed faults — some caught by
 * validation, some refused by the vaccination module (an unknown lot, a dose number
 * that does not follow the person's doses) — lands the good 95 % as real doses of linked people,
 * reports each bad row with its reason, and adds nothing the second time. A lab's result sheet
 * goes through the lab screen's path: a positive makes a case.
 */
import { makeCccd } from '@epilink/core';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { runImportJob } from './runner.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COMMUNE = '28756';
const PRODUCT = 'EU/1/20/1528';
/** 60 rows, 3 broken (5 %): each dose runs the whole vaccination path, so the file stays small. */
const ROWS = 60;
const GIVEN = ['An', 'Bình', 'Chi', 'Dung', 'Hoà', 'Khánh', 'Lan', 'Mai', 'Nga', 'Phúc', 'Quyên', 'Sương'];

let t: TestApp;
let officer: Record<string, string>;
let facilityId: string;

type Job = { id: string; status: string; importedCount: number; duplicateCount: number; errorCount: number };

beforeAll(async () => {
  t = await createTestApp();
  officer = { ...(await signInAs(t, 'commune_officer', COMMUNE)).headers, 'accept-language': 'en' };
  // A vaccination site of the commune with 1,000 doses of lot IMP-1; two specimens awaiting results.
  const [row] = await queryRows<{ id: string }>(
    t.database.db,
    sql`with f as (insert into facilities (kind, name, unit_code, district_code, province_code)
          values ('vaccination_site', 'Điểm tiêm nhập', ${COMMUNE}, '829', '83') returning id),
        l as (insert into vaccine_lots (product_code, lot_number, expiry_date)
          values (${PRODUCT}, 'IMP-1', '2030-12-31') returning id),
        s as (insert into vaccine_stock (lot_id, facility_id, quantity) select l.id, f.id, 1000 from l, f),
        p as (insert into persons (full_name, name_key, date_of_birth, province_code, district_code, commune_code)
          values ('Lê Văn Xét', 'le van xet', '1980-01-01', '83', '829', ${COMMUNE}),
                 ('Lê Thị Nghiệm', 'le thi nghiem', '1981-01-01', '83', '829', ${COMMUNE}) returning id, full_name),
        sp as (insert into specimens (barcode, person_id, test_type, collected_at, province_code, district_code, commune_code)
          select case when full_name like 'Lê Văn%' then 'LABPOS1' else 'LABNEG1' end, id, 'rtPcr',
            now() - interval '2 days', '83', '829', ${COMMUNE} from p)
        select id from f`,
  );
  facilityId = row!.id;
});
afterAll(async () => {
  await t?.close();
});

async function workbook(header: string[], rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('DS');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function importFile(kind: string, bytes: Buffer, fileName: string): Promise<Job> {
  const up = await t.app.inject({
    method: 'POST',
    url: `/api/imports?kind=${kind}&source=${encodeURIComponent(`Sổ ${kind}`)}&fileName=${fileName}`,
    headers: { ...officer, 'content-type': XLSX },
    payload: bytes,
  });
  expect(up.statusCode, up.body).toBe(200);
  const job = up.json<Job & { alreadyImported: boolean }>();
  if (job.alreadyImported) return job;
  await t.app.inject({ method: 'POST', url: `/api/imports/${job.id}/start`, headers: officer });
  expect(await runImportJob(t.database, job.id, { batchRows: 40, deps: t })).toBe('done');
  return (await t.app.inject({ method: 'GET', url: `/api/imports/${job.id}`, headers: officer })).json<Job>();
}

const errorsOf = (jobId: string) =>
  queryRows<{ row_number: number; field: string; reason: string }>(
    t.database.db,
    sql`select row_number, e->>'field' as field, e->>'reason' as reason
        from import_row_errors, jsonb_array_elements(errors) e where job_id = ${jobId} order by row_number`,
  );

describe('a dose register with 5 % broken rows', () => {
  const FAULTS: Record<number, { cells: Record<number, unknown>; field: string; reason: string }> = {
    10: { cells: { 8: 'NO-SUCH-LOT' }, field: 'lotNumber', reason: 'unknownLot' },
    30: { cells: { 6: 2 }, field: 'doseNumber', reason: 'doseNumberMismatch' },
    50: { cells: { 7: '31/02/2026' }, field: 'date', reason: 'dateInvalid' },
  };
  const header = [
    'Họ và tên',
    'Ngày sinh',
    'Giới tính',
    'Số CCCD',
    'Mã xã',
    'Vắc xin',
    'Mũi',
    'Ngày tiêm',
    'Số lô',
    'Cơ sở tiêm',
  ];
  const row = (i: number): unknown[] => {
    const year = 1970 + (i % 30);
    const cells: unknown[] = [
      `Phạm Thị ${GIVEN[i % 12]} ${GIVEN[Math.floor(i / 12) % 12]}`,
      `${1 + (i % 27)}/3/${year}`,
      'Nữ',
      makeCccd('083', 'female', year, 50_000 + i),
      COMMUNE,
      PRODUCT,
      1,
      '01/06/2026',
      'IMP-1',
      facilityId,
    ];
    for (const [c, v] of Object.entries(FAULTS[i]?.cells ?? {})) cells[Number(c)] = v;
    return cells;
  };
  let bytes: Buffer;
  let job: Job;

  it('lands the good 95 % as doses of linked people and reports each bad row with its reason', async () => {
    bytes = await workbook(
      header,
      Array.from({ length: ROWS }, (_, i) => row(i)),
    );
    job = await importFile('doses', bytes, 'doses.xlsx');
    expect(job).toMatchObject({ status: 'done', importedCount: 57, errorCount: 3, duplicateCount: 0 });
    const [stored] = await queryRows<{ doses: number; people: number; stock: number; audits: number }>(
      t.database.db,
      sql`select (select count(*)::int from vaccination_doses d join persons p on p.id = d.person_id
                   where p.source = ${`import:${job.id}`} and d.lot_id is not null) as doses,
                 (select count(*)::int from persons where source = ${`import:${job.id}`}) as people,
                 (select quantity from vaccine_stock where facility_id = ${facilityId}) as stock,
                 (select count(*)::int from audit_log where entity = 'vaccination_dose') as audits`,
    );
    // The refused dose-number row's person was linked (a person is not a dose), the dose was not.
    // Each row records a dose given on 1 June: nothing leaves the site's stock today, and the file's
    // silence on screening is stored as not recorded, not as answers.
    expect(stored).toMatchObject({ doses: 57, stock: 1000, audits: 57 });
    const screenings = await queryRows<{ screening: unknown }>(
      t.database.db,
      sql`select distinct d.screening from vaccination_doses d join persons p on p.id = d.person_id
          where p.source = ${`import:${job.id}`}`,
    );
    expect(screenings).toEqual([{ screening: { answers: null, outcome: 'notRecorded', historical: true } }]);
    expect(stored!.people).toBeGreaterThanOrEqual(57);
    // The batch path keeps recordDose's effects: status, coverage rollup, one event per dose.
    const [effects] = await queryRows<{ partial: number; doses: number; first: number; events: number }>(
      t.database.db,
      sql`select (select count(*)::int from vaccination_status where status = 'partial' and doses_given = 1) as partial,
                 (select sum(doses)::int from vaccination_coverage_daily) as doses,
                 (select sum(first_dose)::int from vaccination_coverage_daily) as first,
                 (select count(*)::int from outbox where topic = 'vaccination.dose_recorded') as events`,
    );
    expect(effects).toEqual({ partial: 57, doses: 57, first: 57, events: 57 });
    const errors = await errorsOf(job.id);
    expect(errors.map((e) => [e.row_number, e.field, e.reason])).toEqual(
      Object.entries(FAULTS).map(([i, f]) => [Number(i) + 2, f.field, f.reason]),
    );
    const report = await t.app.inject({
      method: 'GET',
      url: `/api/imports/${job.id}/errors.xlsx`,
      headers: officer,
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const reasons: string[] = [];
    book.getWorksheet('Errors')!.eachRow((r, n) => {
      if (n > 1) reasons.push(r.getCell(5).text);
    });
    expect(reasons).toContain('No vaccine lot with this number for the row’s vaccine');
    expect(reasons).toContain('The dose number does not follow the doses recorded for this person');
  }, 180_000);

  it('adds nothing when the same file or the same rows come again; a corrected row lands', async () => {
    const again = await importFile('doses', bytes, 'doses-again.xlsx');
    expect(again.id).toBe(job.id);
    const corrected = row(10);
    corrected[8] = 'IMP-1';
    const fixed = await workbook(header, [row(0), row(1), corrected]);
    const second = await importFile('doses', fixed, 'doses-fixed.xlsx');
    expect(second).toMatchObject({ importedCount: 1, duplicateCount: 2, errorCount: 0 });
    const [n] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from vaccination_doses where facility_id = ${facilityId}`,
    );
    expect(n!.n).toBe(58);
  });
});

describe('a lab result sheet', () => {
  it('stores results through the lab path: a positive makes a case, an unknown barcode is reported', async () => {
    const today = new Date().toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
    const bytes = await workbook(
      ['Mã mẫu', 'Loại xét nghiệm', 'Kết quả', 'Ct', 'Ngày trả kết quả'],
      [
        ['lab-pos-1', 'rtPcr', 'positive', 22.5, today],
        ['LAB-NEG-1', 'rtPcr', 'negative', null, today],
        ['LAB-NONE-9', 'rtPcr', 'positive', 20, today],
      ],
    );
    const job = await importFile('testResults', bytes, 'lab.xlsx');
    expect(job).toMatchObject({ importedCount: 2, errorCount: 1 });
    expect((await errorsOf(job.id)).map((e) => e.reason)).toEqual(['noSuchSpecimen']);
    const cases = await queryRows<{ name: string; classification: string }>(
      t.database.db,
      sql`select p.full_name as name, c.classification from cases c join persons p on p.id = c.person_id`,
    );
    expect(cases).toEqual([{ name: 'Lê Văn Xét', classification: 'confirmed' }]);
  });
});

describe('a venue list', () => {
  it('registers each venue through check-in (pending, with a QR token); a row without a name is reported', async () => {
    const bytes = await workbook(
      ['Tên địa điểm', 'Địa chỉ', 'Mã xã', 'Loại hình'],
      [
        ['Chợ Phú Khương', '12 Đồng Khởi', COMMUNE, 'Market'],
        ['Quán cà phê Sông Tiền', '3 Hùng Vương', COMMUNE, 'quán nước'],
        [null, '5 Lê Lợi', COMMUNE, 'shop'],
      ],
    );
    const job = await importFile('venues', bytes, 'venues.xlsx');
    expect(job).toMatchObject({ importedCount: 2, errorCount: 1 });
    expect((await errorsOf(job.id)).map((e) => [e.field, e.reason])).toEqual([['venueName', 'required']]);
    const rows = await queryRows<{ name: string; type: string; status: string; tokens: number }>(
      t.database.db,
      sql`select v.name, v.type, v.status, (select count(*)::int from venue_tokens k where k.venue_id = v.id) as tokens
          from venues v order by v.name`,
    );
    expect(rows).toEqual([
      { name: 'Chợ Phú Khương', type: 'market', status: 'pending', tokens: 1 },
      { name: 'Quán cà phê Sông Tiền', type: 'other', status: 'pending', tokens: 1 },
    ]);
  });
});
