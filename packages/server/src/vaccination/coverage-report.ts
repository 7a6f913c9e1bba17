/**
 * The coverage report (issue #10 item 7, issue #12 item 4): coverage of an age group on a day, by
 * commune or district, in the units of the list in force on a chosen date.
 */
import { COVERAGE_AGE_GROUPS, UNKNOWN_AGE_BAND, coverageRate } from '@epilink/core';
import type { CoverageAgeGroup } from '@epilink/core';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { vaccinationCoverageDaily as cov, populationCensus } from '../db/schema/index.ts';
import { carryTallies, districtGroups, eraOf, eraSql, unitsAsOfContext } from '../registry/units/asof.ts';
import type { Tally } from '../registry/units/asof.ts';
import { bandSql } from './coverage.ts';

/** One row of the coverage report. */
export interface CoverageRow {
  unitCode: string;
  /** The unit's name in the list in force on `unitsAsOf` (null: a code with no successor there). */
  unitName: string | null;
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

/** Column order of the tallies carried across change tables. */
const DOSES = 0;
const REGISTRY = 1;
const FIRST = 2;
const FULL = 3;
const BOOSTER = 4;
const CENSUS = 5;
/** Whether any census row reached the unit (a count, so it survives being carried). */
const HAS_CENSUS = 6;

const inList = (values: string[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Coverage of an age group on `asOf`, by commune or district, inside the caller's jurisdiction, in
 * the units of the list in force on `unitsAsOf`. Numerator and denominator are the same cohort
 * (issue #10 item 7): the people in the age group ON `asOf` who reached the milestone by then,
 * counted by their current (re-homed) commune. The denominator is the loaded census of the unit's
 * communes in the group's age bands; a unit with no census falls back to the registry's residents
 * in the group, and each row says which. `doses` is the doses given up to `asOf` (the daily
 * rollup), each in the commune its person lived in on the day of the dose. Every count is carried
 * into the units of `unitsAsOf` by the change tables (registry/units/asof.ts, the rule of every
 * report); a district is the parent of the commune in that list, or, in a list with no districts,
 * the health area (a commune shared by two areas counts in both).
 */
export async function coverageReport(
  db: DbOrTx,
  access: Access,
  options: {
    disease: string;
    asOf: string;
    unitsAsOf: string;
    groupBy: 'commune' | 'district';
    ageGroup: CoverageAgeGroup;
  },
): Promise<{ items: CoverageRow[]; census: CensusUsed | null }> {
  const bands = [...COVERAGE_AGE_GROUPS[options.ageGroup]];
  const ctx = await unitsAsOfContext(db, options.unitsAsOf);
  const [doses, cohort, census] = await Promise.all([
    queryRows<{ code: string; era: number; n: number }>(
      db,
      sql`select x.code, x.era, sum(x.n)::int as n from (
            select ${cov.communeCode} as code, ${eraSql(ctx.sets, sql`${cov.day}`)} as era, ${cov.doses} as n
            from ${cov}
            where ${and(eq(cov.disease, options.disease), lte(cov.day, options.asOf), inArray(cov.ageBand, bands), scopeFor(access, cov))}
          ) x group by 1, 2`,
    ),
    cohortByCommune(db, access, bands, options.asOf, options.disease),
    censusByCommune(db, access, bands),
  ]);
  const width = HAS_CENSUS + 1;
  const tally = (code: string, era: number, at: number, values: number[]): Tally => {
    const v = new Array<number>(width).fill(0);
    values.forEach((n, i) => (v[at + i] = n));
    return { key: '', code, era, values: v };
  };
  const tallies: Tally[] = [
    ...doses.map((d) => tally(d.code, d.era, DOSES, [d.n])),
    ...cohort.map((c) => tally(c.code, ctx.currentEra, REGISTRY, [c.registry, c.first, c.full, c.booster])),
    ...census.rows.map((c) => tally(c.code, eraOf(ctx.sets, c.referenceDate), CENSUS, [c.population, 1])),
  ];
  const carried = await carryTallies(db, ctx, tallies);
  // Units of the chosen list, and the codes that could not be carried there (kept as recorded).
  const byUnit = new Map<string, number[]>();
  const names = new Map<string, string | null>();
  const addTo = (code: string, values: number[]) => {
    const sum = byUnit.get(code) ?? new Array<number>(width).fill(0);
    values.forEach((n, i) => (sum[i] = sum[i]! + n));
    byUnit.set(code, sum);
  };
  if (options.groupBy === 'commune') {
    for (const p of carried.placed) {
      addTo(p.code, p.values);
      names.set(p.code, carried.names.get(p.code) ?? null);
    }
  } else {
    const groups = await districtGroups(db, options.unitsAsOf, [
      ...new Set(carried.placed.map((p) => p.code)),
    ]);
    for (const p of carried.placed) {
      for (const g of groups.groupsOf.get(p.code) ?? []) {
        addTo(g, p.values);
        names.set(g, groups.names.get(g) ?? null);
      }
    }
  }
  for (const u of carried.unplaced) {
    addTo(u.code, u.values);
    names.set(u.code, null);
  }
  const items = [...byUnit.keys()].sort().map((unitCode): CoverageRow => {
    const v = byUnit.get(unitCode)!;
    const fromCensus = v[HAS_CENSUS]! > 0;
    const population = round(fromCensus ? v[CENSUS]! : v[REGISTRY]!);
    const [first, full, booster] = [round(v[FIRST]!), round(v[FULL]!), round(v[BOOSTER]!)];
    return {
      unitCode,
      unitName: names.get(unitCode) ?? null,
      doses: round(v[DOSES]!),
      firstDose: first,
      fullSchedule: full,
      booster,
      population,
      denominator: fromCensus ? 'census' : 'registry',
      firstDoseRate: coverageRate(first, population),
      fullScheduleRate: coverageRate(full, population),
      boosterRate: coverageRate(booster, population),
    };
  });
  const used = items.some((r) => r.denominator === 'census') ? census.used : null;
  return { items, census: used };
}

/** Residents in the bands on `asOf` by current commune and, of them, who reached each milestone. */
async function cohortByCommune(
  db: DbOrTx,
  access: Access,
  bands: string[],
  asOf: string,
  disease: string,
): Promise<{ code: string; registry: number; first: number; full: number; booster: number }[]> {
  const scope = scopeFor(access, {
    provinceCode: sql.raw('p.province_code') as never,
    districtCode: sql.raw('p.district_code') as never,
    communeCode: sql.raw('p.commune_code') as never,
  });
  const rows = await queryRows<{
    code: string | null;
    n: number | string;
    first: number | string;
    full: number | string;
    booster: number | string;
  }>(
    db,
    sql`select p.commune_code as code, count(*) as n,
          count(*) filter (where s.first_dose_on <= ${asOf}::date) as first,
          count(*) filter (where s.completed_on <= ${asOf}::date) as full,
          count(*) filter (where s.boosted_on <= ${asOf}::date) as booster
        from persons p
        left join vaccination_status s on s.person_id = p.id and s.disease = ${disease}
        where p.merged_into is null and ${scope} and ${bandSql(asOf)} in (${inList(bands)})
        group by 1`,
  );
  return rows.map((r) => ({
    code: r.code ?? '',
    registry: Number(r.n),
    first: Number(r.first),
    full: Number(r.full),
    booster: Number(r.booster),
  }));
}

/** The loaded census of each commune in the bands (in the units of its reference date). */
async function censusByCommune(
  db: DbOrTx,
  access: Access,
  bands: string[],
): Promise<{ rows: { code: string; population: number; referenceDate: string }[]; used: CensusUsed | null }> {
  const censusBands = bands.filter((b) => b !== UNKNOWN_AGE_BAND);
  if (censusBands.length === 0) return { rows: [], used: null };
  const rows = await db
    .select({
      code: populationCensus.communeCode,
      population: sql<number>`sum(${populationCensus.population})::int`,
      source: sql<string>`max(${populationCensus.source})`,
      referenceDate: sql<string>`max(${populationCensus.referenceDate})::text`,
    })
    .from(populationCensus)
    .where(and(inArray(populationCensus.ageBand, censusBands), scopeFor(access, populationCensus)))
    .groupBy(populationCensus.communeCode);
  const first = rows[0];
  return {
    rows: rows.map((r) => ({
      code: r.code,
      population: r.population,
      referenceDate: r.referenceDate,
    })),
    used: first ? { source: first.source, referenceDate: first.referenceDate } : null,
  };
}
