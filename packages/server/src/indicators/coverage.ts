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

/** Coverage of the unit by age band on `to` (the same-cohort rule of the vaccination rollup). */
export async function coverageOf(
  db: DbOrTx,
  access: Access,
  unit: IndicatorUnit,
  q: { to: string; disease: string; asOf: string },
): Promise<CoverageBand[]> {
  const places = await unitPlaces(db, unit, q.asOf);
  const c = indicatorCoverageLive;
  const p = populationCensus;
  const [doses, census] = await Promise.all([
    queryRows<{ band: string; first: number; full: number; booster: number }>(
      db,
      sql`select ${c.ageBand} as band, sum(${c.firstDose})::int as first, sum(${c.fullSchedule})::int as full,
            sum(${c.booster})::int as booster
          from ${c}
          where ${c.grain} = ${grainOf(unit)} and ${c.disease} = ${vaccinationDiseaseKey(q.disease)} and ${c.day} <= ${q.to}
            and ${placeCondition(c, places)} and ${scopeFor(access, c)}
          group by 1`,
    ),
    queryRows<{ band: string; n: number }>(
      db,
      sql`select ${p.ageBand} as band, sum(${p.population})::int as n from ${p}
          where ${placeCondition(p, places)} and ${scopeFor(access, p)} group by 1`,
    ),
  ]);
  const bands = new Map<string, CoverageBand>();
  const band = (b: string) => {
    const row = bands.get(b) ?? { ageBand: b, population: 0, firstDose: 0, fullSchedule: 0, booster: 0 };
    bands.set(b, row);
    return row;
  };
  for (const b of AGE_BANDS) band(b);
  for (const d of doses) {
    const row = band(d.band);
    row.firstDose += d.first;
    row.fullSchedule += d.full;
    row.booster += d.booster;
  }
  for (const n of census) band(n.band).population += n.n;
  return [...bands.values()];
}

/** The unit's population: its census, else its registered (unmerged) residents. */
export async function populationOf(
  db: DbOrTx,
  access: Access,
  unit: IndicatorUnit,
  asOf: string,
): Promise<number> {
  const places = await unitPlaces(db, unit, asOf);
  const p = populationCensus;
  const [census] = await queryRows<{ n: number | null }>(
    db,
    sql`select sum(${p.population})::int as n from ${p} where ${placeCondition(p, places)} and ${scopeFor(access, p)}`,
  );
  if (census?.n) return census.n;
  const r = indicatorResidentsLive;
  const [registry] = await queryRows<{ n: number }>(
    db,
    sql`select coalesce(sum(${r.n}), 0)::int as n from ${r}
        where ${r.grain} = ${grainOf(unit)} and ${placeCondition(r, places)} and ${scopeFor(access, r)}`,
  );
  return registry?.n ?? 0;
}
