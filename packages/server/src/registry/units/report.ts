import { and, asc, eq, sql } from 'drizzle-orm';
import { scopeFor } from '../../access/context.ts';
import type { Access } from '../../access/context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { adminUnits, cases, unitChangeSets } from '../../db/schema/index.ts';
import { crosswalk } from './crosswalk.ts';
import type { ChangeSet } from './crosswalk.ts';
import { unitValidOn } from './load.ts';

/** One cell of the report: a week (its Monday), a unit of the chosen date, a number of cases. */
export interface WeeklyCell {
  week: string;
  unitCode: string;
  unitName: string;
  /** Cases; fractional where a divided commune's cases were shared by population (see docs). */
  cases: number;
}

/** The weekly report and what could not be placed in the chosen units. */
export interface WeeklyReport {
  unitsAsOf: string;
  cells: WeeklyCell[];
  /** Cases whose unit has no successor (or predecessor) in the chosen list, by old code. */
  unplaced: { unitCode: string; cases: number }[];
}

/**
 * Confirmed cases per week and commune, in the communes of the list in force on `unitsAsOf`.
 * A case is counted in the week of its date (sample date, else onset, else the day it was
 * recorded) and named by the commune it was recorded in (its unit of that date); cases of another
 * era are carried across each change table between their date and `unitsAsOf` (crosswalk.ts):
 * forward, a whole commune into its successor, a divided commune by the person's re-homed address
 * when it is one of the parts, else by population share; backward, a new commune's cases shared
 * among its predecessors by population share. Scoped like the cases themselves.
 */
export async function weeklyCasesByCommune(
  db: DbOrTx,
  access: Access,
  options: { from: string; to: string; unitsAsOf: string; disease: string },
): Promise<WeeklyReport> {
  const sets: ChangeSet[] = (
    await db
      .select({ changeSet: unitChangeSets.changeSet, effectiveDate: unitChangeSets.effectiveDate })
      .from(unitChangeSets)
      .orderBy(asc(unitChangeSets.effectiveDate))
  ).map((s) => ({ name: s.changeSet, effectiveDate: s.effectiveDate }));
  const day = sql`coalesce(${cases.sampleDate}, ${cases.onsetDate}, (${cases.createdAt} at time zone 'Asia/Ho_Chi_Minh')::date)`;
  const era =
    sets.length === 0
      ? sql`0`
      : sql.join(
          sets.map((s) => sql`(case when ${day} >= ${s.effectiveDate} then 1 else 0 end)`),
          sql` + `,
        );
  const counts = await queryRows<{
    week: string;
    code: string | null;
    era: number;
    n: number;
    current: string | null;
  }>(
    db,
    sql`select to_char(date_trunc('week', x.d), 'YYYY-MM-DD') as week, x.code, x.era, x.current, count(*)::int as n
        from (select ${day} as d, ${cases.communeCode} as code, ${era} as era,
                     case when ${cases.communeCode} in (select old_code from unit_changes where kind = 'part')
                          then (select p.commune_code from persons p where p.id = ${cases.personId}) end as current
              from ${cases}
              where ${cases.diseaseCode} = ${options.disease} and ${cases.classification} = 'confirmed'
                and ${scopeFor(access, cases)}) x
        where x.d >= ${options.from} and x.d <= ${options.to}
        group by 1, 2, 3, 4`,
  );
  const targetEra = sets.filter((s) => s.effectiveDate <= options.unitsAsOf).length;
  const walk = await crosswalk(db, sets);
  const cells = new Map<string, number>();
  const unplaced = new Map<string, number>();
  for (const c of counts) {
    if (!c.code) continue;
    for (const part of walk.carry(c.code, c.era, targetEra, c.current)) {
      if (part.code === null) unplaced.set(c.code, (unplaced.get(c.code) ?? 0) + c.n * part.share);
      else {
        const key = `${c.week}|${part.code}`;
        cells.set(key, (cells.get(key) ?? 0) + c.n * part.share);
      }
    }
  }
  const names = new Map(
    (
      await db
        .select({ code: adminUnits.code, name: adminUnits.name })
        .from(adminUnits)
        .where(and(eq(adminUnits.level, 'commune'), unitValidOn(options.unitsAsOf)))
    ).map((u) => [u.code, u.name]),
  );
  return {
    unitsAsOf: options.unitsAsOf,
    cells: [...cells]
      .map(([key, n]) => {
        const [week, unitCode] = key.split('|') as [string, string];
        return {
          week,
          unitCode,
          unitName: names.get(unitCode) ?? unitCode,
          cases: Math.round(n * 100) / 100,
        };
      })
      .sort((a, b) => a.week.localeCompare(b.week) || a.unitCode.localeCompare(b.unitCode)),
    unplaced: [...unplaced].map(([unitCode, n]) => ({ unitCode, cases: Math.round(n * 100) / 100 })),
  };
}
