/**
 * Validating one data row of an import: every mapped cell read as its field's value (values.ts),
 * codes checked against the lists the server supplies (units in the officer's jurisdiction,
 * vaccine products, test types), required fields present, a CCCD consistent with the row's sex
 * and year of birth. A row is either a record (with its row key) or a list of cell errors.
 */
import { checkCccdAgainstPerson } from '../identity/id-number.ts';
import { parseOutcome } from '../testing/results.ts';
import { foldText } from '../text/normalize.ts';
import { importKind } from './kinds.ts';
import type { CodeList, ImportField, ImportKind } from './kinds.ts';
import type { ColumnMapping } from './mapping.ts';
import {
  cellText,
  readCccd,
  readDate,
  readDecimal,
  readInteger,
  readName,
  readPhone,
  readSex,
  readText,
} from './values.ts';
import type { ImportCell, ValueReason, ValueResult } from './values.ts';

/**
 * Why a row was refused by the module that stores it (its seam refused the record: a facility,
 * lot or specimen not found in the jurisdiction, a dose the schedule refuses, a conflicting result).
 */
export type StoreReason =
  | 'noSuchSpecimen'
  | 'unknownFacility'
  | 'unknownLot'
  | 'lotUnusable'
  | 'outOfStock'
  | 'doseRefused'
  | 'doseNumberMismatch'
  | 'screeningFailed'
  | 'ctNotForRapid'
  | 'beforeCollection'
  | 'conflictingResult'
  | 'ctOutOfRange'
  | 'noSuchCase'
  | 'contactIsCase'
  | 'onsetAfterReport'
  | 'refused';

/** Why a row was refused: a value reason, a CCCD contradicting the row, or the storing seam's refusal. */
export type RowReason = ValueReason | 'cccdSexMismatch' | 'cccdYearMismatch' | StoreReason;

/** One refused cell. */
export interface RowError {
  field: string;
  /** 0-based column of the file (null when the field has no column: a required field unmapped). */
  column: number | null;
  reason: RowReason;
}

/** A value as stored. */
export type ImportValue = string | number;

/** What validation needs besides the row. */
export interface RowContext {
  /** Today, YYYY-MM-DD, in the province's time zone. */
  today: string;
  /** Allowed codes per list (compared after folding, stored in the list's spelling). */
  codes: Partial<Record<CodeList, readonly string[]>>;
}

/** A validated row. */
export type RowResult =
  { ok: true; values: Record<string, ImportValue>; key: string } | { ok: false; errors: RowError[] };

/** Lookup tables for the code lists, folded once per import. */
export type CodeIndex = Partial<Record<CodeList, Map<string, string>>>;

/** Fold the context's code lists once (pass the result to {@link validateRow}). */
export function indexCodes(context: RowContext): CodeIndex {
  const index: CodeIndex = {};
  for (const [list, codes] of Object.entries(context.codes) as [CodeList, readonly string[]][])
    index[list] = new Map(codes.map((c) => [foldText(c), c]));
  return index;
}

function readField(
  field: ImportField,
  cell: string | number,
  today: string,
  codes: CodeIndex,
): ValueResult<ImportValue> {
  const text = typeof cell === 'number' ? String(cell) : cell;
  const type = field.type;
  if (typeof type === 'object') {
    // Outcomes also as labs and keyboards write them ("Dương tính", "âm tính", "P", "+").
    const hit =
      codes[type.code]?.get(foldText(text)) ?? (type.code === 'outcomes' ? parseOutcome(text) : null);
    return hit === undefined || hit === null
      ? { ok: false, reason: 'unknownCode' }
      : { ok: true, value: hit };
  }
  switch (type) {
    case 'date':
      return readDate(cell, today);
    case 'cccd':
      return readCccd(text);
    case 'phone':
      return readPhone(text);
    case 'sex':
      return readSex(text);
    case 'integer':
      return readInteger(cell);
    case 'decimal':
      return readDecimal(cell);
    case 'name':
      return readName(text, field.maxLength);
    case 'text':
      return readText(text, field.maxLength);
  }
}

/** The row key: the kind's first key group whose fields are all filled, folded and joined. */
export function rowKey(kind: ImportKind, values: Record<string, ImportValue>): string | null {
  for (const group of importKind(kind).rowKey) {
    if (group.every((k) => values[k] !== undefined && values[k] !== ''))
      return `${kind}|${group.map((k) => `${k}=${foldText(String(values[k]))}`).join('|')}`;
  }
  return null;
}

/** Validate one row (see the module comment). Empty rows are the caller's to skip ({@link isEmptyRow}). */
export function validateRow(
  kind: ImportKind,
  mapping: ColumnMapping,
  cells: readonly ImportCell[],
  context: RowContext,
  codes: CodeIndex,
): RowResult {
  const values: Record<string, ImportValue> = {};
  const errors: RowError[] = [];
  for (const field of importKind(kind).fields) {
    const column = mapping[field.key];
    const cell = column === undefined ? null : (cells[column] ?? null);
    if (cell !== null && typeof cell === 'object') {
      errors.push({ field: field.key, column: column ?? null, reason: 'formula' });
      continue;
    }
    const raw = typeof cell === 'number' ? cell : cellText(cell).trim();
    if (raw === '') {
      if (field.required) errors.push({ field: field.key, column: column ?? null, reason: 'required' });
      continue;
    }
    const read = readField(field, raw, context.today, codes);
    if (read.ok) values[field.key] = read.value;
    else errors.push({ field: field.key, column: column ?? null, reason: read.reason });
  }
  if (typeof values.cccd === 'string') {
    const sex = values.sex === 'male' || values.sex === 'female' ? values.sex : null;
    const dob = typeof values.dateOfBirth === 'string' ? values.dateOfBirth : null;
    for (const problem of checkCccdAgainstPerson(values.cccd, { sex, dateOfBirth: dob })) {
      const reason: RowReason = problem.code === 'CCCD_SEX_MISMATCH' ? 'cccdSexMismatch' : 'cccdYearMismatch';
      errors.push({ field: 'cccd', column: mapping.cccd ?? null, reason });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const key = rowKey(kind, values);
  if (key === null)
    return {
      ok: false,
      errors: [{ field: importKind(kind).rowKey[0]![0]!, column: null, reason: 'required' }],
    };
  return { ok: true, values, key };
}

/** True when every cell is empty or blank (such rows are skipped, not counted). */
export function isEmptyRow(cells: readonly ImportCell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}
