/**
 * The week's inputs of every commune of a province, read set-based from the rollups (three
 * grouped queries, whatever the number of communes): new cases from `case_day_counts`, vaccine
 * coverage from `vaccination_coverage_daily` over the loaded census (`population_census`), each
 * carried into the communes of the week's unit list by the change tables (registry/units/asof.ts).
 */
import { AGE_BANDS, UNKNOWN_AGE_BAND } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { carryTallies, eraOf, eraSql, unitsAsOfContext } from '../registry/units/asof.ts';
import type { Tally } from '../registry/units/asof.ts';
import { unitValidOn } from '../registry/units/load.ts';
import { provincesCovered } from '../registry/units/scope.ts';
import { adminUnits } from '../db/schema/index.ts';
import { and, eq } from 'drizzle-orm';

/** Age bands of the tallies (the census has no 'unknown' rows; doses may). */
export const BANDS: readonly string[] = [...AGE_BANDS, UNKNOWN_AGE_BAND];
const NB = BANDS.length;
/** Tally columns: cases, then census, first dose and full schedule per band. */
const CASES = 0;
const CENSUS = 1;
const FIRST = 1 + NB;
const FULL = 1 + 2 * NB;
const WIDTH = 1 + 3 * NB;

/** A commune of the week's list with its inputs. */
export interface CommuneWeekInputs {
  code: string;
  name: string;
  /** The district (a list with districts) or null (after the 2025 reform: health areas). */
  districtCode: string | null;
  provinceCode: string;
  newCases: number;
  /** Census population per band (index of BANDS); all zero when no census reached the commune. */
  census: number[];
  firstDose: number[];
  fullSchedule: number[];
}

/** Communes in force on `week` in the province (and the old provinces that went into it). */
async function communesOf(db: DbOrTx, provinceCode: string, week: string) {
  return db
    .select({
      code: adminUnits.code,
      name: adminUnits.name,
      parentCode: adminUnits.parentCode,
      provinceCode: adminUnits.provinceCode,
    })
    .from(adminUnits)
    .where(
      and(
        eq(adminUnits.level, 'commune'),
        sql`${adminUnits.provinceCode} = any(${provincesCovered(provinceCode)})`,
        unitValidOn(week),
      ),
    )
    .orderBy(adminUnits.code);
}

/**
 * Read the inputs: cases over `from..to` (the assessed days), coverage up to `to`, the census,
 * all in the communes of the list in force on `week`.
 */
export async function readWeekInputs(
  db: DbOrTx,
  options: { provinceCode: string; disease: string; week: string; from: string; to: string },
): Promise<CommuneWeekInputs[]> {
  const { provinceCode, disease, week, from, to } = options;
  const ctx = await unitsAsOfContext(db, week);
  const provinces = provincesCovered(provinceCode);
  // One after the other: inside a transaction they share one connection.
  const communes = await communesOf(db, provinceCode, week);
  const cases = await queryRows<{ code: string; era: number | string; n: number | string }>(
    db,
    sql`select commune_code as code, ${eraSql(ctx.sets, sql`day`)} as era, sum(n)::int as n
          from case_day_counts
          where disease_code = ${disease} and day between ${from}::date and ${to}::date
            and commune_code is not null and province_code = any(${provinces})
          group by 1, 2`,
  );
  const census = await queryRows<{ code: string; band: string; n: number | string; ref: string }>(
    db,
    sql`select commune_code as code, age_band as band, sum(population)::int as n, max(reference_date)::text as ref
          from population_census where province_code = any(${provinces}) group by 1, 2`,
  );
  const coverage = await queryRows<{
    code: string;
    band: string;
    era: number | string;
    first: number | string;
    full: number | string;
  }>(
    db,
    sql`select commune_code as code, age_band as band, ${eraSql(ctx.sets, sql`day`)} as era,
            sum(first_dose)::int as first, sum(full_schedule)::int as full
          from vaccination_coverage_daily
          where disease = ${disease} and day <= ${to}::date and province_code = any(${provinces})
          group by 1, 2, 3`,
  );
  const bandIndex = new Map(BANDS.map((b, i) => [b, i]));
  const tally = (code: string, era: number, at: number[], values: number[]): Tally => {
    const v = new Array<number>(WIDTH).fill(0);
    at.forEach((col, i) => (v[col] = values[i]!));
    return { key: '', code, era, values: v };
  };
  const tallies: Tally[] = [
    ...cases.map((c) => tally(c.code, Number(c.era), [CASES], [Number(c.n)])),
    ...census.flatMap((c) => {
      const b = bandIndex.get(c.band);
      return b === undefined ? [] : [tally(c.code, eraOf(ctx.sets, c.ref), [CENSUS + b], [Number(c.n)])];
    }),
    ...coverage.flatMap((c) => {
      const b = bandIndex.get(c.band);
      return b === undefined
        ? []
        : [tally(c.code, Number(c.era), [FIRST + b, FULL + b], [Number(c.first), Number(c.full)])];
    }),
  ];
  const carried = await carryTallies(db, ctx, tallies, undefined, new Map());
  const byCode = new Map(carried.placed.map((p) => [p.code, p.values]));
  return communes.map((c) => {
    const v = byCode.get(c.code) ?? new Array<number>(WIDTH).fill(0);
    return {
      code: c.code,
      name: c.name,
      districtCode: c.parentCode !== null && c.parentCode.length === 3 ? c.parentCode : null,
      provinceCode: c.provinceCode,
      newCases: Math.round(v[CASES]!),
      census: v.slice(CENSUS, CENSUS + NB),
      firstDose: v.slice(FIRST, FIRST + NB),
      fullSchedule: v.slice(FULL, FULL + NB),
    };
  });
}
