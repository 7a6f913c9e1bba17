/** Display helpers: dates in the UI language, unit types, reason codes. */
import type { TFunction } from 'i18next';
import { foldText, formatDay, formatDayTime, formatTimeOfDay, INTL_LOCALES } from '@epilink/core';

function locale(lang: string): string {
  return lang === 'en' ? INTL_LOCALES.en : INTL_LOCALES.vi;
}

/**
 * A calendar date `YYYY-MM-DD` (or an instant's local day) in the language's one date format
 * (core's formatDay: 03/12/2026, 03 Dec 2026); other shapes (a bare year) as given.
 */
export function formatDate(value: string | null, lang: string): string | null {
  if (!value) return null;
  return formatDay(value, lang);
}

/** An instant (ISO 8601) as local date and time in the province (core's formatDayTime). */
export function formatDateTime(value: string, lang: string): string {
  return formatDayTime(value, lang);
}

/** An instant's local time of day in the province, HH:mm (core's formatTimeOfDay). */
export function formatTime(value: string, lang: string): string {
  return formatTimeOfDay(value, lang);
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
