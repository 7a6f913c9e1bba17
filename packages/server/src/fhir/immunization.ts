/**
 * Inbound doses: an `Immunization` entry of a transaction Bundle is recorded through `recordDose`,
 * the same seam as the vaccination UI (jurisdiction, lot expiry and recall, schedule and interval
 * rules, status, coverage, audit, outbox, certificate). The site is the organisation owning the API
 * key; the lot is found by the product and `lotNumber`. An inbound dose is the sending system's
 * record of a dose given there, possibly long ago: it is recorded as a historical dose (no stock
 * taken from the receiving unit today, screening stored as not recorded — R4 Immunization carries
 * no checklist, so no answers are invented). A refusal of the seam (`DOSE_REFUSED`,
 * `LOT_UNUSABLE`…) fails the whole Bundle.
 *
 * Accepted vaccine code systems (docs/fhir.md): EpiLink's catalogue codes under
 * {@link SYSTEMS.vaccineProduct} or {@link SYSTEMS.euProduct} (the EU DCC `mp` codes), and CVX for
 * the products CVX names one-to-one ({@link CVX_PRODUCTS}). ATC is NOT accepted: its COVID-19 codes
 * (J07BX03, J07BN01–04) name a class of vaccines, not a product, so the schedule cannot be checked.
 */
import { AppError, localDay, today } from '@epilink/core';
import type { Immunization } from '@medplum/fhirtypes';
import { and, eq } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { Tx } from '../db/client.ts';
import { apiKeys, vaccineLots } from '../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { recordDose } from '../vaccination/doses.ts';
import { SYSTEMS } from './systems.ts';

/** CVX (CDC vaccine codes) → EpiLink catalogue code, only where CVX names the product itself. */
export const CVX_PRODUCTS: Readonly<Record<string, string>> = {
  '207': 'EU/1/20/1507', // Moderna COVID-19 vaccine
  '208': 'EU/1/20/1528', // Pfizer-BioNTech COVID-19 vaccine (30 mcg)
  '210': 'EU/1/21/1529', // AstraZeneca COVID-19 vaccine
  '212': 'EU/1/20/1525', // Janssen COVID-19 vaccine
  '505': 'Sputnik-V', // Gam-COVID-Vac
  '510': 'BBIBP-CorV', // Sinopharm (BIBP) inactivated
};

const bad = (path: string, key: string) =>
  new AppError('VALIDATION_FAILED', { details: [{ path, messageKey: `fhir.errors.${key}`, params: {} }] });

/** The catalogue code of an Immunization's vaccineCode, or a translated refusal. */
export function productCodeOf(imm: Immunization, path: string): string {
  for (const c of imm.vaccineCode.coding ?? []) {
    if (!c.code) continue;
    if (c.system === SYSTEMS.vaccineProduct || c.system === SYSTEMS.euProduct) return c.code;
    if (c.system === SYSTEMS.cvx && CVX_PRODUCTS[c.code]) return CVX_PRODUCTS[c.code]!;
  }
  throw bad(`${path}.vaccineCode`, 'unknownVaccine');
}

/**
 * The dose day (a Vietnam day: a full date as is, an instant converted); a partial date (year or
 * year-month, which R4 allows) or a day after today is refused.
 */
function doseDay(imm: Immunization, path: string): string {
  const v = imm.occurrenceDateTime ?? '';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : v.includes('T') ? localDay(new Date(v)) : null;
  if (!day || day > today()) throw bad(`${path}.occurrenceDateTime`, 'badOccurrence');
  return day;
}

/** The organisation owning the API key (where inbound doses are recorded). */
async function ownerFacility(tx: Tx, access: Access): Promise<string> {
  if (access.actor.kind !== 'apiKey') throw bad('Bundle', 'noOwner');
  const [key] = await tx
    .select({ owner: apiKeys.ownerFacilityId })
    .from(apiKeys)
    .where(eq(apiKeys.id, access.actor.keyId));
  if (!key?.owner) throw bad('Bundle', 'noOwner');
  return key.owner;
}

/**
 * Record one inbound dose for a linked person through `recordDose`, as a historical dose: the
 * screening was done (or not) by the sending site and FHIR R4 Immunization carries no checklist, so
 * it is stored as not recorded; the vial came from the sender's stock on that day, so nothing is
 * taken from the lot's stock today. The source of the record is the API key in the audit trail.
 */
export async function recordImmunization(
  tx: Tx,
  deps: AppDeps,
  access: Access,
  origin: AuditOrigin,
  imm: Immunization,
  personId: string,
  path: string,
): Promise<string> {
  if (imm.status !== 'completed') throw bad(`${path}.status`, 'notCompleted');
  const productCode = productCodeOf(imm, path);
  const date = doseDay(imm, path);
  if (!imm.lotNumber) throw bad(`${path}.lotNumber`, 'missingLot');
  const [lot] = await tx
    .select({ id: vaccineLots.id })
    .from(vaccineLots)
    .where(and(eq(vaccineLots.productCode, productCode), eq(vaccineLots.lotNumber, imm.lotNumber)));
  if (!lot) throw bad(`${path}.lotNumber`, 'unknownLot');
  const dose = await recordDose(tx, deps, access, origin, {
    personId,
    facilityId: await ownerFacility(tx, access),
    productCode,
    lotId: lot.id,
    date,
    historical: true,
  });
  return dose.doseId;
}
