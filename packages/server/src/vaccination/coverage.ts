/**
 * The coverage rollup: applied in the dose's transaction (never recomputed from raw rows by
 * readers), and read by unit, age group and day (coverage-report.ts).
 */
import { ageBand, coverageDeltas } from '@epilink/core';
import type { ScheduleEvaluation } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
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
