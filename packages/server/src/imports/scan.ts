/**
 * From rows to data rows: the header row (the first rows' best match of known field names, so a
 * title banner — often merged cells — or blank rows above it are passed over), then every
 * non-empty row below it in order. A second header line (the templates' English one) is not
 * data. Counting and importing walk the same sequence, so a restart resumes at the same row.
 */
import { autoMap, cellText, findHeaderRow, isEmptyRow } from '@epilink/core/imports/index';
import type { ImportCell, ImportKind } from '@epilink/core/imports/index';
import type { Language } from '@epilink/core';
import { readRows, refuseFile } from './read.ts';
import type { FileFormat, FileRow } from './read.ts';

/** The most data rows one file may hold. */
export const MAX_IMPORT_ROWS = 2_000_000;

/** What a first pass over the file found. */
export interface FileScan {
  headerRowNumber: number;
  headers: string[];
  totalRows: number;
}

const texts = (cells: readonly ImportCell[]) => cells.map((c) => cellText(c).trim());

/** Headers of a row: blanks named by their column letter, so every column can be mapped by hand. */
function headerNames(cells: readonly ImportCell[]): string[] {
  return texts(cells).map((t, i) => (t === '' ? columnLetter(i) : t));
}

/** A (0-based) column's letter as a spreadsheet shows it: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function isHeaderLike(kind: ImportKind, cells: readonly ImportCell[]): boolean {
  return Object.keys(autoMap(kind, texts(cells))).length >= 2;
}

/** Where a scan hands each data row, in order (`seq` from 0); awaited when it returns a promise. */
export type DataRowSink = (row: FileRow & { seq: number }) => void | Promise<void>;

/**
 * First pass: the header row and the number of data rows (refuses a file without a header). With
 * `sink`, every data row is handed over as it is read (the upload stages them: the file is read
 * once).
 */
export async function scanFile(
  bytes: Buffer,
  format: FileFormat,
  kind: ImportKind,
  lang: Language,
  sink?: DataRowSink,
): Promise<FileScan> {
  const head: FileRow[] = [];
  let header: FileRow | null = null;
  let total = 0;
  const take = async (row: FileRow) => {
    if (!countable(kind, row)) return;
    const seq = total++;
    if (total > MAX_IMPORT_ROWS) throw refuseFile('tooManyRows', lang, { max: MAX_IMPORT_ROWS });
    const p = sink?.({ ...row, seq });
    if (p) await p;
  };
  for await (const row of readRows(bytes, format, lang)) {
    if (header === null) {
      head.push(row);
      if (head.length < 20) continue;
      header = pickHeader(kind, head, lang);
      for (const r of head.filter((x) => x.rowNumber > header!.rowNumber)) await take(r);
      continue;
    }
    await take(row);
  }
  if (header === null) {
    header = pickHeader(kind, head, lang);
    for (const r of head.filter((x) => x.rowNumber > header!.rowNumber)) await take(r);
  }
  return { headerRowNumber: header.rowNumber, headers: headerNames(header.cells), totalRows: total };
}

function pickHeader(kind: ImportKind, head: FileRow[], lang: Language): FileRow {
  const index = findHeaderRow(
    kind,
    head.map((r) => texts(r.cells)),
  );
  if (index === null) throw refuseFile('noHeader', lang);
  return head[index]!;
}

function countable(kind: ImportKind, row: FileRow): boolean {
  return !isEmptyRow(row.cells) && !isHeaderLike(kind, row.cells);
}

/** The data rows below the header, numbered from 0 in file order (the resume position). */
export async function* dataRows(
  bytes: Buffer,
  format: FileFormat,
  kind: ImportKind,
  headerRowNumber: number,
  lang: Language,
): AsyncGenerator<FileRow & { seq: number }> {
  let seq = 0;
  for await (const row of readRows(bytes, format, lang)) {
    if (row.rowNumber <= headerRowNumber || !countable(kind, row)) continue;
    yield { ...row, seq: seq++ };
  }
}
