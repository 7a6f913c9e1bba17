/**
 * "Units as of a date" for every report, map and export (issue #12 item 4): records keep the unit
 * of their date, and a report names the units of the list in force on the date it is asked for.
 * This is the one place that carries counts across change tables (crosswalk.ts, shares.ts); the
 * weekly case report, vaccination coverage and check-in activity all go through it.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { adminUnits, healthAreaCommunes, healthAreas, unitChangeSets } from '../../db/schema/index.ts';
import { crosswalk } from './crosswalk.ts';
import type { ChangeSet } from './crosswalk.ts';
import { unitValidOn } from './load.ts';

/** The change tables loaded, the era of the chosen date and the era of today's current places. */
export interface UnitsAsOf {
  unitsAsOf: string;
  sets: ChangeSet[];
  /** How many change tables had taken effect on `unitsAsOf`. */
  targetEra: number;
  /**
   * The era of current places (people's addresses, venues, facilities): how many change tables
   * have re-homed them.
   */
  currentEra: number;
}

/** Load the change tables and place `unitsAsOf` among them. */
export async function unitsAsOfContext(db: DbOrTx, unitsAsOf: string): Promise<UnitsAsOf> {
  const rows = await db
    .select({
      changeSet: unitChangeSets.changeSet,
      effectiveDate: unitChangeSets.effectiveDate,
      rehomedAt: unitChangeSets.rehomedAt,
    })
    .from(unitChangeSets)
    .orderBy(asc(unitChangeSets.effectiveDate));
  const sets = rows.map((s) => ({ name: s.changeSet, effectiveDate: s.effectiveDate }));
  return {
    unitsAsOf,
    sets,
    targetEra: sets.filter((s) => s.effectiveDate <= unitsAsOf).length,
    currentEra: rows.filter((s) => s.rehomedAt !== null).length,
  };
}

/** The era of a record's day (a date expression), in SQL: change tables in effect on that day. */
export function eraSql(sets: readonly ChangeSet[], day: SQL): SQL {
  if (sets.length === 0) return sql`0`;
  return sql`(${sql.join(
    sets.map((s) => sql`(case when ${day} >= ${s.effectiveDate}::date then 1 else 0 end)`),
    sql` + `,
  )})`;
}

/** The era of a day (YYYY-MM-DD), in TypeScript. */
export function eraOf(sets: readonly ChangeSet[], day: string): number {
  return sets.filter((s) => s.effectiveDate <= day).length;
}

/**
 * Counts recorded under a unit of some era: `key` groups them further (a week, an age band; ''
 * for none); `hint` is a unit known to hold the record in the target era (a person's re-homed
 * commune forward, a venue's recorded commune backward), used where the change table divides.
 */
export interface Tally {
  key: string;
  code: string | null;
  era: number;
  hint?: string | null;
  values: readonly number[];
}

/** Counts carried into the units of the chosen date. */
export interface Carried {
  /** Summed per key and unit of `unitsAsOf` (fractional where shared by population). */
  placed: { key: string; code: string; values: number[] }[];
  /** Counts whose unit has no successor (or predecessor) in the chosen list, by recorded code. */
  unplaced: { key: string; code: string; values: number[] }[];
  /** Names of the units reached, in the list in force on `unitsAsOf` (communes). */
  names: Map<string, string>;
}

function add(into: Map<string, number[]>, key: string, values: readonly number[], share: number): void {
  const sum = into.get(key) ?? values.map(() => 0);
  values.forEach((v, i) => (sum[i] = sum[i]! + v * share));
  into.set(key, sum);
}

function split(map: Map<string, number[]>) {
  return [...map].map(([k, values]) => {
    const at = k.lastIndexOf('|');
    return { key: k.slice(0, at), code: k.slice(at + 1), values };
  });
}

/**
 * Carry tallies into the communes of `ctx.unitsAsOf` by the change tables (crosswalk.ts): forward,
 * a whole commune into its successor and a divided commune into the part holding the hint when it
 * is one of the parts, else by population share; backward, into the old commune the hint names
 * when it is one of the predecessors, else shared equally among them. `walk` and `names` may be
 * given when the caller already read the crosswalk for these codes and the names it reaches.
 */
