/**
 * The official map's figures per commune for one week (issue #13 item 6), in the communes of the
 * chosen date: cases per 100,000 over 7 and 14 days, full-schedule coverage, test sites, health
 * facilities and venue clusters. Every count goes through the "units as of" module
 * (registry/units/asof.ts) and is scoped to the caller's jurisdiction like its source rows.
 */
import { addDays, provinceTimeZone, today, venueClusters } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import { caseRule } from '../cases/policy.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { facilities, testSites } from '../db/schema/index.ts';
import { carryTallies, unitsAsOfContext } from '../registry/units/asof.ts';
import { weeklyCasesByCommune } from '../registry/units/report.ts';
import { coverageReport } from '../vaccination/coverage-report.ts';
import type { Territory } from './territory.ts';

/** One commune's figures for the week. */
export interface CommuneFigures {
  code: string;
  population: number;
  cases7: number;
  cases14: number;
  per100k7: number | null;
  per100k14: number | null;
  /** Share (0–1) of the population with a full schedule at the end of the week. */
  coverage: number | null;
  testSites: number;
  facilities: number;
  clusters: number;
}

const per100k = (n: number, population: number) =>
  population > 0 ? Math.round((n / population) * 100_000 * 10) / 10 : null;

/**
 * Figures of every commune of the territory for the week beginning on `week` (a Monday), in the
 * units of `territory.asOf`. Coverage and counts of places are taken at the week's end (or today
 * when the week is not over).
 */
export async function communeFigures(
  db: DbOrTx,
  access: Access,
  territory: Territory,
  options: { week: string; disease: string },
): Promise<CommuneFigures[]> {
  const { week, disease } = options;
  const weekEnd = addDays(week, 6);
  const end = weekEnd < today() ? weekEnd : today();
  const asOf = territory.asOf;
  const ctx = await unitsAsOfContext(db, asOf);
  const [cases, coverage, places, clusterCounts] = await Promise.all([
    weeklyCasesByCommune(db, access, { from: addDays(week, -7), to: weekEnd, unitsAsOf: asOf, disease }),
    coverageReport(db, access, {
      disease: 'COVID-19',
      asOf: end,
      unitsAsOf: asOf,
      groupBy: 'commune',
      ageGroup: 'all',
    }),
    placeCounts(db, access),
    venueClustersByCommune(db, access, end, disease),
  ]);
  // Places (current communes) and cluster venues are carried into the units of the chosen date.
  const carried = await carryTallies(db, ctx, [
    ...places.map((p) => ({ key: p.kind, code: p.code, era: ctx.currentEra, values: [p.n] })),
    ...clusterCounts.map((c) => ({ key: 'cluster', code: c.code, era: ctx.currentEra, values: [c.n] })),
  ]);
  const count = new Map<string, number>();
  for (const p of carried.placed)
    count.set(`${p.key}|${p.code}`, (count.get(`${p.key}|${p.code}`) ?? 0) + p.values[0]!);
  const casesIn = new Map<string, { c7: number; c14: number }>();
  for (const cell of cases.cells) {
    const c = casesIn.get(cell.unitCode) ?? { c7: 0, c14: 0 };
    c.c14 += cell.cases;
    if (cell.week === week) c.c7 += cell.cases;
    casesIn.set(cell.unitCode, c);
  }
  const cov = new Map(coverage.items.map((r) => [r.unitCode, r]));
  return territory.communes.map((commune) => {
    const c = casesIn.get(commune.code) ?? { c7: 0, c14: 0 };
    const row = cov.get(commune.code);
    const population = Math.round(row?.population ?? 0);
    return {
      code: commune.code,
      population,
      cases7: Math.round(c.c7 * 100) / 100,
      cases14: Math.round(c.c14 * 100) / 100,
      per100k7: per100k(c.c7, population),
      per100k14: per100k(c.c14, population),
      coverage: row && population > 0 ? Math.round(row.fullScheduleRate * 1000) / 1000 : null,
      testSites: Math.round(count.get(`testSite|${commune.code}`) ?? 0),
      facilities: Math.round(count.get(`facility|${commune.code}`) ?? 0),
      clusters: Math.round(count.get(`cluster|${commune.code}`) ?? 0),
    };
  });
}

/** Active test sites and health facilities by current commune, inside the jurisdiction. */
async function placeCounts(db: DbOrTx, access: Access) {
  const [sites, centres] = await Promise.all([
    db
      .select({ code: testSites.communeCode, n: sql<number>`count(*)::int` })
      .from(testSites)
      .where(and(eq(testSites.active, true), scopeFor(access, testSites)))
      .groupBy(testSites.communeCode),
    db
      .select({ code: facilities.unitCode, n: sql<number>`count(*)::int` })
      .from(facilities)
      .where(
        and(
          eq(facilities.active, true),
          sql`${facilities.kind} <> 'test_site'`,
          scopeFor(access, {
            provinceCode: facilities.provinceCode,
            districtCode: facilities.districtCode,
            communeCode: facilities.unitCode,
          }),
        ),
      )
      .groupBy(facilities.unitCode),
  ]);
  return [
    ...sites.map((s) => ({ kind: 'testSite', code: s.code, n: s.n })),
    ...centres.map((s) => ({ kind: 'facility', code: s.code, n: s.n })),
  ];
}

/**
 * Venue clusters (policy `cluster.venueMinCases`) whose window reaches into the days ending on
 * `end`, by the venue's commune: visits of confirmed cases during their infectious window.
 */
async function venueClustersByCommune(db: DbOrTx, access: Access, end: string, disease: string) {
  const rule = (await caseRule(db, 'cluster.venueMinCases', end, disease))?.value ?? {
    minCases: 3,
    windowDays: 14,
  };
  const from = addDays(end, -(rule.windowDays - 1));
  const visits = await queryRows<{ case_id: string; venue_id: string; commune: string; day: string }>(
    db,
    sql`select c.id as case_id, k.venue_id, v.commune_code as commune,
          to_char((k.checked_in_at at time zone ${provinceTimeZone()})::date, 'YYYY-MM-DD') as day
        from cases c
        join checkins k on k.person_id = c.person_id and k.checked_in_at >= c.infectious_from
          and k.checked_in_at < coalesce(c.infectious_to, now())
        join venues v on v.id = k.venue_id
        where ${scopeFor(access, { provinceCode: sql.raw('c.province_code') as never, districtCode: sql.raw('c.district_code') as never, communeCode: sql.raw('c.commune_code') as never })}
          and c.disease_code = ${disease} and c.classification = 'confirmed' and c.infectious_from is not null
          and k.checked_in_at >= ${from}::date - interval '1 day' and k.checked_in_at < ${addDays(end, 1)}::date + interval '1 day'`,
  );
  const communeOf = new Map(visits.map((v) => [v.venue_id, v.commune]));
  const byCommune = new Map<string, number>();
  for (const cluster of venueClusters(
    visits
      .filter((v) => v.day >= from && v.day <= end)
      .map((v) => ({ caseId: v.case_id, venueId: v.venue_id, date: v.day })),
    rule,
  )) {
    const code = communeOf.get(cluster.venueId);
    if (code) byCommune.set(code, (byCommune.get(code) ?? 0) + 1);
  }
  return [...byCommune].map(([code, n]) => ({ code, n }));
}
