/**
 * What validating an import's rows needs from the database: the code lists (communes within the
 * importer's jurisdiction — a row placed elsewhere is refused as an unknown code — vaccine
 * products, test types, outcomes, diseases) and where each commune lies (district, province).
 */
import {
  DEFAULT_DISEASES,
  SPECIMEN_TEST_TYPES,
  TEST_OUTCOMES,
  VACCINE_CATALOGUE,
  today,
} from '@epilink/core';
import type { Jurisdiction, Permission } from '@epilink/core';
import { IMPORT_KIND_PERMISSION, IMPORT_KINDS } from '@epilink/core/imports/index';
import type { CodeList, ImportKind, RowContext } from '@epilink/core/imports/index';
import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits } from '../db/schema/index.ts';

/** Kinds whose rows are committed by this machinery: every kind (households, cases and contacts since #18's second part). */
export const COMMITTABLE_KINDS: readonly ImportKind[] = IMPORT_KINDS;

/** The permission importing (or downloading the template of) a kind needs (core, shared with the web). */
export const KIND_PERMISSION: Readonly<Record<ImportKind, Permission>> = IMPORT_KIND_PERMISSION;

/** A commune's place. */
export interface CommunePlace {
  provinceCode: string;
  districtCode: string | null;
}

/** The row context plus the communes' places. */
export interface ImportContext {
  row: RowContext;
  communes: Map<string, CommunePlace>;
}

/** Communes (current units) within a jurisdiction. */
export async function communesWithin(
  db: DbOrTx,
  jurisdiction: Jurisdiction,
): Promise<Map<string, CommunePlace>> {
  const scope =
    jurisdiction.level === 'province'
      ? eq(adminUnits.provinceCode, jurisdiction.code)
      : jurisdiction.level === 'district'
        ? eq(adminUnits.parentCode, jurisdiction.code)
        : eq(adminUnits.code, jurisdiction.code);
  const rows = await db
    .select({ code: adminUnits.code, parent: adminUnits.parentCode, province: adminUnits.provinceCode })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, 'commune'), isNull(adminUnits.validTo), scope));
  return new Map(rows.map((r) => [r.code, { provinceCode: r.province, districtCode: r.parent }]));
}

/** Fixed code lists (the template's lists and validation's). */
export function fixedCodes(): Record<Exclude<CodeList, 'units'>, string[]> {
  return {
    vaccines: [...new Set(VACCINE_CATALOGUE.flatMap((v) => v.products.map((p) => p.code)))],
    testTypes: [...SPECIMEN_TEST_TYPES],
    outcomes: [...TEST_OUTCOMES],
    sexes: ['Nam', 'Nữ'],
    diseases: DEFAULT_DISEASES.map((d) => d.code),
  };
}

/** Load the context for validating rows imported by an official of `jurisdiction`. */
export async function loadImportContext(db: DbOrTx, jurisdiction: Jurisdiction): Promise<ImportContext> {
  const communes = await communesWithin(db, jurisdiction);
  return { row: { today: today(), codes: { ...fixedCodes(), units: [...communes.keys()] } }, communes };
}