export async function carryTallies(
  db: DbOrTx,
  ctx: UnitsAsOf,
  tallies: readonly Tally[],
  walk?: Awaited<ReturnType<typeof crosswalk>>,
  names?: Map<string, string>,
): Promise<Carried> {
  const codes = [...new Set(tallies.flatMap((t) => (t.code ? [t.code] : [])))];
  const w = walk ?? (await crosswalk(db, ctx.sets, codes));
  const placed = new Map<string, number[]>();
  const unplaced = new Map<string, number[]>();
  for (const t of tallies) {
    if (!t.code) {
      unplaced.set(
        `${t.key}|`,
        t.values.map((v, i) => (unplaced.get(`${t.key}|`)?.[i] ?? 0) + v),
      );
      continue;
    }
    for (const part of w.carry(t.code, t.era, ctx.targetEra, t.hint ?? null)) {
      if (part.code === null) add(unplaced, `${t.key}|${t.code}`, t.values, part.share);
      else add(placed, `${t.key}|${part.code}`, t.values, part.share);
    }
  }
  return {
    placed: split(placed),
    unplaced: split(unplaced),
    names: names ?? (await communeNames(db, ctx.unitsAsOf, w.reached.length > 0 ? w.reached : codes)),
  };
}

/** Names of communes in the list in force on `unitsAsOf` (codes it does not have are absent). */
export async function communeNames(
  db: DbOrTx,
  unitsAsOf: string,
  codes: readonly string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const units = await db
    .select({ code: adminUnits.code, name: adminUnits.name })
    .from(adminUnits)
    .where(
      and(inArray(adminUnits.code, [...codes]), eq(adminUnits.level, 'commune'), unitValidOn(unitsAsOf)),
    );
  return new Map(units.map((u) => [u.code, u.name]));
}

/**
 * The group above a commune of the list in force on `unitsAsOf`: its district where the list has
 * districts, else the health areas it belongs to (the district-level roles after the 2025 reform;
 * a commune shared by two areas counts in both). Returns each commune's groups and their names.
 */
export async function districtGroups(
  db: DbOrTx,
  unitsAsOf: string,
  communes: readonly string[],
): Promise<{ groupsOf: Map<string, string[]>; names: Map<string, string> }> {
  const groupsOf = new Map<string, string[]>();
  const names = new Map<string, string>();
  if (communes.length === 0) return { groupsOf, names };
  const parents = await db
    .select({ code: adminUnits.code, parent: adminUnits.parentCode })
    .from(adminUnits)
    .where(
      and(inArray(adminUnits.code, [...communes]), eq(adminUnits.level, 'commune'), unitValidOn(unitsAsOf)),
    );
  const inDistrict = (p: { parent: string | null }) => p.parent !== null && p.parent.length === 3;
  const districts = [...new Set(parents.flatMap((p) => (inDistrict(p) ? [p.parent!] : [])))];
  // Only communes of a list without districts go by health area (a code such as 28756 names an
  // old commune in a district and a new one in an area: the list of `unitsAsOf` decides).
  const areaCommunes = parents.filter((p) => !inDistrict(p)).map((p) => p.code);
  const [districtRows, areaRows] = await Promise.all([
    districts.length === 0
      ? []
      : db
          .select({ code: adminUnits.code, name: adminUnits.name })
          .from(adminUnits)
          .where(
            and(
              inArray(adminUnits.code, districts),
              eq(adminUnits.level, 'district'),
              unitValidOn(unitsAsOf),
            ),
          ),
    areaCommunes.length === 0
      ? []
      : db
          .select({ commune: healthAreaCommunes.communeCode, code: healthAreas.code, name: healthAreas.name })
          .from(healthAreaCommunes)
          .innerJoin(healthAreas, eq(healthAreas.code, healthAreaCommunes.areaCode))
          .where(inArray(healthAreaCommunes.communeCode, areaCommunes)),
  ]);
  for (const d of districtRows) names.set(d.code, d.name);
  const areasOf = new Map<string, string[]>();
  for (const a of areaRows) {
    areasOf.set(a.commune, [...(areasOf.get(a.commune) ?? []), a.code]);
    names.set(a.code, a.name);
  }
  for (const p of parents) {
    if (inDistrict(p)) groupsOf.set(p.code, [p.parent!]);
    else groupsOf.set(p.code, (areasOf.get(p.code) ?? []).sort());
  }
  return { groupsOf, names };
}
