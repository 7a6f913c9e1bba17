/**
 * Units by name (#19 item 8): officials pick a commune or district by typing part of its name,
 * with or without tone marks ("phu khuong" finds "Phường Phú Khương"). Reference data, no
 * personal data: the same permission as browsing units.
 */
import { foldText } from '@epilink/core';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { adminUnits } from '../../db/schema/index.ts';
import { unitValidOn } from './load.ts';
import type { UnitLevel } from './repository.ts';

/** A unit found by name, with its parent's name to tell two of the same name apart. */
export interface UnitMatch {
  code: string;
  name: string;
  level: UnitLevel;
  type: string;
  parentCode: string | null;
  parentName: string | null;
}

/** At most this many units per search. */
export const UNIT_SEARCH_LIMIT = 20;

/** `%`, `_` and `\` of the text stand for themselves in a LIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/gu, (c) => `\\${c}`);
}

/**
 * Units in force on `onDate` whose name contains `query` (tone- and case-insensitive), or whose
 * code starts with it when it is digits. `within` keeps the units of that unit (itself, its
 * children, a province's whole list); `levels` keeps those levels. Names with a word starting
 * with the text typed come first, then by level (districts before communes) and name.
 */
export async function searchUnits(
  db: DbOrTx,
  query: string,
  options: { onDate: string; within?: string | undefined; levels?: readonly UnitLevel[] | undefined },
): Promise<UnitMatch[]> {
  const folded = foldText(query);
  if (folded === '') return [];
  const parent = alias(adminUnits, 'parent');
  const words = `%${likeLiteral(folded)}%`;
  const byText = /^\d+$/u.test(folded)
    ? sql`${adminUnits.code} like ${`${folded}%`}`
    : sql`${adminUnits.nameFolded} like ${words}`;
  const rows = await db
    .select({
      code: adminUnits.code,
      name: adminUnits.name,
      level: adminUnits.level,
      type: adminUnits.type,
      parentCode: adminUnits.parentCode,
      parentName: parent.name,
    })
    .from(adminUnits)
    .leftJoin(
      parent,
      and(
        eq(parent.code, adminUnits.parentCode),
        sql`${parent.validFrom} <= ${options.onDate}`,
        sql`(${parent.validTo} is null or ${parent.validTo} > ${options.onDate})`,
      ),
    )
    .where(
      and(
        unitValidOn(options.onDate),
        byText,
        options.within
          ? or(
              eq(adminUnits.provinceCode, options.within),
              eq(adminUnits.code, options.within),
              eq(adminUnits.parentCode, options.within),
            )
          : undefined,
        options.levels && options.levels.length > 0
          ? inArray(adminUnits.level, [...options.levels])
          : undefined,
      ),
    )
    .orderBy(
      sql`not ((' ' || ${adminUnits.nameFolded}) like ${`% ${likeLiteral(folded)}%`})`,
      sql`case ${adminUnits.level} when 'province' then 0 when 'district' then 1 else 2 end`,
      asc(adminUnits.name),
      asc(adminUnits.code),
    )
    .limit(UNIT_SEARCH_LIMIT);
  return rows;
}
