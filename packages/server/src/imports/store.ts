/**
 * Storing an import batch's fresh good rows through the seam of the module that owns the record:
 * people through record linkage (certain matches linked, likely ones queued for review, namesakes
 * kept apart); doses through the vaccination module's set-based `recordDoses` after the people's
 * linkage (store-doses.ts: jurisdiction, lot, stock, screening and schedule checks, status,
 * coverage, certificate — the whole batch in a fixed number of statements); test
 * results through the testing module's `storeResult`, whose case seam (`applyTestResult`) makes a
 * positive a case exactly as the lab screen does; venues through check-in's `registerVenue`
 * (pending review, with their QR token); households, cases and contacts in `store-households.ts` and
 * `store-tracing.ts`. Each seamed record runs in a savepoint: a row
 * the seam refuses is rolled back alone and reported with its reason, the others land.
 */
import {
  AppError,
  VENUE_TYPES,
  addDays,
  checkLabRows,
  ctProblem,
  foldText,
  localDayStart,
  normalizeBarcode,
} from '@epilink/core';
import type { KnownSpecimen, TestOutcome, VenueType } from '@epilink/core';
import type { ImportKind } from '@epilink/core/imports/index';
import { and, eq, inArray } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Tx } from '../db/client.ts';
import { specimens, testResults } from '../db/schema/index.ts';
import { registerVenue } from '../checkin/venues.ts';
import { storeResult } from '../testing/results.ts';
import { ORIGIN, linkPeople, refusal, text } from './store-common.ts';
import type { Good, Refused, StoreEnv, StoreOutcome } from './store-common.ts';
import { storeDoses } from './store-doses.ts';
import { storeHouseholds } from './store-households.ts';
import { storeCases, storeContacts } from './store-tracing.ts';

export type { DataRow, Good, Refused, StoreEnv, StoreOutcome } from './store-common.ts';

/** The end of the result day (or now, for today): never before a same-day collection. */
function resultTime(day: string): Date {
  // 23:59:59 local time: a second before the next local day begins (the one clock).
  const end = new Date(localDayStart(addDays(day, 1)).getTime() - 1000);
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
