/**
 * The coverage rollup: applied in the dose's transaction (never recomputed from raw rows by
 * readers), and read by unit, age group and day.
 */
import { COVERAGE_AGE_GROUPS, UNKNOWN_AGE_BAND, ageBand, coverageDeltas, coverageRate } from '@epilink/core';
import type { CoverageAgeGroup, ScheduleEvaluation } from '@epilink/core';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { vaccinationCoverageDaily as cov, populationCensus } from '../db/schema/index.ts';

/** Where a person lives, for the rollup. */
export interface Residence {
  communeCode: string | null;
  districtCode: string | null;
  provinceCode: string;
  dateOfBirth: string | null;
}

/** Commune key used when a person's commune is unknown. */
export const UNKNOWN_COMMUNE = '00000';

async function bump(
  tx: DbOrTx,
  disease: string,
  who: Residence,
  day: string,
  delta: { doses?: number; firstDose?: number; fullSchedule?: number; booster?: number },
): Promise<void> {
  await tx
    .insert(cov)
    .values({
      disease,
      communeCode: who.communeCode ?? UNKNOWN_COMMUNE,
      ageBand: ageBand(who.dateOfBirth, day),
      day,
      districtCode: who.districtCode,
      provinceCode: who.provinceCode,
      doses: delta.doses ?? 0,
      firstDose: delta.firstDose ?? 0,
      fullSchedule: delta.fullSchedule ?? 0,
      booster: delta.booster ?? 0,
    })
    .onConflictDoUpdate({
      target: [cov.disease, cov.communeCode, cov.ageBand, cov.day],
      set: {
        doses: sql`${cov.doses} + excluded.doses`,
        firstDose: sql`${cov.firstDose} + excluded.first_dose`,
        fullSchedule: sql`${cov.fullSchedule} + excluded.full_schedule`,
        booster: sql`${cov.booster} + excluded.booster`,
      },
    });
}

/**
 * Apply a person's change of evaluation (and a dose given or voided on `doseDay`) to the rollup.
 * Call inside the transaction that records or voids the dose.
 */
export async function applyCoverage(
  tx: DbOrTx,
  disease: string,
  who: Residence,
  before: ScheduleEvaluation,
  after: ScheduleEvaluation,
  dose: { day: string; change: 1 | -1 },
): Promise<void> {
  await bump(tx, disease, who, dose.day, { doses: dose.change });
  for (const d of coverageDeltas(before, after)) {
    const column = d.kind === 'first' ? 'firstDose' : d.kind === 'full' ? 'fullSchedule' : 'booster';
    await bump(tx, disease, who, d.date, { [column]: d.change });
  }
}

/** One row of the coverage report. */
export interface CoverageRow {
  unitCode: string;
  doses: number;
  firstDose: number;
  fullSchedule: number;
  booster: number;
  population: number;
  /** Where `population` comes from: the loaded census, or the registry's residents. */
  denominator: 'census' | 'registry';
  firstDoseRate: number;
  fullScheduleRate: number;
  boosterRate: number;
}

/** The census a report used (null when every unit fell back to the registry). */
export interface CensusUsed {
  source: string;
  referenceDate: string;
}

/**
 * Coverage of an age group on `asOf`, by commune or district, inside the caller's jurisdiction.
 * Numerator and denominator are the same cohort (issue #10 item 7): the people in the age group
 * ON `asOf` (age on that day) who reached the milestone by then, counted from each person's
 * milestone dates. The denominator is the loaded census of the unit's communes in the group's age
 * bands; a unit with no census falls back to the registry's residents in the group, and each row
 * says which it used. `doses` is the doses given up to `asOf` (from the daily rollup).
 */
