/**
 * The one clock of EpiLink: the province's time zone (IANA name, `Asia/Ho_Chi_Minh` unless the
 * server's config `TIME_ZONE` says otherwise) and "today" in it. Every local calendar day — units
 * and policies in force, due lists, retention, check-in partitions and rollups, the web's date
 * inputs — is computed here, with the time zone database (`@date-fns/tz`, backed by `Intl`), never
 * with a hand-written UTC offset and never in the device's or the server's own zone.
 *
 * Local calendar days are `YYYY-MM-DD` strings; day arithmetic on them (`addDays`) is zone-free.
 */
import { TZDate } from '@date-fns/tz';

/** The province's time zone unless configured otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

let provinceZone = DEFAULT_TIME_ZONE;

/** True for an IANA time zone name the runtime knows (`Asia/Ho_Chi_Minh`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Set the province's time zone (server start-up from config; the web from `/api/meta`). */
export function setProvinceTimeZone(name: string): void {
  if (!isTimeZone(name)) throw new RangeError(`unknown time zone ${name}`);
  provinceZone = name;
}

/** The province's time zone (IANA name). */
export function provinceTimeZone(): string {
  return provinceZone;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The last day `localDay` computed, with the instants it begins and ends: asking again within the
 * same local day (every request asks for "today") costs no time-zone lookup — a `TZDate` costs
 * ~0.2 ms of CPU, several times per request on a hot path (a tracer's decision).
 */
let lastDay: { zone: string; day: string; from: number; to: number } | null = null;

/** The local calendar day of an instant in the province (or the given zone), `YYYY-MM-DD`. */
export function localDay(at: Date = new Date(), zone: string = provinceZone): string {
  const t = at.getTime();
  if (lastDay && lastDay.zone === zone && t >= lastDay.from && t < lastDay.to) return lastDay.day;
  const d = new TZDate(t, zone);
  const day = `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const from = localDayStart(day, zone).getTime();
  const to = localDayStart(addDays(day, 1), zone).getTime();
  // Kept only when the day's bounds hold the instant (they do unless the zone data is odd).
  if (t >= from && t < to) lastDay = { zone, day, from, to };
  return day;
}

/** Today in the province, `YYYY-MM-DD` (between 00:00 and 07:00 local time too). */
export function today(now: Date = new Date()): string {
  return localDay(now);
}

function parseDay(day: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(day);
  if (!m) throw new RangeError(`not a calendar day: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The instant a local wall-clock time of a day begins in the province (default: midnight). */
export function localTime(day: string, hh = 0, mm = 0, zone: string = provinceZone): Date {
  const [y, m, d] = parseDay(day);
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, 0, zone).getTime());
}

/** The instant a local calendar day begins in the province. */
export function localDayStart(day: string, zone: string = provinceZone): Date {
  return localTime(day, 0, 0, zone);
}

/** The start of the local day containing an instant. */
export function startOfLocalDay(at: Date, zone: string = provinceZone): Date {
  return localDayStart(localDay(at, zone), zone);
}

/** A calendar day plus `n` days (negative: minus), `YYYY-MM-DD`; no time zone involved. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = parseDay(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Whole days from calendar day `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = parseDay(a);
  const [by, bm, bd] = parseDay(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/** Local date and time of an instant, `YYYY-MM-DDTHH:mm` (the value of a datetime-local input). */
export function localDateTime(at: Date, zone: string = provinceZone): string {
  const d = new TZDate(at.getTime(), zone);
  return `${localDay(at, zone)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant of a local `YYYY-MM-DDTHH:mm` (a datetime-local input) in the province. */
export function fromLocalDateTime(value: string, zone: string = provinceZone): Date {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/u.exec(value);
  if (!m) throw new RangeError(`not a local date-time: ${value}`);
  return localTime(m[1]!, Number(m[2]), Number(m[3]), zone);
}
