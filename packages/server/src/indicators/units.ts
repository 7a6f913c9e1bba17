/**
 * The unit an indicator read asks for, in the list in force on its "units as of" date (issue #12:
 * docs/units.md): a province, a district (lists with districts), a health area (the district-level
 * roles after the 2025 reform) or a commune; and whether it lies in the caller's jurisdiction.
 */
import { AppError } from '@epilink/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { actorJurisdiction } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { adminUnits, healthAreaCommunes, healthAreas, unitChanges } from '../db/schema/index.ts';
import { unitValidOn } from '../registry/units/load.ts';

/** A unit of the chosen list. */
export interface IndicatorUnit {
  code: string;
  name: string;
  level: 'province' | 'district' | 'area' | 'commune';
  provinceCode: string;
  /** The district (or null) a commune belongs to in that list. */
  parentCode: string | null;
}

/**
 * The unit with this code in the list in force on `asOf` (a district before an area), or 404. One
 * statement: the administrative unit first, the health area when there is none.
 */
export async function resolveUnit(db: DbOrTx, code: string, asOf: string): Promise<IndicatorUnit> {
  const a = adminUnits;
  const h = healthAreas;
  const [unit] = await queryRows<IndicatorUnit & { rank: number }>(
    db,
    sql`select * from (
          (select ${a.code} as code, ${a.name} as name, ${a.level} as level, ${a.provinceCode} as "provinceCode",
              ${a.parentCode} as "parentCode", 0 as rank
            from ${a} where ${and(eq(a.code, code), unitValidOn(asOf))} order by ${a.level} asc limit 1)
          union all
          (select ${h.code}, ${h.name}, 'area', ${h.provinceCode}, ${h.provinceCode}, 1
            from ${h} where ${h.code} = ${code} and ${h.validFrom} <= ${asOf} limit 1)
        ) u order by rank limit 1`,
  );
  if (!unit) throw new AppError('NOT_FOUND');
  return {
    code: unit.code,
    name: unit.name,
    level: unit.level,
    provinceCode: unit.provinceCode,
    parentCode: unit.parentCode,
  };
}

/** The communes of a health area (codes of the list it was drawn in). */
export async function areaCommunes(db: DbOrTx, area: string): Promise<string[]> {
  const rows = await db
    .select({ code: healthAreaCommunes.communeCode })
    .from(healthAreaCommunes)
    .where(eq(healthAreaCommunes.areaCode, area));
  return rows.map((r) => r.code);
}

/**
 * True when the caller's jurisdiction covers the unit: a province official their province (and the
 * old provinces that went into it), a district-level official their district or health area and its
 * communes, a commune official their commune. Everything else is "not found" to them.
 */
export async function unitWithinJurisdiction(
  db: DbOrTx,
  access: Access,
  unit: IndicatorUnit,
): Promise<boolean> {
  if (access.actor.kind === 'system') return true;
  const j = actorJurisdiction(access);
  if (!j) return false;
  switch (j.level) {
    case 'province': {
      if (unit.provinceCode === j.code) return true;
      const covered = await db
        .select({ n: sql<number>`1` })
        .from(unitChanges)
        .where(
          and(eq(unitChanges.newProvinceCode, j.code), eq(unitChanges.oldProvinceCode, unit.provinceCode)),
        )
        .limit(1);
      return covered.length > 0;
    }
    case 'district': {
      if (unit.code === j.code && (unit.level === 'district' || unit.level === 'area')) return true;
      if (unit.level !== 'commune') return false;
      if (unit.parentCode === j.code) return true;
      const inArea = await db
        .select({ n: sql<number>`1` })
        .from(healthAreaCommunes)
        .where(
          and(eq(healthAreaCommunes.areaCode, j.code), inArray(healthAreaCommunes.communeCode, [unit.code])),
        )
        .limit(1);
      return inArea.length > 0;
    }
    case 'commune':
      return unit.level === 'commune' && unit.code === j.code;
    default: {
      const unreachable: never = j.level;
      return unreachable;
    }
  }
}
