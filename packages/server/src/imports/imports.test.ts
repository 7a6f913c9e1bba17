/**
 * A commune officer brings a spreadsheet of residents into EpiLink (PGlite and PostgreSQL): a
 * title banner above the header, an empty row, NFD names, Excel serial dates — and 5 % broken
 * rows with mixed faults. The good 95 % land through record linkage, each bad row is reported
 * with the right reason in the error report, and the same file (or the same rows in another
 * file) again adds nothing. Bad files are refused with a reason before anything is stored.
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
const ROWS = 200;

/** The faults planted in every 20th row, with the column and reason the report must give. */
const FAULTS: { cells: (i: number) => Partial<Record<number, unknown>>; column: string; reason: string }[] = [
  { cells: () => ({ 2: '31/02/1990' }), column: 'C', reason: 'No such date' },
  { cells: () => ({ 4: '0831234' }), column: 'E', reason: 'A CCCD number has exactly 12 digits' },
  {
    cells: () => ({ 7: '99999' }),
    column: 'H',
    reason: 'Code not in the list (or outside your jurisdiction)',
  },
  { cells: () => ({ 5: '12345' }), column: 'F', reason: 'Not a valid Vietnamese phone number' },
  { cells: () => ({ 1: null }), column: 'B', reason: 'A required value is missing' },
  { cells: () => ({ 5: { formula: 'A1&B1' } }), column: 'F', reason: 'formula without a computed value' },
  { cells: () => ({ 2: '01/01/2099' }), column: 'C', reason: 'The date is in the future' },
  { cells: () => ({ 3: 'không rõ' }), column: 'D', reason: 'Sex must be Nam (male) or Nữ (female)' },
  { cells: () => ({ 3: 'Nam' }), column: 'E', reason: 'The CCCD number does not match the sex' },
  {
    cells: () => ({ 1: 'Trần <b>Văn</b>' }),
    column: 'B',
    reason: 'The name holds characters that are not allowed',
  },
];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng'];
const MIDDLE = ['Thị', 'Văn', 'Hữu', 'Minh', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hoà', 'Khánh', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quyên', 'Sơn'];

/** Row i of the file: a woman born 1950+i%50 (every row a different person), as cells A..H. */
function personRow(i: number): unknown[] {
  const year = 1950 + (i % 50);
  const name = `${FAMILY[i % 10]} ${MIDDLE[Math.floor(i / 10) % 5]} ${GIVEN[Math.floor(i / 50) % 12]} ${GIVEN[i % 12]}`;
  const dob =
    i % 3 === 0
      ? (Date.UTC(year, 4, 1 + (i % 27)) - Date.UTC(1899, 11, 30)) / 86_400_000
      : `${1 + (i % 27)}/5/${year}`;
  return [
    i + 1,
    i % 4 === 0 ? name.normalize('NFD') : name,
    dob,
    'Nữ',
    i % 2 === 0 ? makeCccd('083', 'female', year, 10_000 + i) : null,
    i % 5 === 0 ? `09${String(10_000_000 + i).slice(0, 8)}` : null,
    `Ấp ${1 + (i % 7)}`,
    COMMUNE,
  ];
}

/** The workbook: a merged title banner, a blank row, the header, the rows (an empty one among them). */
async function residentsFile(): Promise<{ bytes: Buffer; bad: Map<number, (typeof FAULTS)[number]> }> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('DS');
  sheet.addRow(['DANH SÁCH NGƯỜI DÂN XÃ — NĂM 2026']);
  sheet.mergeCells('A1:H1');
  sheet.addRow([]);
  sheet.addRow(['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Điện thoại', 'Địa chỉ', 'Mã xã']);
  const bad = new Map<number, (typeof FAULTS)[number]>();
  for (let i = 0; i < ROWS; i++) {
    const cells = personRow(i);
    if (i % 20 === 7) {
      const fault = FAULTS[Math.floor(i / 20)]!;
      if (fault.reason.includes('CCCD number does not match'))
        cells[4] = makeCccd('083', 'female', 1950 + (i % 50), 10_000 + i);
      for (const [c, v] of Object.entries(fault.cells(i))) cells[Number(c)] = v;
      bad.set(sheet.rowCount + 1, fault);
    }
    sheet.addRow(cells);
    if (i === 100) sheet.addRow([]);
  }
  return { bytes: Buffer.from(await book.xlsx.writeBuffer()), bad };
}

let t: TestApp;
let officer: Record<string, string>;
type Job = {
  id: string;
  status: string;
  totalRows: number;
  importedCount: number;
  duplicateCount: number;
  errorCount: number;
  alreadyImported: boolean;
  mapping: Record<string, number>;
};

beforeAll(async () => {
  t = await createTestApp();
  officer = { ...(await signInAs(t, 'commune_officer', COMMUNE)).headers, 'accept-language': 'en' };
});
afterAll(async () => {
  await t?.close();
});

const upload = (bytes: Buffer, fileName: string, type = XLSX, headers = officer) =>
  t.app.inject({
    method: 'POST',
    url: `/api/imports?kind=people&source=${encodeURIComponent('Sổ hộ khẩu xã')}&fileName=${fileName}`,
    headers: { ...headers, 'content-type': type },
    payload: bytes,
  });

