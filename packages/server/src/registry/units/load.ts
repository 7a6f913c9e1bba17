import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { foldText, normalizeText } from '@epilink/core';
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import { bulkInsert } from '../../db/bulk.ts';
import type { DbOrTx } from '../../db/client.ts';
import { adminUnits, unitChangeSets, unitChanges, unitDatasets } from '../../db/schema/index.ts';
import { parseChangeTable, unitListProblems, unitListRefused } from './changes.ts';
import type { ChangeRow } from './changes.ts';

/**
 * The unit lists EpiLink ships (see assets/units/SOURCES.md), by dataset name, with the date each
 * takes effect: the 2021-11 list from 01/02/2020 (Bến Tre's 157 communes, NQ 855/NQ-UBTVQH14), the
 * 2025-03 list from its own date, the 2025-07 list from the reform (Resolution 202/2025/QH15) with
 * the official change table. Each list ends when the next one begins.
 */
export const UNIT_DATASETS = {
  '2021-11': { file: 'vn-admin-units-2021-11.json', validFrom: '2020-02-01', changes: null },
  '2025-03': { file: 'vn-admin-units-2025-03.json', validFrom: '2025-03-01', changes: null },
  '2025-07': {
    file: 'vn-admin-units-2025-07.json',
    validFrom: '2025-07-01',
    changes: 'vn-commune-changes-2025-07.csv',
  },
} as const;
export type UnitDatasetName = keyof typeof UNIT_DATASETS;

/** Rows per bulk statement. */
const CHUNK = 5_000;

/** True when `name` is one of the shipped lists. */
export function isShippedDataset(name: string): name is UnitDatasetName {
  return Object.hasOwn(UNIT_DATASETS, name);
}

interface RawUnit {
  name: string;
  type: string;
}
interface RawCommune extends RawUnit {
  level3_id: string;
}
interface RawDistrict extends RawUnit {
  level2_id: string;
  level3s: RawCommune[];
}
interface RawProvince extends RawUnit {
  level1_id: string;
  /** Lists before 2025-07: province → district → commune. */
  level2s?: RawDistrict[];
  /** From 2025-07: province → commune (no district level). */
  level3s?: RawCommune[];
}

export type UnitRow = typeof adminUnits.$inferInsert;

/**
 * Flatten a published list into unit rows, names normalised (NFC, trimmed, spaces collapsed). The
 * levels are the list's own: province → district → commune, or province → commune (2025-07).
 */
export function parseUnitList(json: unknown, dataset: string, validFrom: string): UnitRow[] {
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw unitListRefused([{ messageKey: 'registry.units.problems.noData' }]);
  const rows: UnitRow[] = [];
  const row = (
    code: unknown,
    level: UnitRow['level'],
    raw: RawUnit,
    parentCode: string | null,
    provinceCode: string,
  ) => {
    if (typeof code !== 'string' || !/^\d{2,5}$/u.test(code) || typeof raw.name !== 'string') {
      throw unitListRefused([
        { messageKey: 'registry.units.problems.badUnit', params: { code: String(code) } },
      ]);
    }
    const name = normalizeText(raw.name);
    rows.push({
      code,
      level,
      name,
      nameFolded: foldText(name),
      type: normalizeText(typeof raw.type === 'string' ? raw.type : ''),
      parentCode,
      provinceCode,
      validFrom,
      dataset,
    });
  };
  for (const p of data as RawProvince[]) {
    row(p.level1_id, 'province', p, null, p.level1_id);
    for (const d of p.level2s ?? []) {
      row(d.level2_id, 'district', d, p.level1_id, p.level1_id);
      for (const c of d.level3s ?? []) row(c.level3_id, 'commune', c, d.level2_id, p.level1_id);
    }
    for (const c of p.level3s ?? []) row(c.level3_id, 'commune', c, p.level1_id, p.level1_id);
  }
  return rows;
}

function assetPath(file: string): string {
  return fileURLToPath(new URL(`../../../assets/units/${file}`, import.meta.url));
}

/** Read a shipped unit list (and its change table, if any) from the assets folder. */
export function readShippedUnitList(dataset: UnitDatasetName): {
  rows: UnitRow[];
  changes: ChangeRow[] | null;
} {
  const { file, validFrom, changes } = UNIT_DATASETS[dataset];
  const rows = parseUnitList(JSON.parse(readFileSync(assetPath(file), 'utf8')), dataset, validFrom);
  return {
    rows,
    changes: changes ? parseChangeTable(readFileSync(assetPath(changes), 'utf8')) : null,
  };
}

