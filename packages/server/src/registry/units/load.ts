import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { foldText, normalizeText } from '@epilink/core';
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { adminUnits, unitDatasets } from '../../db/schema/index.ts';

/** The unit lists EpiLink ships (see assets/units/SOURCES.md), by dataset name. */
export const UNIT_DATASETS = {
  '2021-11': { file: 'vn-admin-units-2021-11.json', validFrom: '2021-11-01' },
  '2025-03': { file: 'vn-admin-units-2025-03.json', validFrom: '2025-03-01' },
} as const;
export type UnitDatasetName = keyof typeof UNIT_DATASETS;

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
  level2s: RawDistrict[];
}

export type UnitRow = typeof adminUnits.$inferInsert;

/** Flatten the published list into unit rows, names normalised (NFC, trimmed, spaces collapsed). */
export function parseUnitList(json: unknown, dataset: string, validFrom: string): UnitRow[] {
  const data = (json as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new Error(`Unit list ${dataset}: no "data" array`);
  const rows: UnitRow[] = [];
  const row = (
    code: string,
    level: UnitRow['level'],
    raw: RawUnit,
    parentCode: string | null,
    provinceCode: string,
  ) => {
    const name = normalizeText(raw.name);
    rows.push({
      code,
      level,
      name,
      nameFolded: foldText(name),
      type: normalizeText(raw.type),
      parentCode,
      provinceCode,
      validFrom,
      dataset,
    });
  };
  for (const p of data as RawProvince[]) {
    row(p.level1_id, 'province', p, null, p.level1_id);
    for (const d of p.level2s) {
      row(d.level2_id, 'district', d, p.level1_id, p.level1_id);
      for (const c of d.level3s) row(c.level3_id, 'commune', c, d.level2_id, p.level1_id);
    }
  }
  return rows;
}

/** Read a shipped unit list from the assets folder. */
export function readShippedUnitList(dataset: UnitDatasetName): UnitRow[] {
  const { file, validFrom } = UNIT_DATASETS[dataset];
  const path = fileURLToPath(new URL(`../../../assets/units/${file}`, import.meta.url));
  return parseUnitList(JSON.parse(readFileSync(path, 'utf8')), dataset, validFrom);
}

/**
 * Load a unit list as a new version, idempotently. Units of the version in force before it close
 * on its first day; a list older than one already loaded closes on the newer list's first day.
 */
export async function loadUnitDataset(db: DbOrTx, dataset: UnitDatasetName): Promise<number> {
  const loaded = await db.select().from(unitDatasets).where(eq(unitDatasets.dataset, dataset));
  if (loaded.length > 0) return 0;
  const rows = readShippedUnitList(dataset);
  const validFrom = UNIT_DATASETS[dataset].validFrom;
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
  for (let i = 0; i < rows.length; i += 2000) {
    await db.insert(adminUnits).values(rows.slice(i, i + 2000).map((r) => ({ ...r, validTo })));
  }
  await db.insert(unitDatasets).values({ dataset, validFrom, unitCount: rows.length });
  return rows.length;
}

/** SQL condition: the unit version in force on `onDate` (YYYY-MM-DD). */
export function unitValidOn(onDate: string) {
  return and(
    sql`${adminUnits.validFrom} <= ${onDate}`,
    sql`(${adminUnits.validTo} is null or ${adminUnits.validTo} > ${onDate})`,
  );
}
