/**
 * Reading one cell as a field's value: Vietnamese dates (dd/mm/yyyy, d/m/yy, ISO, Excel serial
 * numbers), CCCD structure, Vietnamese phone numbers, sex words, numbers and codes. Each reader
 * returns the value as stored or a catalogue reason (`imports.reason.*`).
 */
import { isRealDate } from '../identity/dates.ts';
import { parseCccd } from '../identity/id-number.ts';
import { parsePhone } from '../identity/phone.ts';
import { foldText, normalizeText } from '../text/normalize.ts';
import { localDay } from '../time/clock.ts';

/** A cell as read from the file (a formula left without its computed value is kept as such). */
export type ImportCell = string | number | boolean | null | { formula: string };

/** Why a value was refused (keys of `imports.reason`). */
export type ValueReason =
  | 'required'
  | 'formula'
  | 'dateFormat'
  | 'dateInvalid'
  | 'dateInFuture'
  | 'dateTooOld'
  | 'cccdInvalid'
  | 'cccdLength'
  | 'cccdProvince'
  | 'phoneInvalid'
  | 'sexInvalid'
  | 'integerInvalid'
  | 'decimalInvalid'
  | 'unknownCode'
  | 'tooLong'
  | 'nameInvalid';

/** A reader's answer. */
export type ValueResult<T> = { ok: true; value: T } | { ok: false; reason: ValueReason };

const ok = <T>(value: T): ValueResult<T> => ({ ok: true, value });
const no = <T>(reason: ValueReason): ValueResult<T> => ({ ok: false, reason });

/** Excel's day 0 of the 1900 date system, as used by every current workbook. */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);

/** The calendar day of an Excel serial number (1900 system; the time of day is dropped). */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const d = new Date(EXCEL_EPOCH_UTC + Math.floor(serial) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** An ISO 8601 date and time with a zone designator (`Z` or an offset). */
const ZONED_INSTANT =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/iu;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A calendar day from a cell: "05/03/2021", "5/3/21", "5-3-2021", "5.3.2021", "2021-03-05" or an
 * Excel serial number (as a number or digits); an instant with its zone ("2026-12-03T22:37:00Z") is
 * the province's day it falls on. A two-digit year is the latest year ≤ today's
 * (so "5/3/21" is 2021, "5/3/98" is 1998). Refused after `today`, and before 1900.
 */
export function readDate(cell: string | number, today: string): ValueResult<string> {
  let iso: string | null = null;
  const text = typeof cell === 'number' ? String(cell) : cell.trim();
  if (typeof cell === 'number' || /^\d{4,5}(\.\d+)?$/u.test(text)) {
    iso = excelSerialToDate(Number(text));
    if (iso === null) return no('dateInvalid');
  } else if (ZONED_INSTANT.test(text)) {
    // An instant with its zone ("2026-12-03T22:37:00Z", a lab system's export) is the province's
    // day it falls on, not the day written before the T: 22:37 UTC is 05:37 the next day in Bến Tre.
    const at = new Date(text.replace(' ', 'T'));
    const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
    if (!isRealDate(y, m, d) || Number.isNaN(at.getTime())) return no('dateInvalid');
    iso = localDay(at);
  } else {
    // A time after the day (lab files: "05/03/2021 14:30") is allowed and dropped.
    const vn = /^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/u.exec(text);
    const isoMatch = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/u.exec(text);
    let y: number;
    let m: number;
    let d: number;
    if (vn) {
      d = Number(vn[1]);
      m = Number(vn[2]);
      y = Number(vn[3]);
      if (vn[3]!.length === 2) {
        const thisYear = Number(today.slice(0, 4));
        y += 2000;
        if (y > thisYear) y -= 100;
      }
    } else if (isoMatch) {
      y = Number(isoMatch[1]);
      m = Number(isoMatch[2]);
      d = Number(isoMatch[3]);
    } else return no('dateFormat');
    if (!isRealDate(y, m, d)) return no('dateInvalid');
    iso = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  }
  if (iso > today) return no('dateInFuture');
  if (iso < '1900-01-01') return no('dateTooOld');
  return ok(iso);
}

/** A 12-digit CCCD (spaces and dots dropped), its structure checked (province code, century digit). */
export function readCccd(text: string): ValueResult<string> {
  const parsed = parseCccd(text);
  if (parsed.ok) return ok(parsed.value.value);
  if (parsed.reason === 'ID_WRONG_LENGTH') return no('cccdLength');
  if (parsed.reason === 'ID_UNKNOWN_PROVINCE') return no('cccdProvince');
  return no('cccdInvalid');
}

/** A Vietnamese phone number in national form (old 11-digit mobiles renamed). */
export function readPhone(text: string): ValueResult<string> {
  const p = parsePhone(text);
  return p ? ok(p.value) : no('phoneInvalid');
}

const SEX_WORDS: Record<string, 'male' | 'female'> = {
  nam: 'male',
  male: 'male',
  m: 'male',
  trai: 'male',
  nu: 'female',
  female: 'female',
  f: 'female',
  gai: 'female',
};

/** Sex from "Nam"/"Nữ"/"NU"/"male"/"F" … */
export function readSex(text: string): ValueResult<'male' | 'female'> {
  const v = SEX_WORDS[foldText(text)];
  return v ? ok(v) : no('sexInvalid');
}

/** A whole number (1, "1", "Mũi 2" is refused: numbers only). */
export function readInteger(cell: string | number): ValueResult<number> {
  const n = typeof cell === 'number' ? cell : /^\s*\d{1,6}\s*$/u.test(cell) ? Number(cell) : NaN;
  return Number.isInteger(n) && n >= 0 ? ok(n) : no('integerInvalid');
}

/** A decimal number, comma or dot as the decimal sign ("23,5" and "23.5"). */
export function readDecimal(cell: string | number): ValueResult<number> {
  const n =
    typeof cell === 'number'
      ? cell
      : /^\s*-?\d+([.,]\d+)?\s*$/u.test(cell)
        ? Number(cell.replace(',', '.'))
        : NaN;
  return Number.isFinite(n) ? ok(n) : no('decimalInvalid');
}

/** A person's name: NFC, spaces collapsed; letters, spaces, apostrophes and hyphens only. */
export function readName(text: string, maxLength = 160): ValueResult<string> {
  const v = normalizeText(text);
  if (v.length > maxLength) return no('tooLong');
  return /^[\p{L}\p{M}' .-]+$/u.test(v) ? ok(v) : no('nameInvalid');
}

/** Plain text: NFC (an NFD file is stored composed), spaces collapsed, length bounded. */
export function readText(text: string, maxLength = 300): ValueResult<string> {
  const v = normalizeText(text);
  return v.length > maxLength ? no('tooLong') : ok(v);
}

/** A cell as text ("" for empty), numbers without a trailing ".0". */
export function cellText(cell: ImportCell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return '';
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(cell);
  return typeof cell === 'boolean' ? (cell ? 'TRUE' : 'FALSE') : cell;
}