const importedPeople = async (jobId: string) =>
  (
    await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from persons where source = ${`import:${jobId}`}`,
    )
  )[0]!.n;

describe('a residents file with 5 % broken rows', () => {
  let file: Awaited<ReturnType<typeof residentsFile>>;
  let job: Job;

  it('is uploaded: header found under the banner, columns mapped by their Vietnamese names, rows counted', async () => {
    file = await residentsFile();
    const res = await upload(file.bytes, 'residents.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    job = res.json<Job>();
    expect(job).toMatchObject({ status: 'uploaded', totalRows: ROWS, alreadyImported: false });
    expect(job.mapping).toEqual({
      fullName: 1,
      dateOfBirth: 2,
      sex: 3,
      cccd: 4,
      phone: 5,
      address: 6,
      communeCode: 7,
    });
  });

  it('previews the first rows as they will be stored (names composed, dates as days)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/imports/${job.id}/preview`,
      headers: officer,
    });
    const rows = res.json<{ rows: { rowNumber: number; values: Record<string, string> }[] }>().rows;
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({
      rowNumber: 4,
      values: { fullName: 'Nguyễn Thị An An', dateOfBirth: '1950-05-01', sex: 'female' },
    });
    expect(rows[1]!.values.dateOfBirth).toBe('1951-05-02');
  });

  it('lands the good 95 % and reports each bad row with its column and reason', async () => {
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/imports/${job.id}/start`, headers: officer }))
        .statusCode,
    ).toBe(200);
    expect(await runImportJob(t.database, job.id, { batchRows: 64 })).toBe('done');
    const done = (
      await t.app.inject({ method: 'GET', url: `/api/imports/${job.id}`, headers: officer })
    ).json<Job>();
    expect(done).toMatchObject({ status: 'done', importedCount: 190, errorCount: 10, duplicateCount: 0 });
    expect(await importedPeople(job.id)).toBe(190);

    const report = await t.app.inject({
      method: 'GET',
      url: `/api/imports/${job.id}/errors.xlsx`,
      headers: officer,
    });
    expect(report.headers['content-type']).toBe(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const lines: { row: number; column: string; reason: string }[] = [];
    book.getWorksheet('Errors')!.eachRow((r, n) => {
      if (n > 1)
        lines.push({
          row: Number(r.getCell(1).value),
          column: r.getCell(2).text,
          reason: r.getCell(5).text,
        });
    });
    expect(lines).toHaveLength(10);
    for (const [row, fault] of file.bad) {
      const line = lines.find((l) => l.row === row)!;
      expect(line.column.startsWith(`${fault.column} (`), `row ${row}`).toBe(true);
      expect(line.reason, `row ${row}`).toContain(fault.reason);
    }
  });

  it('adds nothing when the same file comes again, nor when the same rows come in another file', async () => {
    const again = await upload(file.bytes, 'residents-again.xlsx');
    expect(again.json<Job>()).toMatchObject({ id: job.id, alreadyImported: true });
    const csv = ['Họ tên,Ngày sinh,Giới tính,Số CCCD,Mã xã']
      .concat(
        Array.from({ length: 20 }, (_, i) => personRow(i * 2)).map((c) =>
          [c[1], typeof c[2] === 'number' ? c[2] : c[2], c[3], c[4], c[7]].join(','),
        ),
      )
      .join('\r\n');
    const res = await upload(Buffer.from(csv, 'utf8'), 'same-rows.csv', 'text/csv');
    const second = res.json<Job>();
    expect(second).toMatchObject({ alreadyImported: false, totalRows: 20 });
    await t.app.inject({ method: 'POST', url: `/api/imports/${second.id}/start`, headers: officer });
    expect(await runImportJob(t.database, second.id)).toBe('done');
    const done = (
      await t.app.inject({ method: 'GET', url: `/api/imports/${second.id}`, headers: officer })
    ).json<Job>();
    expect(done).toMatchObject({ importedCount: 0, duplicateCount: 20, errorCount: 0 });
    expect(await importedPeople(second.id)).toBe(0);
  });

  it('keeps the job to its jurisdiction and the kind to its permission', async () => {
    const elsewhere = (await signInAs(t, 'commune_officer', '28759')).headers;
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/imports/${job.id}`, headers: elsewhere })).statusCode,
    ).toBe(404);
    const lab = (await signInAs(t, 'lab_technician', COMMUNE)).headers;
    expect((await upload(file.bytes, 'x.xlsx', XLSX, lab)).statusCode).toBe(403);
  });
});

describe('files refused with a reason, nothing stored', () => {
  it('refuses a macro workbook, a TCVN3 CSV and a declared size over the limit', async () => {
    const macro = await upload(Buffer.from('PK\u0003\u0004 xl/vbaProject.bin'), 'book.xlsm');
    expect(macro.statusCode).toBe(422);
    expect(macro.json<{ error: { message: string } }>().error.message).toContain('.xlsm');
    const tcvn = await upload(
      Buffer.from([0x48, 0x6f, 0x20, 0x74, 0xaa, 0x6e, 0x2c, 0x56, 0xa8, 0x6e, 0x0a]),
      'old.csv',
      'text/csv',
    );
    expect(tcvn.statusCode).toBe(422);
    expect(tcvn.json<{ error: { message: string } }>().error.message).toContain('TCVN3');
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/imports?kind=people&source=x',
      headers: { ...officer, 'content-type': 'text/csv', 'content-length': String(200 * 1024 * 1024) },
      payload: 'a,b',
    });
    expect(huge.statusCode).toBe(413);
    // Other routes do not take files.
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { ...officer, 'content-type': 'application/octet-stream' },
      payload: Buffer.alloc(10),
    });
    expect(elsewhere.statusCode).toBe(400);
    const [n] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from import_jobs where file_name in ('book.xlsm', 'old.csv')`,
    );
    expect(n!.n).toBe(0);
  });
});
