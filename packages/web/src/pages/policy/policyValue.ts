/**
 * How a policy value reads for an official: scalars with their unit (days, minutes, a share as a
 * percentage, yes/no, a known code by its name), objects as labelled lines and lists of bands as a
 * small table. Anything the catalogue has no label for is left to the technical details.
 */
import type { TFunction } from 'i18next';
import { formatCount, formatScore } from '../../format.ts';

/** One labelled line or one small table of a rendered value. */
export type ValuePart =
  | { kind: 'line'; label: string; text: string }
  | { kind: 'table'; label: string; columns: string[]; rows: string[][] };

/** The readable parts of a value, and whether some of it could only be shown as raw data. */
export interface ReadableValue {
  /** A value that is one scalar or a list of scalars, as one text. */
  text: string | null;
  parts: ValuePart[];
  partial: boolean;
}

type Exists = (key: string) => boolean;

const SHARE_FIELDS = new Set(['minShare', 'match', 'review']);

/** A scalar (or list of scalars) as text, with the unit its field name implies; null when not simple. */
export function scalarText(
  t: TFunction,
  exists: Exists,
  lang: string,
  field: string,
  v: unknown,
): string | null {
  if (v === null) return t('policyRules.page.none');
  if (typeof v === 'boolean') return t(v ? 'policyRules.page.yes' : 'policyRules.page.no');
  if (typeof v === 'number') {
    if (/Days|^days/u.test(field) && !field.startsWith('testDays'))
      return t('policyRules.page.days', { count: v });
    if (/Minutes$/u.test(field)) return t('policyRules.page.minutes', { count: v });
    if (SHARE_FIELDS.has(field)) return formatScore(v, lang);
    return formatCount(v, lang);
  }
  if (typeof v === 'string') {
    if (/^\d{2}:\d{2}$/u.test(v)) return v;
    return exists(`policyRules.codes.${v}`) ? t(`policyRules.codes.${v}`) : null;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    const items = v.map((item: unknown) =>
      typeof item === 'object' && item !== null ? null : scalarText(t, exists, lang, `${field}[]`, item),
    );
    return items.every((s) => s !== null) ? items.join(', ') : null;
  }
  return null;
}

function fieldLabel(t: TFunction, exists: Exists, field: string): string | null {
  return exists(`policyRules.fields.${field}`) ? t(`policyRules.fields.${field}`) : null;
}

function tableOf(t: TFunction, exists: Exists, lang: string, rows: Record<string, unknown>[]) {
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const shown = fields.filter(
    (f) =>
      fieldLabel(t, exists, f) !== null &&
      rows.every((r) => !(f in r) || scalarText(t, exists, lang, f, r[f]) !== null),
  );
  return {
    columns: shown.map((f) => fieldLabel(t, exists, f) ?? f),
    rows: rows.map((r) => shown.map((f) => (f in r ? (scalarText(t, exists, lang, f, r[f]) ?? '') : '—'))),
    partial: shown.length < fields.length,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The readable form of the value of policy `key`. */
export function readableValue(
  t: TFunction,
  exists: Exists,
  lang: string,
  key: string,
  value: unknown,
): ReadableValue {
  const special = specialValue(t, exists, key, value);
  if (special) return special;
  if (!isRecord(value)) {
    const field = key.split('.').pop() ?? key;
    const text = scalarText(t, exists, lang, field, value);
    return { text, parts: [], partial: text === null };
  }
  const parts: ValuePart[] = [];
  let partial = false;
  for (const [field, v] of Object.entries(value)) {
    const label = fieldLabel(t, exists, field);
    if (label === null) {
      partial = true;
      continue;
    }
    const text = scalarText(t, exists, lang, field, v);
    if (text !== null) {
      parts.push({ kind: 'line', label, text });
    } else if (Array.isArray(v) && v.length > 0 && v.every(isRecord)) {
      const table = tableOf(t, exists, lang, v);
      if (table.columns.length === 0) partial = true;
      else parts.push({ kind: 'table', label, columns: table.columns, rows: table.rows });
      partial ||= table.partial;
    } else {
      partial = true;
    }
  }
  return { text: null, parts, partial };
}

/** Values whose shape needs its own reading: confirmation evidence, screening outcomes. */
function specialValue(t: TFunction, exists: Exists, key: string, value: unknown): ReadableValue | null {
  if (key === 'case.confirmationRule' && isRecord(value) && Array.isArray(value.anyOf)) {
    const alternatives = value.anyOf.map((alt: unknown) => {
      const all = isRecord(alt) && Array.isArray(alt.allOf) ? (alt.allOf as unknown[]) : [];
      const named = all.map((c) =>
        typeof c === 'string' && exists(`policyRules.codes.${c}`) ? t(`policyRules.codes.${c}`) : null,
      );
      return named.length > 0 && named.every((n) => n !== null) ? named.join(' + ') : null;
    });
    if (alternatives.every((a) => a !== null)) {
      return {
        text: null,
        parts: [{ kind: 'line', label: t('policyRules.fields.anyOf'), text: alternatives.join('; ') }],
        partial: false,
      };
    }
  }
  if (key === 'vaccination.screening' && isRecord(value) && isRecord(value.outcomes)) {
    const rows = Object.entries(value.outcomes).map(([q, o]) => [
      exists(`vaccination.screening.${q}`) ? t(`vaccination.screening.${q}`) : null,
      typeof o === 'string' && exists(`vaccination.outcome.${o}`) ? t(`vaccination.outcome.${o}`) : null,
    ]);
    if (rows.every((r) => r.every((c) => c !== null))) {
      return {
        text: null,
        parts: [
          {
            kind: 'table',
            label: t('policyRules.fields.outcomes'),
            columns: [t('policyRules.fields.question'), t('policyRules.fields.outcome')],
            rows,
          },
        ],
        partial: false,
      };
    }
  }
  return null;
}
