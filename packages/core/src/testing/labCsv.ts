/**
 * Lab result files (CSV, one file per lab run). Header row with the columns `barcode`, `outcome`,
 * `ct`, `resulted_at` (Vietnamese aliases `ma_mau`, `ket_qua`, `ct`, `ngay_kq`; `,` or `;`
 * separated, quotes as RFC 4180). Parsing is in two steps so it stays pure: {@link parseLabCsv}
 * checks each row on its own and duplicates within the file; {@link checkLabRows} then checks the
 * rows against the specimens the server found for their barcodes.
 */
import { localTime } from '../time/clock.ts';
import { barcodeProblem, normalizeBarcode } from './barcode.ts';
import { ctProblem, parseOutcome } from './results.ts';
import type { TestOutcome, SpecimenTestType } from './results.ts';

/** Why a row was refused (an i18n key under `testing.import.reason.`). */
export type LabRowReason =
  | 'columns'
  | 'badBarcode'
  | 'unknownSpecimen'
  | 'badOutcome'
  | 'badDate'
  | 'futureDate'
  | 'beforeCollection'
  | 'impossibleCt'
  | 'ctNotForRapid'
  | 'duplicate'
  | 'conflictingResult';

/** One refused row: its line in the file (header = line 1), the barcode as written, the reason. */
export interface LabRowError {
  line: number;
  barcode: string;
  reason: LabRowReason;
}

/** A row that passed the file-level checks. */
export interface LabRow {
  line: number;
  barcode: string;
  outcome: TestOutcome;
  ct: number | null;
  resultedAt: Date;
}

/** The whole file could not be read (no header, missing column, too many rows). */
export class LabCsvError extends Error {
  constructor(
    readonly reason: 'empty' | 'missingColumn' | 'tooManyRows',
    readonly column?: string,
  ) {
    super(reason);
    this.name = 'LabCsvError';
  }
}

/** Most rows one file may hold (a lab run is a few plates). */
export const LAB_CSV_MAX_ROWS = 5000;

const COLUMNS = {
  barcode: ['barcode', 'specimen', 'specimen_barcode', 'ma_mau', 'mã mẫu', 'ma mau'],
  outcome: ['outcome', 'result', 'ket_qua', 'kết quả', 'ket qua'],
  ct: ['ct', 'ct_value'],
  resultedAt: ['resulted_at', 'result_date', 'date', 'ngay_kq', 'ngày kq', 'ngay kq', 'ngày kết quả'],
} as const;

/** Split CSV text into records (quotes, doubled quotes, CRLF; separator `,` or `;`). */
export function splitCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/u, '');
  const firstLine = src.slice(0, src.indexOf('\n') === -1 ? src.length : src.indexOf('\n'));
  const sep = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * Read a result date: `YYYY-MM-DD[ HH:mm[:ss]]` / ISO with `T` and offset, or Vietnamese
 * `DD/MM/YYYY[ HH:mm]`. Times without an offset are the province's local time (the one clock). Null when invalid.
 */
export function parseLabDate(raw: string): Date | null {
  const s = raw.trim();
  let m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/u.exec(
      s,
    );
  let parts: [number, number, number, number, number, number] | null = null;
  let zone: string | undefined;
  if (m) {
    parts = [+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
    zone = m[7];
  } else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/u.exec(s);
    if (m) parts = [+m[3]!, +m[2]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
  }
  if (!parts) return null;
  const [y, mo, d, h, mi, se] = parts;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return null;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  if (zone === undefined) {
    const day = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    return new Date(localTime(day, h, mi).getTime() + se * 1000);
  }
  const offsetMin = zone === 'Z' ? 0 : zoneMinutes(zone);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, se) - offsetMin * 60_000);
}

function zoneMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

function columnIndex(header: string[], names: readonly string[]): number {
  const h = header.map((x) => x.trim().toLowerCase());
  return h.findIndex((x) => names.includes(x));
}

