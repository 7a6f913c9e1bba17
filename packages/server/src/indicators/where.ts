/**
 * Which rows of a place-keyed table (the indicator rollup, coverage, census) belong to a unit of
 * the chosen list: a province its own code and the old provinces that went into it; a district
 * its code; a health area its code (the old district's rows) and its communes with the old
 * communes that went into them; a commune its code and every code a change table relates to it
 * (the commune read then carries them into the units of the date, asof.ts).
 */
import { and, eq, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { healthAreaCommunes, indicatorDaysLive, unitChanges } from '../db/schema/index.ts';
import type { IndicatorUnit } from './units.ts';

/** Codes a change table relates to a commune, both ways, with its own. */
export async function relatedCommunes(db: DbOrTx, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const list = sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  );
  const rows = await db
    .select({ oldCode: unitChanges.oldCode, newCode: unitChanges.newCode })
    .from(unitChanges)
    .where(or(sql`${unitChanges.oldCode} in (${list})`, sql`${unitChanges.newCode} in (${list})`));
  return [
    ...new Set([...codes, ...rows.flatMap((r) => [r.oldCode, r.newCode].filter((c): c is string => !!c))]),
  ];
}

/** A health area's communes and every code a change table relates to them, in one statement. */
async function relatedAreaCommunes(db: DbOrTx, area: string): Promise<string[]> {
  const h = healthAreaCommunes;
  const c = unitChanges;
  const rows = await queryRows<{ code: string }>(
    db,
    sql`with a as (select ${h.communeCode} as code from ${h} where ${h.areaCode} = ${area}),
          r as (select ${c.oldCode} as old_code, ${c.newCode} as new_code from ${c}
                where ${c.oldCode} in (select code from a) or ${c.newCode} in (select code from a))
        select code from a
        union select old_code from r where old_code is not null
        union select new_code from r where new_code is not null`,
  );
  return rows.map((r) => r.code);
}

/** The codes that place a unit's rows (see the module comment). */
export interface UnitPlaces {
  /** A province's own code and the old provinces that went into it by the date, as an SQL array. */
  provinces?: SQL;
  district?: string;
  communes?: string[];
  /**
   * A commune's codes within a few change-table steps of it (its related codes and theirs): the
   * seed of the read's crosswalk, which then loads every change row it needs in one statement
   * instead of one per step (a larger seed only adds rows no carry of the unit's codes uses).
   */
  reach?: string[];
}

/** Change-table steps `reach` follows: more than the change tables a carry crosses in practice. */
const REACH_STEPS = 4;

/** A commune's related codes (`relatedCommunes`) and its `reach`, in one statement. */
async function communePlaces(db: DbOrTx, code: string): Promise<UnitPlaces> {
  const c = unitChanges;
  // Related: one step away, in a change row with the commune itself (what relatedCommunes reads).
  const rows = await queryRows<{ code: string; related: boolean }>(
    db,
    sql`with recursive reach(code, steps) as (
          select ${code}::text, 0
          union
          select x.code, r.steps + 1 from reach r
            join ${c} on ${c.oldCode} = r.code or ${c.newCode} = r.code
            cross join lateral (values (${c.oldCode}), (${c.newCode})) x(code)
          where x.code is not null and r.steps < ${REACH_STEPS})
        select distinct on (code) code, steps <= 1 as related
        from reach order by code, steps`,
  );
  return {
    communes: [code, ...rows.filter((r) => r.related && r.code !== code).map((r) => r.code)],
    reach: rows.map((r) => r.code),
  };
}

/** Places already resolved for a unit object of this read (rows, coverage, population share them). */
const resolved = new WeakMap<IndicatorUnit, Map<string, Promise<UnitPlaces>>>();

/** Resolve the codes of a unit's rows once per read (memoised on the unit object and `asOf`). */
export function unitPlaces(db: DbOrTx, unit: IndicatorUnit, asOf: string): Promise<UnitPlaces> {
  const byDate = resolved.get(unit) ?? new Map<string, Promise<UnitPlaces>>();
  resolved.set(unit, byDate);
  const known = byDate.get(asOf);
  if (known) return known;
  const places = resolvePlaces(db, unit, asOf);
  byDate.set(asOf, places);
  return places;
}

async function resolvePlaces(db: DbOrTx, unit: IndicatorUnit, asOf: string): Promise<UnitPlaces> {
  switch (unit.level) {
    case 'province':
      // No round trip: the old provinces are looked up inside the statement that reads the rows.
      return {
        provinces: sql`array(select ${unit.code}::text union select c.old_province_code from unit_changes c
          where c.new_province_code = ${unit.code} and c.old_province_code is not null and c.effective_date <= ${asOf})`,
      };
    case 'district':
      return { district: unit.code };
    case 'area':
      return { district: unit.code, communes: await relatedAreaCommunes(db, unit.code) };
    case 'commune':
      return communePlaces(db, unit.code);
  }
}

const anyOf = (col: AnyPgColumn, codes: readonly string[]): SQL =>
  codes.length === 0
    ? sql`false`
    : sql`${col} in (${sql.join(
        codes.map((c) => sql`${c}`),
        sql`, `,
      )})`;

/** The condition over a table's place columns. */
export function placeCondition(
  cols: { provinceCode: AnyPgColumn; districtCode: AnyPgColumn; communeCode: AnyPgColumn },
  places: UnitPlaces,
): SQL {
  const parts: SQL[] = [];
  if (places.provinces) parts.push(sql`${cols.provinceCode} = any(${places.provinces})`);
  if (places.district !== undefined) parts.push(sql`${cols.districtCode} = ${places.district}`);
  if (places.communes) parts.push(anyOf(cols.communeCode, places.communes));
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
}

/** The rollup grain a unit reads: 0 province, 1 district, 2 communes (areas and communes). */
export function grainOf(unit: IndicatorUnit): 0 | 1 | 2 {
  return unit.level === 'province' ? 0 : unit.level === 'district' ? 1 : 2;
}

/**
 * The rollup rows of a unit: its grain and its places. A health area's old district is read from
 * the district grain (one row per day, the sum of that district's commune rows: every event is
 * added at both grains, and the rollup check holds them to the raw rows), and only the commune
 * rows recorded outside that district are read one by one: the same sum from a few times fewer
 * rows than every commune row of the district.
 */
export async function unitRowsCondition(db: DbOrTx, unit: IndicatorUnit, asOf: string): Promise<SQL> {
  const places = await unitPlaces(db, unit, asOf);
  const t = indicatorDaysLive;
  if (unit.level === 'area' && places.district !== undefined) {
    const district = places.district;
    return sql`((${t.grain} = 1 and ${t.districtCode} = ${district}) or (${t.grain} = 2 and ${t.districtCode} is distinct from ${district} and ${placeCondition(t, { communes: places.communes ?? [] })}))`;
  }
  return and(eq(t.grain, grainOf(unit)), placeCondition(t, places))!;
}
