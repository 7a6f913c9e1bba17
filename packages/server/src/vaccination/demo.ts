/**
 * Demo vaccination data: lots with stock at the demo sites, today's sessions, and a realistic share
 * of residents vaccinated in 2021-2022 (bulk-loaded: status rows and the coverage rollup are built
 * from the same core rules the dose path uses, so the figures match a direct count).
 */
import {
  VACCINE_CATALOGUE,
  ageBand,
  ageInYears,
  coverageDeltas,
  evaluateScheduleFor,
  today as provinceToday,
} from '@epilink/core';
import type { ScheduleEvaluation } from '@epilink/core';
import { and, inArray, isNull } from 'drizzle-orm';
import { bulkInsert } from '../db/bulk.ts';
import type { Db } from '../db/client.ts';
import {
  facilities,
  persons,
  vaccinationCoverageDaily,
  vaccinationDoses,
  vaccinationSessions,
  vaccinationStatus,
  vaccineLots,
  vaccineStock,
} from '../db/schema/index.ts';
import { UNKNOWN_COMMUNE } from './coverage.ts';
import { SHIPPED_RULES, nextColumns, seedDemoCensus } from './census-demo.ts';
import { plannedNext } from './rules.ts';

const PRODUCTS = ['EU/1/21/1529', 'EU/1/20/1528', 'EU/1/20/1507', 'BBIBP-CorV'] as const;
const EMPTY: ScheduleEvaluation = {
  status: 'none',
  dosesGiven: 0,
  primaryDoses: 0,
  firstDoseOn: null,
  completedOn: null,
  boostedOn: null,
  lastDoseOn: null,
  next: null,
};

function hash(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619) >>> 0;
  return h / 4_294_967_296;
}

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Rows per bulk statement. */
const CHUNK = 5_000;

const LOT_NUMBERS = PRODUCTS.map((_, i) => `DEMO-${i + 1}-2022`);

/** The demo's vaccination sites and commune stations in the given provinces. */
function demoSites(db: Db, provinceCodes: string[]) {
  return db
    .select()
    .from(facilities)
    .where(
      and(
        inArray(facilities.provinceCode, provinceCodes),
        inArray(facilities.kind, ['vaccination_site', 'commune_health_station']),
      ),
    );
}

/** Seed demo vaccination data once (called from the demo seed): the 2021-2022 doses, then today's sessions. */
export async function seedDemoVaccination(
  db: Db,
  options: { provinceCode: string; seed: number },
): Promise<{ doses: number }> {
  const result = await seedDemoVaccinationHistory(db, {
    provinceCodes: [options.provinceCode],
    seed: options.seed,
  });
  await seedDemoVaccinationToday(db, { provinceCode: options.provinceCode });
  return result;
}

/**
 * Today's side of the demo vaccination data: stock of the demo lots at the province's sites and
 * today's sessions (in the units of today: the demo seeds this after a reform's re-homing).
 */
export async function seedDemoVaccinationToday(
  db: Db,
  options: { provinceCode: string },
): Promise<{ sessions: number }> {
  const sites = await demoSites(db, [options.provinceCode]);
  const lots = await db.select().from(vaccineLots).where(inArray(vaccineLots.lotNumber, LOT_NUMBERS));
  if (sites.length === 0 || lots.length === 0) return { sessions: 0 };
  await db
    .insert(vaccineStock)
    .values(sites.flatMap((s) => lots.map((l) => ({ lotId: l.id, facilityId: s.id, quantity: 500 }))));
  const sessions = sites.slice(0, 50).map((s) => ({
    facilityId: s.id,
    date: provinceToday(),
    productCodes: [...PRODUCTS],
    target: { ageMin: 18, ageMax: null, priorityGroups: [], communeCodes: [] },
    provinceCode: s.provinceCode,
    districtCode: s.districtCode,
    communeCode: s.unitCode.length === 5 ? s.unitCode : null,
  }));
  await db.insert(vaccinationSessions).values(sessions);
  await seedDemoCensus(db, options.provinceCode);
  return { sessions: sessions.length };
}

/**
 * The 2021-2022 side: the demo lots and a realistic share of the residents of `provinceCodes`
 * vaccinated, each dose recorded in the person's units of that time (the demo seeds this before a
 * reform's re-homing, so a 2021 dose names a 2021 commune).
 */