/**
 * Parse a lab CSV: every row is either a {@link LabRow} or a {@link LabRowError} (bad barcode,
 * outcome, date, Ct, or a barcode repeated in the file — every occurrence after the first).
 * Blank lines are skipped. Throws {@link LabCsvError} when the file itself is unreadable.
 */
export function parseLabCsv(text: string, now: Date): { rows: LabRow[]; errors: LabRowError[] } {
  const records = splitCsv(text);
  const header = records[0];
  if (!header || header.every((h) => h.trim() === '')) throw new LabCsvError('empty');
  const idx = {} as Record<keyof typeof COLUMNS, number>;
  for (const key of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]) {
    idx[key] = columnIndex(header, COLUMNS[key]);
    if (idx[key] === -1 && key !== 'ct') throw new LabCsvError('missingColumn', COLUMNS[key][0]);
  }
  if (records.length - 1 > LAB_CSV_MAX_ROWS) throw new LabCsvError('tooManyRows');
  const rows: LabRow[] = [];
  const errors: LabRowError[] = [];
  const seen = new Set<string>();
  records.slice(1).forEach((rec, i) => {
    const line = i + 2;
    if (rec.every((f) => f.trim() === '')) return;
    const cell = (k: keyof typeof COLUMNS) => (idx[k] === -1 ? '' : (rec[idx[k]] ?? '').trim());
    const barcode = normalizeBarcode(cell('barcode')).slice(0, 40);
    const fail = (reason: LabRowReason) => errors.push({ line, barcode, reason });
    if (rec.length < header.length && rec.length <= Math.max(idx.barcode, idx.outcome, idx.resultedAt))
      return fail('columns');
    if (barcodeProblem(barcode, 'specimen') !== null) return fail('badBarcode');
    if (seen.has(barcode)) return fail('duplicate');
    seen.add(barcode);
    const outcome = parseOutcome(cell('outcome'));
    if (!outcome) return fail('badOutcome');
    const resultedAt = parseLabDate(cell('resultedAt'));
    if (!resultedAt) return fail('badDate');
    if (resultedAt.getTime() > now.getTime() + 5 * 60_000) return fail('futureDate');
    const ctRaw = cell('ct').replace(',', '.');
    let ct: number | null = null;
    if (ctRaw !== '') {
      ct = /^\d+(\.\d+)?$/u.test(ctRaw) ? Number(ctRaw) : Number.NaN;
      if (ctProblem('rtPcr', ct) !== null) return fail('impossibleCt');
    }
    rows.push({ line, barcode, outcome, ct, resultedAt });
  });
  return { rows, errors };
}

/** What the server knows of a specimen named in a file. */
export interface KnownSpecimen {
  testType: SpecimenTestType;
  collectedAt: Date;
  /** The outcome already stored for it, if any. */
  resultOutcome: TestOutcome | null;
}

/**
 * Check parsed rows against the specimens found: unknown specimen, Ct on a rapid test, a result
 * dated before collection, a stored result with another outcome. Rows whose specimen already has
 * the same outcome are `unchanged` (re-import adds nothing), the rest are `accepted`.
 */
export function checkLabRows(
  rows: LabRow[],
  specimens: ReadonlyMap<string, KnownSpecimen>,
): { accepted: LabRow[]; unchanged: LabRow[]; errors: LabRowError[] } {
  const accepted: LabRow[] = [];
  const unchanged: LabRow[] = [];
  const errors: LabRowError[] = [];
  for (const row of rows) {
    const s = specimens.get(row.barcode);
    const fail = (reason: LabRowReason) => errors.push({ line: row.line, barcode: row.barcode, reason });
    if (!s) fail('unknownSpecimen');
    else if (ctProblem(s.testType, row.ct) === 'notForRapid') fail('ctNotForRapid');
    else if (row.resultedAt.getTime() < s.collectedAt.getTime()) fail('beforeCollection');
    else if (s.resultOutcome === row.outcome) unchanged.push(row);
    else if (s.resultOutcome !== null) fail('conflictingResult');
    else accepted.push(row);
  }
  return { accepted, unchanged, errors };
}
