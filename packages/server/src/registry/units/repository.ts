import { AppError } from '@epilink/core';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { adminUnits, healthAreaCommunes, healthAreas, persons } from '../../db/schema/index.ts';
import { unitValidOn } from './load.ts';
import { today } from './today.ts';

export type UnitLevel = 'province' | 'district' | 'commune';

export interface UnitSummary {
  code: string;
  name: string;
  level: UnitLevel;
  type: string;
  parentCode: string | null;
  personCount: number;
}

const unitColumns = {
  code: adminUnits.code,
  name: adminUnits.name,
  level: adminUnits.level,
  type: adminUnits.type,
  parentCode: adminUnits.parentCode,
};

type UnitRow = Omit<UnitSummary, 'personCount'>;

export { today } from './today.ts';

/** A unit in force on a date, or null. */
export async function findUnit(db: DbOrTx, code: string, onDate = today()): Promise<UnitRow | null> {
  const rows = await db
    .select(unitColumns)
    .from(adminUnits)
    .where(and(eq(adminUnits.code, code), unitValidOn(onDate)))
    .limit(1);
  return rows[0] ?? null;
}

/** A unit in force on a date; NOT_FOUND otherwise. */
export async function getUnit(db: DbOrTx, code: string, onDate = today()): Promise<UnitRow> {
  const unit = await findUnit(db, code, onDate);
  if (!unit) throw new AppError('NOT_FOUND');
  return unit;
}

/** The chain from the province down to the unit's parent (root first). */
export async function ancestorsOf(db: DbOrTx, unit: UnitRow, onDate = today()): Promise<UnitRow[]> {
  const chain: UnitRow[] = [];
  let parent = unit.parentCode;
  while (parent) {
    const p = await findUnit(db, parent, onDate);
    if (!p) break;
    chain.unshift(p);
    parent = p.parentCode;
  }
  return chain;
}

/** Active (unmerged) people counted by the column matching a level. */
function personColumnFor(level: UnitLevel) {
  switch (level) {
    case 'province':
      return persons.provinceCode;
    case 'district':
      return persons.districtCode;
    case 'commune':
      return persons.communeCode;
    default: {
      const unreachable: never = level;
      return unreachable;
    }
  }
}

/** People counts per unit code, for units of one level under one parent. Counts are not personal data. */
async function countPeople(
  db: DbOrTx,
  parent: UnitRow | null,
  childLevel: UnitLevel,
): Promise<Map<string, number>> {
  const col = personColumnFor(childLevel);
  const where = parent
    ? and(sql`${persons.mergedInto} is null`, eq(personColumnFor(parent.level), parent.code))
    : sql`${persons.mergedInto} is null`;
  const rows = await db
    .select({ code: col, n: sql<number>`count(*)::int` })
    .from(persons)
    .where(where)
    .groupBy(col);
  return new Map(rows.filter((r) => r.code !== null).map((r) => [r.code!, r.n]));
}

/** A unit with its ancestors and children, each child with its count of people. */
export async function browseUnit(db: DbOrTx, code: string, onDate = today()): Promise<UnitView> {
  const unit = await findUnit(db, code, onDate);
  if (!unit) {
    const other = (await browseHealthArea(db, code, onDate)) ?? (await browseRetired(db, code, onDate));
    if (!other) throw new AppError('NOT_FOUND');
    return other;
  }
  const [ancestors, childRows] = [
    await ancestorsOf(db, unit, onDate),
    await db
      .select(unitColumns)
      .from(adminUnits)
      .where(and(eq(adminUnits.parentCode, unit.code), unitValidOn(onDate)))
      .orderBy(asc(adminUnits.code)),
  ];
  const childLevel = childRows[0]?.level;
  const counts = childLevel ? await countPeople(db, unit, childLevel) : new Map<string, number>();
  const parent = ancestors.at(-1) ?? null;
  const own = await countPeople(db, parent, unit.level);
  return {
    unit: { ...unit, personCount: own.get(unit.code) ?? 0 },
    ancestors: ancestors.map((a) => ({ ...a, personCount: 0 })),
    children: childRows.map((c) => ({ ...c, personCount: counts.get(c.code) ?? 0 })),
  };
}

/** What `browseUnit` answers. */
export interface UnitView {
  unit: UnitSummary;
  ancestors: UnitSummary[];
  children: UnitSummary[];
}

/**
 * A health area (a district-level official's jurisdiction after the 2025 reform: no administrative
 * unit, docs/units.md) shown as a unit of district level with its communes in force on the date.
 */
async function browseHealthArea(db: DbOrTx, code: string, onDate: string): Promise<UnitView | null> {
  const [area] = await db
    .select()
    .from(healthAreas)
    .where(and(eq(healthAreas.code, code), sql`${healthAreas.validFrom} <= ${onDate}`))
    .limit(1);
  if (!area) return null;
  const province = await findUnit(db, area.provinceCode, onDate);
  const communes = await db
    .select(unitColumns)
    .from(adminUnits)
    .innerJoin(
      healthAreaCommunes,
      and(eq(healthAreaCommunes.communeCode, adminUnits.code), eq(healthAreaCommunes.areaCode, code)),
    )
    .where(unitValidOn(onDate))
    .orderBy(asc(adminUnits.code));
  const counts = await countPeople(db, province, 'commune');
  const children = communes.map((c) => ({ ...c, personCount: counts.get(c.code) ?? 0 }));
  const ancestors = province ? [...(await ancestorsOf(db, province, onDate)), province] : [];
  return {
    unit: {
      code: area.code,
      name: area.name,
      level: 'district',
      type: 'Khu vực y tế',
      parentCode: area.provinceCode,
      personCount: children.reduce((sum, c) => sum + c.personCount, 0),
    },
    ancestors: ancestors.map((a) => ({ ...a, personCount: 0 })),
    children,
  };
}

/** A unit no longer in force on the date (a commune merged in 2025) as it was on its last day. */
async function browseRetired(db: DbOrTx, code: string, onDate: string): Promise<UnitView | null> {
  const [last] = await db
    .select({ validTo: adminUnits.validTo })
    .from(adminUnits)
    .where(and(eq(adminUnits.code, code), sql`${adminUnits.validTo} <= ${onDate}`))
    .orderBy(desc(adminUnits.validTo))
    .limit(1);
  if (!last?.validTo) return null;
  const lastDay = new Date(Date.parse(`${last.validTo}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return browseUnit(db, code, lastDay);
}
