/**
 * The one way EpiLink writes a date or a time for a reader: one format per language, from `Intl`
 * (vi: 03/12/2026 and 14:05 03/12/2026; en: 03 Dec 2026 and 03 Dec 2026, 14:05), in the
 * province's time zone for instants. Screens, PDFs (certificates, orders, situation reports) and
 * exports all call these; nothing formats a date by hand (`toLocaleDateString`, `dd/mm` built
 * from parts, an ISO string cut with `slice`). A test in packages/server/test/lint holds to it.
 */
import { INTL_LOCALES } from '../i18n/index.ts';
import type { Language } from '../i18n/types.ts';
import { provinceTimeZone } from './clock.ts';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/u;

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Language, kind: 'day' | 'dateTime' | 'time', zone: string): Intl.DateTimeFormat {
  const key = `${lang}|${kind}|${zone}`;
  let f = cache.get(key);
  if (!f) {
    const day: Intl.DateTimeFormatOptions = {
      day: '2-digit',
      month: lang === 'en' ? 'short' : '2-digit',
      year: 'numeric',
    };
    const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    const options = kind === 'day' ? day : kind === 'time' ? time : { ...day, ...time };
    f = new Intl.DateTimeFormat(INTL_LOCALES[lang], { ...options, timeZone: zone });
    cache.set(key, f);
  }
  return f;
}

function asLanguage(lang: string): Language {
  return lang === 'en' ? 'en' : 'vi';
}

function instant(value: string | Date): Date | null {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * A calendar day `YYYY-MM-DD` in the language's date format (vi 03/12/2026, en 03 Dec 2026).
 * An instant (ISO timestamp or Date) is shown as its local day in the province. Other shapes (a
 * bare year, a year and month from an ID card) are returned as given; null/empty as ''.
 */
export function formatDay(value: string | Date | null | undefined, lang: string): string {
  if (value === null || value === undefined || value === '') return '';
  const l = asLanguage(lang);
  if (typeof value === 'string') {
    const m = DAY.exec(value);
    if (m) return formatter(l, 'day', 'UTC').format(new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)));
    if (!value.includes('T')) return value;
  }
  const at = instant(value);
  return at ? formatter(l, 'day', provinceTimeZone()).format(at) : String(value);
}

/** An instant (ISO 8601 or Date) as local date and time in the province, in the language's format. */
export function formatDayTime(value: string | Date, lang: string): string {
  const at = instant(value);
  return at ? formatter(asLanguage(lang), 'dateTime', provinceTimeZone()).format(at) : String(value);
}

/** An instant's local time of day in the province, `HH:mm` (24-hour in both languages). */
export function formatTimeOfDay(value: string | Date, lang: string): string {
  const at = instant(value);
  return at ? formatter(asLanguage(lang), 'time', provinceTimeZone()).format(at) : String(value);
}
