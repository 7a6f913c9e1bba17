/**
 * Hostile review (3 December 2026), open item 3 — an xlsx upload's inflated size, on PGlite and
 * PostgreSQL. An xlsx is a zip: a residents "workbook" of 80 KB can hold a sheet of 20 MB of the
 * same row over and over (a zip bomb; real ones reach gigabytes). Before, only the 64 MB file and
 * the row count were capped, so exceljs inflated whatever the archive held — a sheet met before
 * the shared strings went to a temporary file whole. Now the archive is checked first
 * (imports/zip-limits.ts): too many parts, or parts that inflate past the file's budget (actually
 * inflated and counted, not trusted from the headers), are refused with a translated reason and
 * nothing is stored. The bomb is generated here; no binary is committed.
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { inflationBudget, zipRefusal } from '../../src/imports/zip-limits.ts';
import { createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { inlineRow, sheetXml, workbookParts, zipArchive } from './zipBuilder.ts';

const COMMUNE = '28756';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = inlineRow(1, ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã xã']);
const ROW = inlineRow(3, ['Nguyễn Văn An', '01/01/1990', 'Nam', COMMUNE]);
/** About 20 MB of one row repeated: deflates to about 80 KB. */
const BOMB_SHEET = sheetXml(HEADER + ROW.repeat(Math.ceil(20_000_000 / ROW.length)));

let t: TestApp;
let officer: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  officer = (await signInAs(t, 'commune_officer', COMMUNE)).headers;
});
afterAll(async () => {
  await t?.close();
});

const upload = (bytes: Buffer, lang: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/imports?kind=people&source=bomb&fileName=residents.xlsx',
    headers: { ...officer, 'content-type': XLSX, 'accept-language': lang },
    payload: bytes,
  });

const jobs = async () =>
  (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from import_jobs`))[0]!.n;

describe('hostile review: a workbook that inflates far beyond its size', () => {
  it('is refused before it is read, with the limit in the officer’s language, and nothing is stored', async () => {
    const bomb = zipArchive(workbookParts(BOMB_SHEET));
    expect(bomb.length).toBeLessThan(200_000);
    const limitMb = Math.floor(inflationBudget(bomb.length) / 1024 / 1024);
    const before = await jobs();

    const vi = await upload(bomb, 'vi');
    expect(vi.statusCode, vi.body).toBe(422);
    const refusal = vi.json<{ error: { code: string; message: string } }>().error;
    expect(refusal.code).toBe('IMPORT_FILE_REFUSED');
    expect(refusal.message).toContain(`vượt giới hạn ${limitMb} MB`);
    const en = await upload(bomb, 'en');
    expect(en.statusCode).toBe(422);
    expect(en.json<{ error: { message: string } }>().error.message).toContain(
      `inflates past the ${limitMb} MB limit`,
    );
    expect(await jobs()).toBe(before);
  });

  it('is refused too when its headers lie about the sheet’s size (the bytes are counted)', async () => {
    const parts = workbookParts(BOMB_SHEET).map((p) =>
      p.name.endsWith('sheet1.xml') ? { ...p, declare: { inflated: 4096 } } : p,
    );
    expect(await zipRefusal(zipArchive(parts))).toMatchObject({ reason: 'inflatedTooLarge' });
  });

  it('refuses an archive of a thousand and one parts, and one hiding a part between the listed ones', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ name: `p${i}.xml`, data: '', stored: true }));
    expect(await zipRefusal(zipArchive(many))).toMatchObject({ reason: 'tooManyParts' });

    // A part present in the file but missing from the central directory: a streaming reader
    // would still inflate it. Built by listing only the first three of the four parts.
    const full = zipArchive(workbookParts(BOMB_SHEET));
    const listed = zipArchive(workbookParts(sheetXml(HEADER)).slice(0, 3));
    const listedLocals = listed.readUInt32LE(listed.length - 6);
    const directory = listed.subarray(listedLocals, listed.length - 22);
    const end = Buffer.from(listed.subarray(listed.length - 22));
    const fullLocals = full.readUInt32LE(full.length - 6);
    end.writeUInt32LE(fullLocals, 16);
    const hidden = Buffer.concat([full.subarray(0, fullLocals), directory, end]);
    expect(await zipRefusal(hidden)).toMatchObject({ reason: 'unreadable' });
  });

  it('still takes an ordinary workbook written by a spreadsheet program', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('DS');
    sheet.addRow(['Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã xã']);
    for (let i = 0; i < 200; i++) sheet.addRow([`Nguyễn Văn ${i}`, '01/01/1990', 'Nam', COMMUNE]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    expect(await zipRefusal(bytes)).toBeNull();
    const res = await upload(bytes, 'vi');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ totalRows: number }>().totalRows).toBe(200);
  });
});
