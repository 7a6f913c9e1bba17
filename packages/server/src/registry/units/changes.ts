import { AppError, normalizeText, parseCsv } from '@epilink/core';
import type { ErrorDetail } from '@epilink/core';

/** One row of a change table: an old unit and a new commune it (or a part of it) went into. */
export interface ChangeRow {
  oldProvinceCode: string;
  oldDistrictCode: string | null;
  oldCode: string | null;
  oldName: string;
  newProvinceCode: string | null;
  newCode: string | null;
  newName: string | null;
  kind: 'whole' | 'part' | 'unmapped';
  populationShare: number | null;
  note: string | null;
}

/** The error for a list or change table that cannot be loaded, naming every problem (first 20). */
export function unitListRefused(problems: ErrorDetail[]): AppError {
  return new AppError('VALIDATION_FAILED', { details: problems.slice(0, 20) });
}

const REQUIRED = [
  'old_province_code',
  'old_district_code',
  'old_commune_code',
  'old_name',
  'new_province_code',
  'new_commune_code',
  'new_name',
  'whole_or_part',
] as const;

/**
 * Parse a change table in the shipped format (see assets/units/SOURCES.md); an optional
 * `population_share` column (0–1) gives the share of an old commune's people each part received.
 */
export function parseChangeTable(csv: string): ChangeRow[] {
  const [header, ...records] = parseCsv(csv.replace(/^\uFEFF/u, ''));
  const col = new Map((header ?? []).map((h, i) => [h.trim(), i]));
  const missing = REQUIRED.filter((h) => !col.has(h));
  if (missing.length > 0) {
    throw unitListRefused([
      { messageKey: 'registry.units.problems.missingColumns', params: { columns: missing.join(', ') } },
    ]);
  }
  const get = (r: string[], name: string): string | null => {
    const i = col.get(name);
    const v = i === undefined ? '' : (r[i] ?? '').trim();
    return v === '' ? null : normalizeText(v);
  };
  return records.map((r, i) => {
    const kind = get(r, 'whole_or_part');
    const shareText = get(r, 'population_share');
    const share = shareText === null ? null : Number(shareText);
    const oldProvinceCode = get(r, 'old_province_code');
    if (
      (kind !== 'whole' && kind !== 'part' && kind !== 'unmapped') ||
      !oldProvinceCode ||
      (share !== null && !(share >= 0 && share <= 1)) ||
      (kind !== 'unmapped' && !get(r, 'new_commune_code'))
    ) {
      throw unitListRefused([
        { messageKey: 'registry.units.problems.badChangeRow', params: { line: i + 2 } },
      ]);
    }
    return {
      oldProvinceCode,
      oldDistrictCode: get(r, 'old_district_code'),
      oldCode: get(r, 'old_commune_code'),
      oldName: get(r, 'old_name') ?? '',
      newProvinceCode: get(r, 'new_province_code'),
      newCode: get(r, 'new_commune_code'),
      newName: get(r, 'new_name'),
      kind,
      populationShare: share,
      note: get(r, 'official_note'),
    };
  });
}

interface ListedUnit {
  code: string;
  level: string;
  parentCode?: string | null;
}

/**
 * Everything that makes a new list contradict the one in force (empty = it may be loaded): a unit
 * whose parent is not in the list, a code listed twice, and — when a change table is given or
 * required — a commune in force with no change row, a code reused without a row saying the old
 * unit went into it, a change row into a commune the list does not have.
 */
export function unitListProblems(
  inForce: readonly ListedUnit[],
  rows: readonly ListedUnit[],
  changes: readonly ChangeRow[] | null,
  requireChanges: boolean,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const listed = new Map<string, ListedUnit>();
  for (const r of rows) {
    if (listed.has(r.code))
      problems.push({ messageKey: 'registry.units.problems.duplicateCode', params: { code: r.code } });
    listed.set(r.code, r);
  }
  for (const r of rows) {
    if (r.level !== 'province' && (!r.parentCode || !listed.has(r.parentCode))) {
      problems.push({ messageKey: 'registry.units.problems.withoutParent', params: { code: r.code } });
    }
  }
  if (!changes && !requireChanges) return problems;
  const table = changes ?? [];
  const byOld = new Map<string, ChangeRow[]>();
  for (const c of table) {
    if (c.oldCode) byOld.set(c.oldCode, [...(byOld.get(c.oldCode) ?? []), c]);
    if (c.newCode && listed.get(c.newCode)?.level !== 'commune') {
      problems.push({ messageKey: 'registry.units.problems.changeToUnknown', params: { code: c.newCode } });
    }
  }
  for (const old of inForce) {
    if (old.level !== 'commune') continue;
    const moves = byOld.get(old.code);
    if (!moves) {
      if (!listed.has(old.code))
        problems.push({
          messageKey: 'registry.units.problems.closedWithoutChange',
          params: { code: old.code },
        });
      else if (changes)
        problems.push({
          messageKey: 'registry.units.problems.reusedWithoutChange',
          params: { code: old.code },
        });
    } else if (listed.get(old.code)?.level === 'commune' && !moves.some((m) => m.newCode === old.code)) {
      problems.push({
        messageKey: 'registry.units.problems.reusedWithoutChange',
        params: { code: old.code },
      });
    }
  }
  return problems;
}
