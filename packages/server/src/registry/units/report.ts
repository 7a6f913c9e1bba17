import { inArray, sql } from 'drizzle-orm';
import { scopeFor } from '../../access/context.ts';
import type { Access } from '../../access/context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { caseDayCounts, cases } from '../../db/schema/index.ts';
import { carryTallies, communeNames, eraSql, unitsAsOfContext } from './asof.ts';
import { crosswalk } from './crosswalk.ts';

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
  const ctx = await unitsAsOfContext(db, options.unitsAsOf);
  const { sets, targetEra } = ctx;
  const day = sql`coalesce(${cases.sampleDate}, ${cases.onsetDate}, (${cases.createdAt} at time zone (select epilink_time_zone()))::date)`;
  const era = eraSql(sets, sql`x.d`);
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
  // The divided communes' cases and the names of the communes reached, read side by side.
  const [divided, names] = await Promise.all([
    toSplit.length === 0 || !last
      ? []
      : queryRows<{ week: string; code: string; era: number; current: string | null; n: number }>(
          db,
          sql`select to_char(date_trunc('week', x.d)::date, 'YYYY-MM-DD') as week, x.code, ${era} as era, p.commune_code as current, count(*)::int as n
              from (${rawCases} and ${inArray(cases.communeCode, toSplit)}) x left join persons p on p.id = x.person_id
              where ${inRange} and x.d < ${last.effectiveDate}
              group by 1, 2, 3, 4`,
        ),
    communeNames(db, options.unitsAsOf, walk.reached),
  ]);
  const all = [
    ...counts
      .filter((c) => !(c.code && c.era < targetEra && splitting.has(c.code)))
      .map((c) => ({ ...c, current: null })),
    ...divided,
  ];
  const carried = await carryTallies(
    db,
    ctx,
    all.flatMap((c) =>
      c.code ? [{ key: c.week, code: c.code, era: c.era, hint: c.current, values: [c.n] }] : [],
    ),
    walk,
    names,
  );
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    unitsAsOf: options.unitsAsOf,
    cells: carried.placed
      .map((p) => ({
        week: p.key,
        unitCode: p.code,
        unitName: carried.names.get(p.code) ?? p.code,
        cases: round(p.values[0]!),
      }))
      .sort((a, b) => a.week.localeCompare(b.week) || a.unitCode.localeCompare(b.unitCode)),
    unplaced: [
      ...carried.unplaced
        .reduce((m, u) => m.set(u.code, (m.get(u.code) ?? 0) + u.values[0]!), new Map<string, number>())
        .entries(),
    ].map(([unitCode, n]) => ({ unitCode, cases: round(n) })),
  };
}
