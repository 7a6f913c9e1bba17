/**
 * The coverage rollup: applied in the dose's transaction (never recomputed from raw rows by
 * readers), and read by unit, age group and day.
 */
import { COVERAGE_AGE_GROUPS, ageBand, coverageDeltas, coverageRate } from '@epilink/core';
import type { CoverageAgeGroup, ScheduleEvaluation } from '@epilink/core';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { vaccinationCoverageDaily as cov } from '../db/schema/index.ts';

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
  firstDoseRate: number;
  fullScheduleRate: number;
  boosterRate: number;
}

/**
 * Cumulative coverage up to `asOf`, by commune or district, for an age group, inside the caller's
 * jurisdiction. Denominators: residents (unmerged persons) of the unit in the age group today.
 */
export async function coverageReport(
  db: DbOrTx,
  access: Access,
  options: { disease: string; asOf: string; groupBy: 'commune' | 'district'; ageGroup: CoverageAgeGroup },
): Promise<CoverageRow[]> {
  const bands = [...COVERAGE_AGE_GROUPS[options.ageGroup]];
  const unit = options.groupBy === 'commune' ? cov.communeCode : cov.districtCode;
  const rows = await db
    .select({
      unitCode: unit,
      doses: sql<number>`coalesce(sum(${cov.doses}), 0)::int`,
      firstDose: sql<number>`coalesce(sum(${cov.firstDose}), 0)::int`,
      fullSchedule: sql<number>`coalesce(sum(${cov.fullSchedule}), 0)::int`,
      booster: sql<number>`coalesce(sum(${cov.booster}), 0)::int`,
    })
    .from(cov)
    .where(
      and(
        eq(cov.disease, options.disease),
        lte(cov.day, options.asOf),
        inArray(cov.ageBand, bands),
        scopeFor(access, cov),
      ),
    )
    .groupBy(unit)
    .orderBy(unit);
  const population = await populationByUnit(db, access, options.groupBy, bands, options.asOf);
  return rows.map((r) => {
    const pop = population.get(r.unitCode ?? '') ?? 0;
    return {
      unitCode: r.unitCode ?? '',
      doses: r.doses,
      firstDose: r.firstDose,
      fullSchedule: r.fullSchedule,
      booster: r.booster,
      population: pop,
      firstDoseRate: coverageRate(r.firstDose, pop),
      fullScheduleRate: coverageRate(r.fullSchedule, pop),
      boosterRate: coverageRate(r.booster, pop),
    };
  });
}

function bandSql(asOf: string): SQL {
  return sql`case
    when p.date_of_birth is null then 'unknown'
    when extract(year from age(${asOf}::date, p.date_of_birth)) < 5 then '0-4'
    when extract(year from age(${asOf}::date, p.date_of_birth)) < 12 then '5-11'
    when extract(year from age(${asOf}::date, p.date_of_birth)) < 18 then '12-17'
    when extract(year from age(${asOf}::date, p.date_of_birth)) < 50 then '18-49'
    when extract(year from age(${asOf}::date, p.date_of_birth)) < 65 then '50-64'
    else '65+' end`;
}

async function populationByUnit(
  db: DbOrTx,
  access: Access,
  groupBy: 'commune' | 'district',
  bands: string[],
  asOf: string,
): Promise<Map<string, number>> {
  const col = groupBy === 'commune' ? sql.raw('p.commune_code') : sql.raw('p.district_code');
  const scope = scopeFor(access, {
    provinceCode: sql.raw('p.province_code') as never,
    districtCode: sql.raw('p.district_code') as never,
    communeCode: sql.raw('p.commune_code') as never,
  });
  const rows = await queryRows<{ unit: string | null; n: number | string }>(
    db,
    sql`select ${col} as unit, count(*) as n from persons p
        where p.merged_into is null and ${scope} and ${bandSql(asOf)} in (${sql.join(
          bands.map((b) => sql`${b}`),
          sql`, `,
        )})
        group by 1`,
  );
  return new Map(rows.map((r) => [r.unit ?? '', Number(r.n)]));
}