export async function coverageReport(
  db: DbOrTx,
  access: Access,
  options: { disease: string; asOf: string; groupBy: 'commune' | 'district'; ageGroup: CoverageAgeGroup },
): Promise<{ items: CoverageRow[]; census: CensusUsed | null }> {
  const bands = [...COVERAGE_AGE_GROUPS[options.ageGroup]];
  const unit = options.groupBy === 'commune' ? cov.communeCode : cov.districtCode;
  const doses = await db
    .select({ unitCode: unit, doses: sql<number>`coalesce(sum(${cov.doses}), 0)::int` })
    .from(cov)
    .where(
      and(
        eq(cov.disease, options.disease),
        lte(cov.day, options.asOf),
        inArray(cov.ageBand, bands),
        scopeFor(access, cov),
      ),
    )
    .groupBy(unit);
  const dosesOf = new Map(doses.map((r) => [r.unitCode ?? '', r.doses]));
  const cohort = await cohortByUnit(db, access, options.groupBy, bands, options.asOf, options.disease);
  const census = await censusByUnit(db, access, options.groupBy, bands);
  const units = [...new Set([...cohort.keys(), ...dosesOf.keys()])].sort();
  const items = units.map((unitCode): CoverageRow => {
    const c = cohort.get(unitCode) ?? { registry: 0, first: 0, full: 0, booster: 0 };
    const counted = census.byUnit.get(unitCode);
    const population = counted ?? c.registry;
    return {
      unitCode,
      doses: dosesOf.get(unitCode) ?? 0,
      firstDose: c.first,
      fullSchedule: c.full,
      booster: c.booster,
      population,
      denominator: counted === undefined ? 'registry' : 'census',
      firstDoseRate: coverageRate(c.first, population),
      fullScheduleRate: coverageRate(c.full, population),
      boosterRate: coverageRate(c.booster, population),
    };
  });
  const used = items.some((r) => r.denominator === 'census') ? census.used : null;
  return { items, census: used };
}

/** The age band of `persons p` on a day, in SQL (the bands of `AGE_BANDS`, or unknown). */
export function bandSql(asOf: string): SQL {
  return sql`case
    when p.date_of_birth is null then 'unknown'
    when extract(year from age(${asOf}::date, p.date_of_birth)) < 5 then '0-4'
    when extract(year from age(${asOf}::date, p.date_of_birth)) < 12 then '5-11'
    when extract(year from age(${asOf}::date, p.date_of_birth)) < 18 then '12-17'
    when extract(year from age(${asOf}::date, p.date_of_birth)) < 50 then '18-49'
    when extract(year from age(${asOf}::date, p.date_of_birth)) < 65 then '50-64'
    else '65+' end`;
}

const inList = (values: string[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** Residents in the bands on `asOf` and, of them, who reached each milestone by `asOf`. */
async function cohortByUnit(
  db: DbOrTx,
  access: Access,
  groupBy: 'commune' | 'district',
  bands: string[],
  asOf: string,
  disease: string,
): Promise<Map<string, { registry: number; first: number; full: number; booster: number }>> {
  const col = groupBy === 'commune' ? sql.raw('p.commune_code') : sql.raw('p.district_code');
  const scope = scopeFor(access, {
    provinceCode: sql.raw('p.province_code') as never,
    districtCode: sql.raw('p.district_code') as never,
    communeCode: sql.raw('p.commune_code') as never,
  });
  const rows = await queryRows<{
    unit: string | null;
    n: number | string;
    first: number | string;
    full: number | string;
    booster: number | string;
  }>(
    db,
    sql`select ${col} as unit, count(*) as n,
          count(*) filter (where s.first_dose_on <= ${asOf}::date) as first,
          count(*) filter (where s.completed_on <= ${asOf}::date) as full,
          count(*) filter (where s.boosted_on <= ${asOf}::date) as booster
        from persons p
        left join vaccination_status s on s.person_id = p.id and s.disease = ${disease}
        where p.merged_into is null and ${scope} and ${bandSql(asOf)} in (${inList(bands)})
        group by 1`,
  );
  return new Map(
    rows.map((r) => [
      r.unit ?? '',
      { registry: Number(r.n), first: Number(r.first), full: Number(r.full), booster: Number(r.booster) },
    ]),
  );
}

/** The loaded census of each unit in the bands (units with no census row are absent). */
async function censusByUnit(
  db: DbOrTx,
  access: Access,
  groupBy: 'commune' | 'district',
  bands: string[],
): Promise<{ byUnit: Map<string, number>; used: CensusUsed | null }> {
  const unit = groupBy === 'commune' ? populationCensus.communeCode : populationCensus.districtCode;
  const censusBands = bands.filter((b) => b !== UNKNOWN_AGE_BAND);
  if (censusBands.length === 0) return { byUnit: new Map(), used: null };
  const rows = await db
    .select({
      unitCode: unit,
      population: sql<number>`sum(${populationCensus.population})::int`,
      source: sql<string>`max(${populationCensus.source})`,
      referenceDate: sql<string>`max(${populationCensus.referenceDate})::text`,
    })
    .from(populationCensus)
    .where(and(inArray(populationCensus.ageBand, censusBands), scopeFor(access, populationCensus)))
    .groupBy(unit);
  const first = rows[0];
  return {
    byUnit: new Map(rows.map((r) => [r.unitCode ?? '', r.population])),
    used: first ? { source: first.source, referenceDate: first.referenceDate } : null,
  };
}
