/**
 * Storing an import batch's fresh good rows through the seam of the module that owns the record:
 * people through record linkage (certain matches linked, likely ones queued for review, namesakes
 * kept apart); doses through the vaccination module's `recordDose` after the person's linkage
 * (jurisdiction, lot, stock, screening and schedule checks, status, coverage, certificate); test
 * results through the testing module's `storeResult`, whose case seam (`applyTestResult`) makes a
 * positive a case exactly as the lab screen does; venues through check-in's `registerVenue`
 * (pending review, with their QR token); households, cases and contacts in `store-households.ts` and
 * `store-tracing.ts`. Each seamed record runs in a savepoint: a row
 * the seam refuses is rolled back alone and reported with its reason, the others land.
 */
import {
  AppError,
  SCREENING_QUESTION_KEYS,
  VENUE_TYPES,
  checkLabRows,
  ctProblem,
  foldText,
  normalizeBarcode,
} from '@epilink/core';
import type { KnownSpecimen, ScreeningAnswers, TestOutcome, VenueType } from '@epilink/core';
import type { ImportKind, StoreReason } from '@epilink/core/imports/index';
import { and, eq, inArray, or } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Tx } from '../db/client.ts';
import { facilities, specimens, testResults, vaccineLots } from '../db/schema/index.ts';
import { registerVenue } from '../checkin/venues.ts';
import { storeResult } from '../testing/results.ts';
import { recordDose } from '../vaccination/doses.ts';
import { ORIGIN, linkPeople, personOf, refusal, text } from './store-common.ts';
import type { Good, Refused, StoreEnv, StoreOutcome } from './store-common.ts';
import { storeHouseholds } from './store-households.ts';
import { storeCases, storeContacts } from './store-tracing.ts';

export type { DataRow, Good, Refused, StoreEnv, StoreOutcome } from './store-common.ts';

/** A seam refusal as the row's reason (an unexpected error is not a row's fault: it is rethrown). */
const DOSE_REFUSALS: Partial<Record<string, { field: string; reason: StoreReason }>> = {
  LOT_UNUSABLE: { field: 'lotNumber', reason: 'lotUnusable' },
  OUT_OF_STOCK: { field: 'lotNumber', reason: 'outOfStock' },
  SCREENING_FAILED: { field: 'facilityCode', reason: 'screeningFailed' },
  DOSE_REFUSED: { field: 'doseNumber', reason: 'doseRefused' },
  NOT_FOUND: { field: 'facilityCode', reason: 'unknownFacility' },
};

function doseReason(e: AppError): { field: string; reason: StoreReason } {
  return DOSE_REFUSALS[e.code] ?? { field: 'vaccineCode', reason: 'refused' };
}

class DoseNumberMismatch extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;
const NO_SCREENING_FINDING = Object.fromEntries(
  SCREENING_QUESTION_KEYS.map((q) => [q, false]),
) as ScreeningAnswers;

/**
 * The facility a dose row names: its id, or the unit code of the site (its commune's station
 * when the cell is empty). Jurisdiction is checked by `recordDose`.
 */
async function facilityIndex(tx: Tx, rows: Good[]) {
  const codes = new Set(rows.map((g) => text(g.values.facilityCode) ?? String(g.values.communeCode)));
  const ids = [...codes].filter((c) => UUID.test(c));
  const units = [...codes].filter((c) => !UUID.test(c));
  const found = await tx
    .select({ id: facilities.id, unitCode: facilities.unitCode, kind: facilities.kind })
    .from(facilities)
    .where(
      and(
        eq(facilities.active, true),
        or(
          ids.length ? inArray(facilities.id, ids) : undefined,
          units.length ? inArray(facilities.unitCode, units) : undefined,
        ),
      ),
    );
  const rank = (k: string) => (k === 'commune_health_station' ? 0 : k === 'vaccination_site' ? 1 : 2);
  const byCode = new Map<string, string>();
  for (const f of found.sort((a, b) => rank(a.kind) - rank(b.kind))) {
    if (ids.includes(f.id)) byCode.set(f.id, f.id);
    if (!byCode.has(f.unitCode)) byCode.set(f.unitCode, f.id);
  }
  return (g: Good) => byCode.get(text(g.values.facilityCode) ?? String(g.values.communeCode));
}

async function storeDoses(tx: Tx, env: StoreEnv, rows: Good[]): Promise<StoreOutcome> {
  const deps = env.deps;
  if (!deps) throw new Error('importing doses needs the app dependencies (certificates)');
  const { outcomes, reviews } = await linkPeople(tx, env, rows);
  const facilityOf = await facilityIndex(tx, rows);
  const lotNumbers = [...new Set(rows.map((g) => text(g.values.lotNumber)).filter((l) => l !== null))];
  const lots = lotNumbers.length
    ? await tx
        .select({ id: vaccineLots.id, product: vaccineLots.productCode, number: vaccineLots.lotNumber })
        .from(vaccineLots)
        .where(inArray(vaccineLots.lotNumber, lotNumbers))
    : [];
  const lotOf = new Map(lots.map((l) => [`${l.product}|${l.number.toLowerCase()}`, l.id]));
  const refused: Refused[] = [];
  // Earlier doses first, so a file listing a person's second dose above the first still lands.
  const order = rows
    .map((g, i) => ({ g, personId: personOf(outcomes[i]!) }))
    .sort((a, b) => String(a.g.values.date).localeCompare(String(b.g.values.date)));
  for (const { g, personId } of order) {
    const facilityId = facilityOf(g);
    if (!facilityId) {
      refused.push(refusal(env, g, 'facilityCode', 'unknownFacility'));
      continue;
    }
    const lotNumber = text(g.values.lotNumber);
    const lotId = lotNumber && lotOf.get(`${String(g.values.vaccineCode)}|${lotNumber.toLowerCase()}`);
    if (!lotId) {
      refused.push(refusal(env, g, 'lotNumber', 'unknownLot'));
      continue;
    }
    try {
      await tx.transaction(async (sp) => {
        const done = await recordDose(sp, deps, env.access, ORIGIN, {
          personId,
          facilityId,
          productCode: String(g.values.vaccineCode),
          lotId,
          date: String(g.values.date),
          screening: NO_SCREENING_FINDING,
        });
        if (done.doseNumber !== Number(g.values.doseNumber)) throw new DoseNumberMismatch();
      });
    } catch (e) {
      if (e instanceof DoseNumberMismatch) refused.push(refusal(env, g, 'doseNumber', 'doseNumberMismatch'));
      else if (e instanceof AppError) {
        const { field, reason } = doseReason(e);
        refused.push(refusal(env, g, field, reason));
      } else throw e;
    }
  }
  return { reviews, refused, unchanged: [] };
}

