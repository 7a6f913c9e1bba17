/**
 * A lab run's result file with broken rows, against a real database (PGlite and PostgreSQL):
 * the good rows land (through the same result path as typed entry), each bad row is reported
 * with its line and reason, and importing the same file again adds nothing. The lab screen's
 * files run on the import machinery (an import job of kind testResults, its error report and
 * history); the same file as xlsx lands the same way.
 */
import { makeBarcode } from '@epilink/core';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { HOME, specimenAt } from './test-fixtures.ts';

let t: TestApp;
let lab: Record<string, string>;
const tubes: string[] = [];
let rapid = '';

const yesterday = () => {
  const d = new Date(Date.now() - 86_400_000 + 7 * 3_600_000);
  return `${d.toISOString().slice(0, 10)} 18:30`;
};

beforeAll(async () => {
  t = await createTestApp();
  lab = (await signInAs(t, 'lab_technician', HOME.communeCode)).headers;
  const people = await addPeople(
    t.database,
    ['Huỳnh Văn Hải', 'Ngô Thị Lan', 'Bùi Văn Minh', 'Đỗ Thị Ngọc'].map((fullName, i) => ({
      fullName,
      dateOfBirth: `198${i}-05-0${i + 1}`,
      ...HOME,
    })),
  );
  for (const p of people.slice(0, 3))
    tubes.push((await specimenAt(t.database.db, p.personId, HOME, { hoursAgo: 48 })).barcode);
  rapid = (
    await specimenAt(t.database.db, people[3]!.personId, HOME, { testType: 'rapidAntigen', hoursAgo: 48 })
  ).barcode;
});
afterAll(async () => {
  await t?.close();
});

const importFile = (csv: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/testing/imports',
    headers: { ...lab, 'accept-language': 'en' },
    payload: { labName: 'CDC Bến Tre', labRun: 'RUN-0427', fileName: 'run-0427.csv', csv },
  });

type Report = {
  alreadyImported: boolean;
  rowCount: number;
  imported: number;
  unchanged: number;
  errors: { line: number; barcode: string; reason: string; message: string }[];
};

describe('lab CSV import', () => {
  const [a, b, c] = [0, 1, 2];
  let file = '';

  it('good rows land and every broken row is reported with its reason', async () => {
    const unknown = makeBarcode('specimen', 987654321);
    file = [
      'barcode,outcome,ct,resulted_at',
      `${tubes[a]},positive,23.4,${yesterday()}`,
      `${tubes[b]},negative,,${yesterday()}`,
      `${unknown},negative,,${yesterday()}`,
      `${makeBarcode('specimen', 987654322)},negative,,31/02/2026`,
      `${tubes[c]},positive,61,${yesterday()}`,
      `${tubes[b]},negative,,${yesterday()}`,
      `${rapid},positive,18,${yesterday()}`,
    ].join('\r\n');
    const res = await importFile(file);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<Report>();
    // The row repeated within the file (line 7) is a duplicate: it adds nothing and is no error.
    expect(report).toMatchObject({ alreadyImported: false, rowCount: 7, imported: 2, unchanged: 1 });
    expect(report.errors.map((e) => [e.line, e.reason])).toEqual([
      [4, 'unknownSpecimen'],
      [5, 'badDate'],
      [6, 'impossibleCt'],
      [8, 'ctNotForRapid'],
    ]);
    expect(report.errors[0]!.message).toBe('no specimen has this code');

    const stored = await queryRows<{ barcode: string; outcome: string; ct: number | null; source: string }>(
      t.database.db,
      sql`select s.barcode, r.outcome, r.ct, r.source from test_results r join specimens s on s.id = r.specimen_id
          order by r.outcome desc`,
    );
    expect(stored).toEqual([
      { barcode: tubes[a], outcome: 'positive', ct: 23.4, source: 'import' },
      { barcode: tubes[b], outcome: 'negative', ct: null, source: 'import' },
    ]);
  });

  it('importing the same file again adds nothing', async () => {
    const res = await importFile(file);
    expect(res.statusCode).toBe(200);
    expect(res.json<Report>()).toMatchObject({ alreadyImported: true, imported: 0 });
    const [n] = await queryRows<{ results: number; imports: number; events: number }>(
      t.database.db,
      sql`select (select count(*)::int from test_results) as results, (select count(*)::int from import_jobs where kind = 'testResults') as imports,
                 (select count(*)::int from outbox where topic = 'testing.result_recorded') as events`,
    );
    expect(n).toEqual({ results: 2, imports: 1, events: 2 });
  });

  it('a corrected file of the same run lands only what is new; a conflicting result is refused', async () => {
    const corrected = [
      'ma_mau;ket_qua;ct;ngay_kq',
      `${tubes[a]};Dương tính;23,4;${yesterday()}`,
      `${tubes[b]};Dương tính;;${yesterday()}`,
      `${tubes[c]};Âm tính;;${yesterday()}`,
    ].join('\n');
    const report = (await importFile(corrected)).json<Report>();
    expect(report).toMatchObject({ alreadyImported: false, imported: 1, unchanged: 1 });
    expect(report.errors.map((e) => [e.line, e.reason])).toEqual([[3, 'conflictingResult']]);
  });

  it('an xlsx file lands the same way, with its error report and its line in the lab history', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('KQ');
    sheet.addRow(['Mã mẫu', 'Kết quả', 'Ngày trả kết quả']);
    sheet.addRow([rapid, 'Dương tính', yesterday()]);
    sheet.addRow([makeBarcode('specimen', 987654323), 'Âm tính', yesterday()]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/testing/imports/file?labName=CDC%20B%E1%BA%BFn%20Tre&fileName=run-0428.xlsx',
      headers: {
        ...lab,
        'accept-language': 'en',
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      payload: Buffer.from(await book.xlsx.writeBuffer()),
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<Report & { importId: string }>();
    expect(report).toMatchObject({ imported: 1, unchanged: 0 });
    expect(report.errors.map((e) => [e.line, e.reason])).toEqual([[3, 'unknownSpecimen']]);
    const errors = await t.app.inject({
      method: 'GET',
      url: `/api/testing/imports/${report.importId}/errors.xlsx`,
      headers: lab,
    });
    expect(errors.statusCode).toBe(200);
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(errors.rawPayload as unknown as ArrayBuffer);
    expect(read.worksheets[0]!.rowCount).toBe(2);
    const history = await t.app.inject({ method: 'GET', url: '/api/testing/imports', headers: lab });
    expect(
      history.json<{ items: { fileName: string; importedCount: number; errorCount: number }[] }>().items[0],
    ).toMatchObject({
      fileName: 'run-0428.xlsx',
      importedCount: 1,
      errorCount: 1,
    });
  });

  it('a file without the required columns is refused whole, nothing stored', async () => {
    const res = await importFile('specimen,ct\nS1,20\n');
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'LAB_CSV_INVALID',
      message: expect.stringContaining('outcome') as unknown,
    });
  });
});
