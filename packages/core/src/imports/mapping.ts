/**
 * Header mapping: which column feeds which field. Automatic by header text — Vietnamese or
 * English, any case, with or without tones, NFC or NFD ("Ngày sinh", "NGAY SINH", "ngay sinh",
 * "Date of birth" all give dateOfBirth) — and corrected by hand; the result is saved per source.
 */
import { foldText } from '../text/normalize.ts';
import { imports as messages } from '../i18n/imports.ts';
import { importKind } from './kinds.ts';
import type { ImportKind } from './kinds.ts';

/** Field key → 0-based column index. */
export type ColumnMapping = Record<string, number>;

/** Fold a header cell: tones, case, punctuation (`*`, `:`, brackets, dots) and spaces dropped. */
export function foldHeader(text: string): string {
  return foldText(text.replace(/[*:()[\]{}.,;/\\_\-–—]+/gu, ' '));
}

/**
 * Folded words per kind, built once: the scan asks of every data row whether it is a header line.
 * `digits`: whether any word holds an ASCII digit. Folding keeps ASCII digits, so when none does,
 * a cell with one (a CCCD, a date, a code) names no field and is not folded at all.
 */
const wordsByKind = new Map<ImportKind, { words: Map<string, string>; digits: boolean }>();

const ASCII_DIGIT = /[0-9]/u;

function fieldWords(kind: ImportKind): { words: Map<string, string>; digits: boolean } {
  const cached = wordsByKind.get(kind);
  if (cached) return cached;
  const words = new Map<string, string>();
  const labels = [messages.vi.field, messages.en.field] as Record<string, string>[];
  for (const field of importKind(kind).fields) {
    for (const word of [...field.aliases, ...labels.map((l) => l[field.key] ?? '')]) {
      const folded = foldHeader(word);
      if (folded && !words.has(folded)) words.set(folded, field.key);
    }
  }
  const entry = { words, digits: [...words.keys()].some((w) => ASCII_DIGIT.test(w)) };
  wordsByKind.set(kind, entry);
  return entry;
}

/**
 * Map headers to fields: a header equal (after folding) to a field's label or alias maps to it;
 * each field takes the first such column, each column at most one field. Unmatched columns are
 * left out (the officer maps them by hand or they are ignored).
 */
export function autoMap(kind: ImportKind, headers: readonly string[]): ColumnMapping {
  const { words, digits } = fieldWords(kind);
  const mapping: ColumnMapping = {};
  headers.forEach((header, column) => {
    if (!digits && ASCII_DIGIT.test(header)) return;
    const field = words.get(foldHeader(header));
    if (field !== undefined && mapping[field] === undefined) mapping[field] = column;
  });
  return mapping;
}

/**
 * The header row among the first rows: the one whose cells name the most fields (a file may
 * open with a title banner — often a merged cell — or blank rows). Null when no row names two.
 */
export function findHeaderRow(kind: ImportKind, rows: readonly (readonly string[])[]): number | null {
  let best: { index: number; count: number } | null = null;
  rows.slice(0, 20).forEach((row, index) => {
    const count = Object.keys(autoMap(kind, row)).length;
    if (count >= 2 && (best === null || count > best.count)) best = { index, count };
  });
  return best === null ? null : (best as { index: number }).index;
}

/** Fields the kind requires that the mapping leaves without a column. */
export function missingRequired(kind: ImportKind, mapping: ColumnMapping): string[] {
  return importKind(kind)
    .fields.filter((field) => field.required && mapping[field.key] === undefined)
    .map((field) => field.key);
}

/**
 * Check a hand-made mapping: known fields only, column indexes within the header, no column
 * used twice. Returns the problems as catalogue reasons (empty when valid).
 */
export function checkMapping(
  kind: ImportKind,
  mapping: ColumnMapping,
  columnCount: number,
): { field: string; reason: 'unknownField' | 'badColumn' | 'columnTwice' | 'required' }[] {
  const known = new Set(importKind(kind).fields.map((x) => x.key));
  const problems: { field: string; reason: 'unknownField' | 'badColumn' | 'columnTwice' | 'required' }[] = [];
  const used = new Set<number>();
  for (const [field, column] of Object.entries(mapping)) {
    if (!known.has(field)) problems.push({ field, reason: 'unknownField' });
    else if (!Number.isInteger(column) || column < 0 || column >= columnCount)
      problems.push({ field, reason: 'badColumn' });
    else if (used.has(column)) problems.push({ field, reason: 'columnTwice' });
    used.add(column);
  }
  for (const field of missingRequired(kind, mapping)) problems.push({ field, reason: 'required' });
  return problems;
}
