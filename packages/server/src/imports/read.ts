/**
 * Reading an uploaded file as rows of cells: xlsx through exceljs (first worksheet, see
 * {@link xlsxRows}; formulas read as their computed value, a formula without one kept as such so
 * the row is refused with that reason; rich text joined; text NFC), CSV decoded by
 * core/imports/encoding (UTF-8/16, Windows-1258; TCVN3 and VNI refused) and split as RFC 4180.
 * Macro workbooks (.xlsm, a vbaProject part) and old binary .xls are refused with a reason.
 */
import { AppError, parseCsv, translate } from '@epilink/core';
import type { Language } from '@epilink/core';
import { decodeText } from '@epilink/core/imports/index';
import type { ImportCell } from '@epilink/core/imports/index';
import type ExcelJS from 'exceljs';
import { workbookStream } from './xlsx-stream.ts';
import { zipRefusal } from './zip-limits.ts';

/** One row of the file: its number as the officer sees it (spreadsheet row or CSV record) and its cells. */
export interface FileRow {
  rowNumber: number;
  cells: ImportCell[];
}

/** The two formats read. */
export type FileFormat = 'xlsx' | 'csv';

/** A refused file, its reason translated (`imports.file.*`). */
export function refuseFile(
  reason: string,
  lang: Language,
  params: Record<string, string | number> = {},
): AppError {
  return new AppError('IMPORT_FILE_REFUSED', {
    params: { reason: translate(lang, `imports.file.${reason}`, params) },
    details: [{ path: 'body', messageKey: `imports.file.${reason}`, params }],
  });
}

/** Which format the bytes are; refuses macros, binary .xls and empty files. */
export function detectFormat(bytes: Buffer, fileName: string | null, lang: Language): FileFormat {
  const refuse = (reason: string) => refuseFile(reason, lang);
  if (bytes.length === 0) throw refuse('empty');
  if (fileName !== null && /\.xl[st]m$/iu.test(fileName)) throw refuse('macro');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    // Zip part names are stored uncompressed in the headers: a macro workbook names its VBA part.
    if (bytes.includes('vbaProject.bin')) throw refuse('macro');
    return 'xlsx';
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    throw refuse('notSpreadsheet');
  if (bytes.subarray(0, 4096).includes(0)) {
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
    if (!utf16) throw refuse('notSpreadsheet');
  }
  return 'csv';
}

type ExcelValue = ExcelJS.CellValue;

function toCell(value: ExcelValue): ImportCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.normalize('NFC');
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .normalize('NFC');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null || (typeof result === 'object' && !(result instanceof Date)))
      return { formula: 'formula' };
    return toCell(result as ExcelValue);
  }
  if ('text' in value && typeof value.text === 'string') return value.text.normalize('NFC');
  if ('error' in value) return { formula: 'error' };
  return null;
}

/**
 * The first worksheet's rows, streamed: exceljs's streaming reader (its UTF-8 decoding fixed in
 * xlsx-stream.ts) yields row by row, so memory holds the file's bytes, the shared strings and one
 * row, not the whole workbook. A merged cell reads as its master cell (the others are empty).
 * An archive that would inflate past its budget (a zip bomb) or hold too many parts is refused
 * first (zip-limits.ts).
 */
async function* xlsxRows(bytes: Buffer, lang: Language): AsyncGenerator<FileRow> {
  // What the archive inflates to is bounded before exceljs inflates anything (zip-limits.ts).
  const refusal = await zipRefusal(bytes);
  if (refusal) throw refuseFile(refusal.reason, lang, refusal.params);
  const reader = workbookStream(bytes);
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets++;
      for await (const row of sheet) {
        if (!row.hasValues) continue;
        const cells: ImportCell[] = [];
        for (let c = 1; c <= row.cellCount; c++) cells.push(toCell(row.getCell(c).value));
        yield { rowNumber: row.number, cells };
      }
      break;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw refuseFile('unreadable', lang);
  }
  if (sheets === 0) throw refuseFile('unreadable', lang);
}

function* csvRows(bytes: Buffer, lang: Language): Generator<FileRow> {
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw refuseFile(decoded.reason, lang);
  let text = decoded.text;
  // Excel in a Vietnamese locale saves "CSV" with semicolons: take the separator of the first line
  // (swapped with the comma around the RFC 4180 split, so quoted fields keep either).
  const newline = text.indexOf('\n');
  const firstLine = newline === -1 ? text : text.slice(0, newline);
  const semicolons = firstLine.split(';').length;
  const swap = semicolons > firstLine.split(',').length;
  if (swap) text = text.replace(/[;,]/gu, (c) => (c === ';' ? ',' : ';'));
  let n = 0;
  for (const record of parseCsv(text)) {
    n++;
    const cells = swap ? record.map((c) => c.replace(/[;,]/gu, (x) => (x === ';' ? ',' : ';'))) : record;
    yield { rowNumber: n, cells };
  }
}

/** The file's rows, streamed (see the module comment). */
export function readRows(
  bytes: Buffer,
  format: FileFormat,
  lang: Language,
): AsyncIterable<FileRow> | Iterable<FileRow> {
  return format === 'xlsx' ? xlsxRows(bytes, lang) : csvRows(bytes, lang);
}