/** A list to load: its name, first day, units and (for a reform) the change table into it. */
export interface UnitListInput {
  dataset: string;
  validFrom: string;
  rows: UnitRow[];
  changes: ChangeRow[] | null;
  /** Refuse a list whose closed communes have no change row (true for lists loaded by officials). */
  requireChanges: boolean;
}

/**
 * Load a unit list as a new version, idempotently (0 when the dataset is already loaded). The list is
 * checked against the one in force the day before it begins (UnitListRefused with every problem);
 * units of that list close on its first day; a list older than one already loaded closes on the
 * newer list's first day. The change table, if any, is stored beside it.
 */
export async function loadUnitList(db: DbOrTx, input: UnitListInput): Promise<number> {
  const { dataset, validFrom, rows, changes } = input;
  const loaded = await db.select().from(unitDatasets).where(eq(unitDatasets.dataset, dataset));
  if (loaded.length > 0) return 0;
  const dayBefore = new Date(Date.parse(`${validFrom}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const inForce = await db
    .select({ code: adminUnits.code, level: adminUnits.level, provinceCode: adminUnits.provinceCode })
    .from(adminUnits)
    .where(unitValidOn(dayBefore));
  const problems = unitListProblems(inForce, rows, changes, input.requireChanges);
  if (problems.length > 0) throw unitListRefused(problems);
  const [next] = await db
    .select({ validFrom: unitDatasets.validFrom })
    .from(unitDatasets)
    .where(gt(unitDatasets.validFrom, validFrom))
    .orderBy(asc(unitDatasets.validFrom))
    .limit(1);
  await db
    .update(adminUnits)
    .set({ validTo: validFrom })
    .where(
      and(
        lt(adminUnits.validFrom, validFrom),
        sql`(${adminUnits.validTo} is null or ${adminUnits.validTo} > ${validFrom})`,
      ),
    );
  const validTo = next?.validFrom ?? null;
  // Bulk statements (db/bulk.ts): a list has some 11,000 units, and Drizzle's multi-row insert spent
  // more CPU building the statement than the database spent running it.
  for (let i = 0; i < rows.length; i += CHUNK)
    await bulkInsert(
      db,
      adminUnits,
      rows.slice(i, i + CHUNK).map((r) => ({ ...r, dataset, validFrom, validTo })),
    );
  await db.insert(unitDatasets).values({ dataset, validFrom, unitCount: rows.length });
  if (changes) {
    for (let i = 0; i < changes.length; i += CHUNK)
      await bulkInsert(
        db,
        unitChanges,
        changes.slice(i, i + CHUNK).map((c) => ({ ...c, changeSet: dataset, effectiveDate: validFrom })),
      );
    await db
      .insert(unitChangeSets)
      .values({ changeSet: dataset, effectiveDate: validFrom, rowCount: changes.length });
  }
  return rows.length;
}

/** Load one of the shipped lists (with its change table and the shipped lists before it), idempotently. */
export async function loadUnitDataset(db: DbOrTx, dataset: UnitDatasetName): Promise<number> {
  const loaded = await db.select().from(unitDatasets).where(eq(unitDatasets.dataset, dataset));
  if (loaded.length > 0) return 0;
  // A change table maps the list just before it: load the earlier shipped lists first.
  for (const earlier of Object.keys(UNIT_DATASETS) as UnitDatasetName[]) {
    if (UNIT_DATASETS[earlier].validFrom < UNIT_DATASETS[dataset].validFrom)
      await loadUnitDataset(db, earlier);
  }
  const { rows, changes } = readShippedUnitList(dataset);
  return loadUnitList(db, {
    dataset,
    validFrom: UNIT_DATASETS[dataset].validFrom,
    rows,
    changes,
    requireChanges: false,
  });
}

/** SQL condition: the unit version in force on `onDate` (YYYY-MM-DD). */
export function unitValidOn(onDate: string) {
  return and(
    sql`${adminUnits.validFrom} <= ${onDate}`,
    sql`(${adminUnits.validTo} is null or ${adminUnits.validTo} > ${onDate})`,
  );
}