export async function seedDemoVaccinationHistory(
  db: Db,
  options: { provinceCodes: string[]; seed: number },
): Promise<{ doses: number }> {
  const sites = await demoSites(db, options.provinceCodes);
  if (sites.length === 0) return { doses: 0 };
  const lots = await db
    .insert(vaccineLots)
    .values(
      PRODUCTS.map((p, i) => ({ productCode: p, lotNumber: LOT_NUMBERS[i]!, expiryDate: '2031-12-31' })),
    )
    .onConflictDoNothing()
    .returning();
  if (lots.length === 0) return { doses: 0 };
  const lotOf = new Map(lots.map((l) => [l.productCode, l.id]));
  const siteByCommune = new Map(sites.map((s) => [s.unitCode, s.id]));
  // Only the columns the doses need (a whole person row per resident was most of this read).
  const people = await db
    .select({
      id: persons.id,
      dateOfBirth: persons.dateOfBirth,
      provinceCode: persons.provinceCode,
      districtCode: persons.districtCode,
      communeCode: persons.communeCode,
    })
    .from(persons)
    .where(and(inArray(persons.provinceCode, options.provinceCodes), isNull(persons.mergedInto)));
  const catalogue = VACCINE_CATALOGUE[0]!;
  const doseRows: (typeof vaccinationDoses.$inferInsert)[] = [];
  const statusRows: (typeof vaccinationStatus.$inferInsert)[] = [];
  const rollup = new Map<string, typeof vaccinationCoverageDaily.$inferInsert>();
  const bump = (
    p: (typeof people)[number],
    day: string,
    field: 'doses' | 'firstDose' | 'fullSchedule' | 'booster',
  ) => {
    const commune = p.communeCode ?? UNKNOWN_COMMUNE;
    const band = ageBand(p.dateOfBirth, day);
    const k = `${commune}|${band}|${day}`;
    const row = rollup.get(k) ?? {
      disease: 'covid19',
      communeCode: commune,
      ageBand: band,
      day,
      districtCode: p.districtCode,
      provinceCode: p.provinceCode,
      doses: 0,
      firstDose: 0,
      fullSchedule: 0,
      booster: 0,
    };
    row[field] = (row[field] ?? 0) + 1;
    rollup.set(k, row);
  };
  for (const p of people) {
    const r = hash(p.id, options.seed);
    const age = p.dateOfBirth ? 2022 - Number(p.dateOfBirth.slice(0, 4)) : 40;
    if (age < 18 || r > 0.85) continue;
    const product = PRODUCTS[Math.floor(hash(`${p.id}p`, options.seed) * PRODUCTS.length)]!;
    const facilityId = siteByCommune.get(p.communeCode ?? '') ?? sites[0]!.id;
    const first = addDays('2021-07-15', Math.floor(r * 120));
    const dates = [first];
    if (r < 0.75) dates.push(addDays(first, 28 + Math.floor(r * 30)));
    if (r < 0.45) dates.push(addDays(dates[1]!, 120 + Math.floor(r * 60)));
    const given = dates.map((date) => ({ date, productCode: product }));
    const evaluation = evaluateScheduleFor(given, catalogue);
    given.forEach((g, i) => {
      doseRows.push({
        personId: p.id,
        facilityId,
        productCode: product,
        lotId: lotOf.get(product)!,
        doseNumber: i + 1,
        doseKind: i + 1 > evaluation.primaryDoses ? 'booster' : 'primary',
        date: g.date,
        vaccinatorName: 'demo',
        screening: { outcome: 'vaccinate' },
        ageBand: ageBand(p.dateOfBirth, g.date),
        provinceCode: p.provinceCode,
        districtCode: p.districtCode,
        communeCode: p.communeCode,
      });
      bump(p, g.date, 'doses');
    });
    for (const d of coverageDeltas(EMPTY, evaluation))
      bump(p, d.date, d.kind === 'first' ? 'firstDose' : d.kind === 'full' ? 'fullSchedule' : 'booster');
    statusRows.push({
      personId: p.id,
      disease: 'covid19',
      status: evaluation.status,
      dosesGiven: evaluation.dosesGiven,
      lastDoseOn: evaluation.lastDoseOn,
      firstDoseOn: evaluation.firstDoseOn,
      completedOn: evaluation.completedOn,
      boostedOn: evaluation.boostedOn,
      ...nextColumns(
        plannedNext(evaluation, SHIPPED_RULES, { ageOn: (d) => ageInYears(p.dateOfBirth, d), groups: [] }),
      ),
      provinceCode: p.provinceCode,
      districtCode: p.districtCode,
      communeCode: p.communeCode,
    });
  }
  // One bulk statement per table and chunk (db/bulk.ts): Drizzle's multi-row insert spent more CPU
  // building the statements than the database spent running them.
  await db.transaction(async (tx) => {
    for (let i = 0; i < doseRows.length; i += CHUNK)
      await bulkInsert(tx, vaccinationDoses, doseRows.slice(i, i + CHUNK));
    for (let i = 0; i < statusRows.length; i += CHUNK)
      await bulkInsert(tx, vaccinationStatus, statusRows.slice(i, i + CHUNK));
    const rows = [...rollup.values()];
    for (let i = 0; i < rows.length; i += CHUNK)
      await bulkInsert(tx, vaccinationCoverageDaily, rows.slice(i, i + CHUNK));
  });
  return { doses: doseRows.length };
}
