/**
 * The error report of an import as xlsx, in the reader's language: one line per refused cell
 * (file row, column letter and header, field, value, reason), then a sheet with each refused row
 * as it was in the file, so it can be corrected and uploaded again.
 */
import { translate } from '@epilink/core';
import type { Language } from '@epilink/core';
import { asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { DbOrTx } from '../db/client.ts';
import { importRowErrors } from '../db/schema/index.ts';
import type { ImportJob } from './jobs.ts';
import { columnLetter } from './scan.ts';

/**
 * A cell of the uploaded file as the report writes it: text that a spreadsheet would read as a
 * formula when the official edits the cell (a leading =, +, -, @, tab or carriage return) gets a
 * leading apostrophe. Plain numbers and phone numbers such as "+84 912 345 678" stay as they are.
 */
export function reportCell(value: string): string {
  if (!/^[=+\-@\t\r]/u.test(value)) return value;
  return /^[+-]?[\d\s().-]*\d[\d\s().-]*$/u.test(value) ? value : `'${value}`;
}

/** Build the report of a job (the caller has checked access to it). */
export async function buildErrorReport(db: DbOrTx, job: ImportJob, lang: Language): Promise<Buffer> {
  const rows = await db
    .select()
    .from(importRowErrors)
    .where(eq(importRowErrors.jobId, job.id))
    .orderBy(asc(importRowErrors.rowNumber));
  const t = (key: string) => translate(lang, `imports.report.${key}`);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(t('sheet'));
  sheet.addRow([t('row'), t('column'), t('field'), t('value'), t('reason')]).font = { bold: true };
  for (const r of rows) {
    for (const e of r.errors) {
      // Begins with the column letter, so the header inside cannot start a formula.
      const column = e.column === null ? '' : `${columnLetter(e.column)} (${job.headers[e.column] ?? ''})`;
      const value = e.column === null ? '' : reportCell(r.cells[e.column] ?? '');
      sheet.addRow([
        r.rowNumber,
        column,
        translate(lang, `imports.field.${e.field}`),
        value,
        translate(lang, `imports.reason.${e.reason}`),
      ]);
    }
  }
  [10, 24, 22, 28, 60].forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
  const original = book.addWorksheet(t('original'));
  original.addRow([t('row'), ...job.headers.map(reportCell)]).font = { bold: true };
  for (const r of rows) original.addRow([r.rowNumber, ...r.cells.map((c) => reportCell(c))]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
