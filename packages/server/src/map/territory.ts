/**
 * The communes a map shows (issue #13 item 5): the units of the chosen date ("units as of", issue
 * #12) inside a root unit — the province, a district or health area, or a commune — across a
 * reform: before it, the new Vĩnh Long (86) is the old Bến Tre, Trà Vinh and Vĩnh Long; a health
 * area is the district with its code; a new commune is the old communes that went into it.
 */
import { AppError } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { districtGroups } from '../registry/units/asof.ts';

/** A commune of the map, with the group (district or health area) the cartogram places it in. */
export interface MapCommune {
  code: string;
  name: string;
  group: string;
  groupName: string;
}

/** The root's communes on `asOf` and the groups they fall in. */
export interface Territory {
  asOf: string;
  rootCode: string;
  communes: MapCommune[];
  groups: { code: string; name: string }[];
  /** The provinces of `asOf` whose communes are shown (several before a merger). */
  provinces: string[];
}

/**
 * The communes of `rootCode` (2-digit province, 3-digit district or health area, 5-digit commune)
 * in force on `asOf`, each with its district (or, in a list without districts, its first health
 * area). A root with no commune on that date is NOT_FOUND.
 */
export async function territoryOf(db: DbOrTx, rootCode: string, asOf: string): Promise<Territory> {
  const valid = sql`u.level = 'commune' and u.valid_from <= ${asOf} and (u.valid_to is null or u.valid_to > ${asOf})`;
  const inRoot =
    rootCode.length === 2
      ? sql`u.province_code in (select ${rootCode}::text union select c.old_province_code from unit_changes c where c.new_province_code = ${rootCode})`
      : rootCode.length === 3
        ? sql`(u.parent_code = ${rootCode} or u.code in (select h.commune_code from health_area_communes h where h.area_code = ${rootCode}))`
        : sql`u.code in (select ${rootCode}::text union select c.old_code from unit_changes c where c.new_code = ${rootCode} and c.old_code is not null)`;
  const rows = await queryRows<{ code: string; name: string; province_code: string }>(
    db,
    sql`select u.code, u.name, u.province_code from admin_units u where ${valid} and ${inRoot} order by u.code`,
  );
  if (rows.length === 0) throw new AppError('NOT_FOUND');
  const { groupsOf, names } = await districtGroups(
    db,
    asOf,
    rows.map((r) => r.code),
  );
  const communes = rows.map((r) => {
    const group = groupsOf.get(r.code)?.[0] ?? r.province_code;
    return { code: r.code, name: r.name.trim(), group, groupName: names.get(group)?.trim() ?? group };
  });
  const groups = [...new Map(communes.map((c) => [c.group, c.groupName]))]
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return {
    asOf,
    rootCode,
    communes,
    groups,
    provinces: [...new Set(rows.map((r) => r.province_code))].sort(),
  };
}

/**
 * The part of `inner`'s territory inside `outer`'s (an official asking for a unit of their
 * jurisdiction); NOT_FOUND when none of it is (outside the jurisdiction reads as absent).
 */
export async function territoryWithin(
  db: DbOrTx,
  outerCode: string,
  innerCode: string,
  asOf: string,
): Promise<Territory> {
  const outer = await territoryOf(db, outerCode, asOf);
  if (innerCode === outerCode) return outer;
  const inner = await territoryOf(db, innerCode, asOf);
  const allowed = new Set(outer.communes.map((c) => c.code));
  const communes = inner.communes.filter((c) => allowed.has(c.code));
  if (communes.length === 0) throw new AppError('NOT_FOUND');
  const groups = new Set(communes.map((c) => c.group));
  return { ...inner, communes, groups: inner.groups.filter((g) => groups.has(g.code)) };
}
