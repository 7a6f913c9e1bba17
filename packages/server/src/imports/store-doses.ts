/**
 * Dose rows of an import batch, set-based: the batch's people through record linkage (one
 * `ingestPersons` call: certain matches linked, likely ones new and queued for review, namesakes
 * kept apart), facilities and lots looked up once for the batch, then the vaccination module's
 * `recordDoses` (vaccination/doses-bulk.ts) — the checks and effects of `recordDose` for the whole
 * batch in a fixed number of statements. Earlier doses first, so a file listing a person's second
 * dose above the first still lands. A row is the record of a dose given on its date: it is stored as
 * a historical dose (no stock taken today, screening not recorded — the file has none). A refused
 * row (unknown facility or lot, lot unusable, schedule, a dose number other than the schedule's)
 * changes nothing and is reported.
 */
import type { AppError } from '@epilink/core';
import type { StoreReason } from '@epilink/core/imports/index';
import { and, eq, inArray, or } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { facilities, vaccineLots } from '../db/schema/index.ts';
import { recordDoses } from '../vaccination/doses-bulk.ts';
import type { BulkDoseInput } from '../vaccination/doses-bulk.ts';
import { ORIGIN, linkPeople, personOf, refusal, text } from './store-common.ts';
import type { Good, Refused, StoreEnv, StoreOutcome } from './store-common.ts';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/**
 * The facility a dose row names: its id, or the unit code of the site (its commune's station
 * when the cell is empty). Jurisdiction is checked by `recordDoses`.
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

/** Store a batch of dose rows (see the module comment). */
export async function storeDoses(tx: Tx, env: StoreEnv, rows: Good[]): Promise<StoreOutcome> {
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
  const order = rows
    .map((g, i) => ({ g, personId: personOf(outcomes[i]!) }))
    .sort((a, b) => String(a.g.values.date).localeCompare(String(b.g.values.date)));
  const sent: Good[] = [];
  const inputs: BulkDoseInput[] = [];
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
    sent.push(g);
    inputs.push({
      personId,
      facilityId,
      productCode: String(g.values.vaccineCode),
      lotId,
      date: String(g.values.date),
      historical: true,
      expectDoseNumber: Number(g.values.doseNumber),
    });
  }
  const results = await recordDoses(tx, deps, env.access, ORIGIN, inputs);
  results.forEach((r, i) => {
    if (r.ok) return;
    const g = sent[i]!;
    if ('mismatch' in r) refused.push(refusal(env, g, 'doseNumber', 'doseNumberMismatch'));
    else {
      const { field, reason } = doseReason(r.error);
      refused.push(refusal(env, g, field, reason));
    }
  });
  return { reviews, refused, unchanged: [] };
}