/** The end of the result day (or now, for today): never before a same-day collection. */
function resultTime(day: string): Date {
  const end = new Date(`${day}T23:59:59+07:00`);
  return end.getTime() > Date.now() ? new Date() : end;
}

async function storeTestResults(tx: Tx, env: StoreEnv, rows: Good[]): Promise<StoreOutcome> {
  const barcodes = [...new Set(rows.map((g) => normalizeBarcode(String(g.values.barcode))))];
  const found = await tx
    .select({ s: specimens, outcome: testResults.outcome })
    .from(specimens)
    .leftJoin(testResults, eq(testResults.specimenId, specimens.id))
    .where(and(inArray(specimens.barcode, barcodes), scopeFor(env.access, specimens)))
    .for('update', { of: specimens });
  const bySpecimen = new Map(found.map((f) => [f.s.barcode, f]));
  const known = new Map<string, KnownSpecimen>(
    found.map((f) => [
      f.s.barcode,
      { testType: f.s.testType, collectedAt: f.s.collectedAt, resultOutcome: f.outcome ?? null },
    ]),
  );
  const labRows = rows.map((g, line) => ({
    line,
    barcode: normalizeBarcode(String(g.values.barcode)),
    outcome: String(g.values.outcome) as TestOutcome,
    ct: typeof g.values.ct === 'number' ? g.values.ct : null,
    resultedAt: resultTime(String(g.values.resultedAt)),
  }));
  const checked = checkLabRows(labRows, known);
  const refused: Refused[] = checked.errors.map((e) => {
    const g = rows[e.line]!;
    if (e.reason === 'unknownSpecimen') return refusal(env, g, 'barcode', 'noSuchSpecimen');
    if (e.reason === 'ctNotForRapid') return refusal(env, g, 'ct', 'ctNotForRapid');
    if (e.reason === 'beforeCollection') return refusal(env, g, 'resultedAt', 'beforeCollection');
    if (e.reason === 'conflictingResult') return refusal(env, g, 'outcome', 'conflictingResult');
    return refusal(env, g, 'barcode', 'refused');
  });
  for (const row of checked.accepted) {
    const g = rows[row.line]!;
    const typed = text(g.values.testType);
    const specimen = bySpecimen.get(row.barcode)!.s;
    if (typed !== null && typed !== specimen.testType) {
      refused.push(refusal(env, g, 'testType', 'refused'));
      continue;
    }
    if (ctProblem(specimen.testType, row.ct) === 'outOfRange') {
      refused.push(refusal(env, g, 'ct', 'ctOutOfRange'));
      continue;
    }
    await storeResult(tx, env.access, ORIGIN, specimen, {
      outcome: row.outcome,
      ct: row.ct,
      resultedAt: row.resultedAt,
      source: 'import',
      labRun: `import:${env.job.id}`,
    });
  }
  return { reviews: 0, refused, unchanged: checked.unchanged.map((r) => rows[r.line]!) };
}

/** A venue's kind from the file's category (a known kind by its folded name, else 'other'). */
function venueType(category: string | null): VenueType {
  const folded = category === null ? '' : foldText(category).replace(/\s+/gu, '_');
  return (VENUE_TYPES as readonly string[]).includes(folded) ? (folded as VenueType) : 'other';
}

/** Venues through the check-in module's `registerVenue` (pending review, with a QR token). */
async function storeVenues(tx: Tx, env: StoreEnv, rows: Good[]): Promise<StoreOutcome> {
  const refused: Refused[] = [];
  for (const g of rows) {
    try {
      await registerVenue(tx, env.access, ORIGIN, {
        name: String(g.values.venueName),
        type: venueType(text(g.values.category)),
        address: String(g.values.address),
        communeCode: String(g.values.communeCode),
      });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      refused.push(refusal(env, g, 'venueName', 'refused'));
    }
  }
  return { reviews: 0, refused, unchanged: [] };
}

/** Store the fresh good rows of a batch through their kind's seam (see the module comment). */
export async function storeRows(
  tx: Tx,
  kind: ImportKind,
  rows: Good[],
  env: StoreEnv,
): Promise<StoreOutcome> {
  if (rows.length === 0) return { reviews: 0, refused: [], unchanged: [] };
  switch (kind) {
    case 'people':
      return { reviews: (await linkPeople(tx, env, rows)).reviews, refused: [], unchanged: [] };
    case 'doses':
      return storeDoses(tx, env, rows);
    case 'testResults':
      return storeTestResults(tx, env, rows);
    case 'venues':
      return storeVenues(tx, env, rows);
    case 'households':
      return storeHouseholds(tx, env, rows);
    case 'cases':
      return storeCases(tx, env, rows);
    case 'contacts':
      return storeContacts(tx, env, rows);
  }
}
