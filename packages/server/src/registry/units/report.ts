import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { scopeFor } from '../../access/context.ts';
import type { Access } from '../../access/context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { adminUnits, caseDayCounts, cases, unitChangeSets } from '../../db/schema/index.ts';
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
 *
 * Counts come from the daily rollup `case_day_counts` (kept in the transaction of every case
 * write); only the cases of divided communes carried into today's units are read one by one, for
 * the person's current commune. `source: 'cases'` counts over the cases instead (same result).
 */
export async function weeklyCasesByCommune(
  db: DbOrTx,
  access: Access,
  options: { from: string; to: string; unitsAsOf: string; disease: string },
  source?: 'rollup' | 'cases',
): Promise<WeeklyReport> {
  const sets: ChangeSet[] = (
    await db
      .select({ changeSet: unitChangeSets.changeSet, effectiveDate: unitChangeSets.effectiveDate })
      .from(unitChangeSets)
      .orderBy(asc(unitChangeSets.effectiveDate))
  ).map((s) => ({ name: s.changeSet, effectiveDate: s.effectiveDate }));
  const targetEra = sets.filter((s) => s.effectiveDate <= options.unitsAsOf).length;
  const day = sql`coalesce(${cases.sampleDate}, ${cases.onsetDate}, (${cases.createdAt} at time zone 'Asia/Ho_Chi_Minh')::date)`;
  const era =
    sets.length === 0
      ? sql`0`
      : sql.join(
          sets.map((s) => sql`(case when x.d >= ${s.effectiveDate} then 1 else 0 end)`),
          sql` + `,
        );
  const rawCases = sql`select ${day} as d, ${cases.communeCode} as code, ${cases.personId} as person_id from ${cases}
      where ${cases.diseaseCode} = ${options.disease} and ${cases.classification} = 'confirmed' and ${scopeFor(access, cases)}`;
  // Confirmed cases per day and recorded commune: from the rollup kept with every case write
  // (case_day_counts), or counted over the cases themselves (the same numbers; used to check it).
  const perDay =
    (source ?? 'rollup') === 'rollup'
      ? sql`select ${caseDayCounts.day} as d, ${caseDayCounts.communeCode} as code, ${caseDayCounts.n} as n
            from ${caseDayCounts}
            where ${caseDayCounts.diseaseCode} = ${options.disease} and ${scopeFor(access, caseDayCounts)}
              and ${caseDayCounts.day} >= ${options.from} and ${caseDayCounts.day} <= ${options.to}`
      : sql`select r.d, r.code, count(*)::int as n from (${rawCases}) r group by 1, 2`;
  const inRange = sql`x.d >= ${options.from} and x.d <= ${options.to}`;
  const counts = await queryRows<{ week: string; code: string | null; era: number; n: number }>(
    db,
    sql`select to_char(y.week, 'YYYY-MM-DD') as week, y.code, y.era, y.n from (
          select date_trunc('week', x.d)::date as week, x.code, ${era} as era, sum(x.n)::int as n
          from (${perDay}) x where ${inRange}
          group by 1, 2, 3 having sum(x.n) > 0) y`,
  );
  const walk = await crosswalk(
    db,
    sets,
    counts.flatMap((c) => (c.code ? [c.code] : [])),
  );
  // A divided commune's cases carried into today's units go to the part holding the person's
  // current (re-homed) commune when it is one of the parts: those few are counted per person.
  const last = sets.at(-1);
  const toSplit =
    last && targetEra === sets.length
      ? [
          ...new Set(
            counts.filter((c) => c.code && c.era < targetEra && walk.divided(c.code)).map((c) => c.code!),
          ),
        ]
      : [];
  const splitting = new Set(toSplit);
  const [divided, units] = await Promise.all([
    toSplit.length === 0 || !last
      ? []
      : queryRows<{ week: string; code: string; era: number; current: string | null; n: number }>(
          db,
          sql`select to_char(date_trunc('week', x.d)::date, 'YYYY-MM-DD') as week, x.code, ${era} as era, p.commune_code as current, count(*)::int as n
              from (${rawCases} and ${inArray(cases.communeCode, toSplit)}) x left join persons p on p.id = x.person_id
              where ${inRange} and x.d < ${last.effectiveDate}
              group by 1, 2, 3, 4`,
        ),
    // Names of the communes the counts can reach, in the list in force on `unitsAsOf`.
    walk.reached.length === 0
      ? []
      : db
          .select({ code: adminUnits.code, name: adminUnits.name })
          .from(adminUnits)
          .where(
            and(
              inArray(adminUnits.code, walk.reached),
              eq(adminUnits.level, 'commune'),
              unitValidOn(options.unitsAsOf),
            ),
          ),
  ]);
  const cells = new Map<string, number>();
  const unplaced = new Map<string, number>();
  const all = [
    ...counts
      .filter((c) => !(c.code && c.era < targetEra && splitting.has(c.code)))
      .map((c) => ({ ...c, current: null })),
    ...divided,
  ];
  for (const c of all) {
    if (!c.code) continue;
    for (const part of walk.carry(c.code, c.era, targetEra, c.current)) {
      if (part.code === null) unplaced.set(c.code, (unplaced.get(c.code) ?? 0) + c.n * part.share);
      else {
        const key = `${c.week}|${part.code}`;
        cells.set(key, (cells.get(key) ?? 0) + c.n * part.share);
      }
    }
  }
  const names = new Map(units.map((u) => [u.code, u.name]));
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
