/**
 * Coverage by age band and population for an indicator read: the vaccination rollup
 * (`vaccination_coverage_daily`, commune × age band × day, kept with every dose) summed per grain
 * by its triggers (`indicator_coverage_days`), the loaded census (`population_census`), and for a
 * unit with no census its registered residents (`indicator_residents`, kept by triggers on persons).
 */
import { AGE_BANDS } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { indicatorCoverageLive, indicatorResidentsLive, populationCensus } from '../db/schema/index.ts';
import type { IndicatorUnit } from './units.ts';
import { grainOf, placeCondition, unitPlaces } from './where.ts';

/** The vaccination module's disease key of a disease code ('COVID-19' → 'covid19'). */
export function vaccinationDiseaseKey(disease: string): string {
  return disease.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** One age band's coverage on a day. */
export interface CoverageBand {
  ageBand: string;
  population: number;
  firstDose: number;
  fullSchedule: number;
  booster: number;
}

/**
 * Coverage of the unit by age band on `to` (the same-cohort rule of the vaccination rollup) and its
 * population (its census, else its registered unmerged residents), in one statement: the dose
 * sums by band, the census by band and the registered residents, told apart by `kind`.
 */
export async function coverageAndPopulation(
  db: DbOrTx,
  access: Access,
  unit: IndicatorUnit,
  q: { to: string; disease: string; asOf: string },
): Promise<{ coverage: CoverageBand[]; population: number }> {
  const places = await unitPlaces(db, unit, q.asOf);
  const c = indicatorCoverageLive;
  const p = populationCensus;
  const r = indicatorResidentsLive;
  const rows = await queryRows<{
    kind: 'dose' | 'census' | 'residents';
    band: string;
    a: number;
    b: number;
    c: number;
  }>(
    db,
    sql`select 'dose' as kind, ${c.ageBand} as band, sum(${c.firstDose})::int as a, sum(${c.fullSchedule})::int as b,
            sum(${c.booster})::int as c
          from ${c}
          where ${c.grain} = ${grainOf(unit)} and ${c.disease} = ${vaccinationDiseaseKey(q.disease)} and ${c.day} <= ${q.to}
            and ${placeCondition(c, places)} and ${scopeFor(access, c)}
          group by 2
        union all
        select 'census', ${p.ageBand}, sum(${p.population})::int, 0, 0 from ${p}
          where ${placeCondition(p, places)} and ${scopeFor(access, p)} group by 2
        union all
        select 'residents', '', coalesce(sum(${r.n}), 0)::int, 0, 0 from ${r}
          where ${r.grain} = ${grainOf(unit)} and ${placeCondition(r, places)} and ${scopeFor(access, r)}`,
  );
  const bands = new Map<string, CoverageBand>();
  const band = (b: string) => {
    const row = bands.get(b) ?? { ageBand: b, population: 0, firstDose: 0, fullSchedule: 0, booster: 0 };
    bands.set(b, row);
    return row;
  };
  for (const b of AGE_BANDS) band(b);
  let census = 0;
  let residents = 0;
  for (const row of rows) {
    if (row.kind === 'dose') {
      const b = band(row.band);
      b.firstDose += row.a;
      b.fullSchedule += row.b;
      b.booster += row.c;
    } else if (row.kind === 'census') {
      band(row.band).population += row.a;
      census += row.a;
    } else residents += row.a;
  }
  return { coverage: [...bands.values()], population: census > 0 ? census : residents };
}
