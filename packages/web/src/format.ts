/** Display helpers: dates in the UI language, unit types, reason codes. */
import type { TFunction } from 'i18next';
import { foldText, INTL_LOCALES } from '@epilink/core';

function locale(lang: string): string {
  return lang === 'en' ? INTL_LOCALES.en : INTL_LOCALES.vi;
}

/** A calendar date `YYYY-MM-DD` as dd/mm/yyyy (vi) or d Mon yyyy (en); other shapes (a bare year) as given. */
export function formatDate(value: string | null, lang: string): string | null {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (!m) return value;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale(lang), {
    day: '2-digit',
    month: lang === 'en' ? 'short' : '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** An instant (ISO 8601) as a local date and time. */
export function formatDateTime(value: string, lang: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(lang), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** A count with the language's grouping (1.234 in vi, 1,234 in en). */
export function formatCount(value: number, lang: string): string {
  return new Intl.NumberFormat(locale(lang)).format(value);
}

/** A similarity score: 0–1 as a percentage, anything larger as a number. */
export function formatScore(score: number, lang: string): string {
  if (score >= 0 && score <= 1) {
    return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(score);
  }
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 2 }).format(score);
}

/** Translate a key, or show `raw` when the catalogue has no such key. */
export function labelOr(t: TFunction, key: string, raw: string): string {
  return t(key, { defaultValue: raw });
}

/** A unit type as the server sends it ('Huyện', 'Phường') in the UI language. */
export function unitTypeLabel(t: TFunction, type: string): string {
  const slug = foldText(type).replace(/ /gu, '_');
  return labelOr(t, `web.units.types.${slug}`, type);
}

/** A record-linkage reason code ('NAME_SIMILAR', 'same_cccd') as a label; unknown codes as sent. */
export function reasonLabel(t: TFunction, code: string): string {
  return labelOr(t, `web.linkage.reasons.${code.toLowerCase()}`, code);
}

/** Reason codes that speak against the pair being one person (shown in another colour). */
export function isReasonAgainst(code: string): boolean {
  return /different|contradicts|common|tie/iu.test(code);
}

/** A message key with params from the server (e.g. an ID warning); unknown keys show their last segment. */
export function serverMessage(
  t: TFunction,
  messageKey: string,
  params: Record<string, string | number> = {},
): string {
  return t(messageKey, { ...params, defaultValue: messageKey.split('.').pop() ?? messageKey });
}
