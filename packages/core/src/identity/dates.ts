/**
 * Calendar-date helpers shared by identity parsing and linkage. Dates are plain `YYYY-MM-DD`
 * strings (no time zone): a date of birth is a calendar day, not an instant.
 */

/** A calendar date split into numbers. */
export interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

/** True for a real calendar day (31/02 and 29/02 of a common year are not). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** Parse a strict `YYYY-MM-DD` string into numbers, or null when it is not a real date. */
export function parseIsoDate(value: string): YearMonthDay | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

/** Parse the `ddmmyyyy` form printed in CCCD chip-card QR codes into `YYYY-MM-DD`, or null. */
export function parseDdmmyyyy(value: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/u.exec(value);
  if (m === null) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  return isRealDate(year, month, day) ? `${m[3]}-${m[2]}-${m[1]}` : null;
}
