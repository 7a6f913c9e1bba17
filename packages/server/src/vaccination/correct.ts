/**
 * Correcting a dose's date or lot (a citizen's correction request accepted, #17 item 3): the same
 * consequences as recording or voiding one — the person's status, the coverage rollup (the dose
 * moves from its old day to the new one), a reissued certificate — with one audit row that names
 * the correction request it settles. Allowed to an official whose jurisdiction holds the dose (the
 * person's place) or the site that gave it. Runs inside the caller's transaction.
 */
import { AppError, localDay } from '@epilink/core';
import { and, eq, isNull } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { hasPermission, placeWithin } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { issueVaccinationCertificate } from '../certificates/issue.ts';
import type { AppDeps } from '../deps.ts';
import type { DbOrTx } from '../db/client.ts';
import { facilities, persons, vaccinationDoses, vaccineLots } from '../db/schema/index.ts';
import { publishIndicatorChange } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';
import { applyCoverage } from './coverage.ts';
import { evaluatePerson, saveStatus } from './doses.ts';
import { loadVaccinationRules } from './rules.ts';

/** What to change (at least one). */
export interface DoseCorrection {
  date?: string | undefined;
  lotNumber?: string | undefined;
}

/** What the correction changed (for the request's record of its fix). */
export interface DoseCorrected {
  entity: 'vaccination_dose';
  entityId: string;
  fields: string[];
}

function refuse(key: string, path = 'body.fix'): AppError {
  return new AppError('VALIDATION_FAILED', { details: [{ path, messageKey: key }] });
}

/** Correct a dose's date and/or lot, linked to `link.correctionRequestId` in the audit row. */
export async function correctDose(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  origin: AuditOrigin,
  doseId: string,
  change: DoseCorrection,
  link: { correctionRequestId: string },
): Promise<DoseCorrected> {
  if (!hasPermission(access, 'vaccination:write')) throw new AppError('FORBIDDEN');
  const [found] = await tx
    .select({ dose: vaccinationDoses, facility: facilities })
    .from(vaccinationDoses)
    .leftJoin(facilities, eq(facilities.id, vaccinationDoses.facilityId))
    .where(and(eq(vaccinationDoses.id, doseId), isNull(vaccinationDoses.voidedAt)))
    .for('update', { of: vaccinationDoses });
  const site = found?.facility;
  const bySite =
    !!site &&
    placeWithin(access, {
      provinceCode: site.provinceCode,
      districtCode: site.districtCode,
      communeCode: site.unitCode.length === 5 ? site.unitCode : null,
    });
  if (!found || (!bySite && !placeWithin(access, found.dose))) throw new AppError('NOT_FOUND');
  const dose = found.dose;
  const fields: string[] = [];
  const set: { date?: string; lotId?: string } = {};
  if (change.date !== undefined && change.date !== dose.date) {
    if (!/^\d{4}-\d\d-\d\d$/u.test(change.date) || change.date > localDay(new Date()))
      throw refuse('errors.field.invalidValue', 'body.fix.date');
    set.date = change.date;
    fields.push('date');
  }
  if (change.lotNumber !== undefined) {
    const [lot] = await tx
      .select()
      .from(vaccineLots)
      .where(and(eq(vaccineLots.lotNumber, change.lotNumber), eq(vaccineLots.productCode, dose.productCode)));
    if (!lot) throw refuse('vaccination.lot.wrongProduct', 'body.fix.lotNumber');
    if (lot.id !== dose.lotId) {
      set.lotId = lot.id;
      fields.push('lot');
    }
  }
  if (fields.length === 0) throw refuse('corrections.refusal.noChange');
  const [person] = await tx.select().from(persons).where(eq(persons.id, dose.personId)).for('update');
  const before = await evaluatePerson(tx, dose.personId, dose.disease);
  await tx.update(vaccinationDoses).set(set).where(eq(vaccinationDoses.id, dose.id));
  const after = await evaluatePerson(tx, dose.personId, dose.disease);
  await saveStatus(tx, person!, dose.disease, after, await loadVaccinationRules(tx));
  if (set.date) {
    // The dose leaves its old day (with the change of standing) and is counted on its new day.
    await applyCoverage(tx, dose.disease, person!, before, after, { day: dose.date, change: -1 });
    await applyCoverage(tx, dose.disease, person!, after, after, { day: set.date, change: 1 });
  }
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'vaccination_dose',
    entityId: dose.id,
    personId: dose.personId,
    fields,
    details: { correctionRequestId: link.correctionRequestId },
  });
  await publishIndicatorChange(tx, dose.id, {
    provinceCode: dose.provinceCode,
    districtCode: dose.districtCode,
    communeCode: dose.communeCode,
  });
  if (after.status !== before.status)
    await enqueue(tx, 'vaccination.status_changed', {
      personId: dose.personId,
      disease: dose.disease,
      from: before.status,
      to: after.status,
    });
  if (deps.config.certificates.keySecret)
    await issueVaccinationCertificate(tx, deps, access, person!, {
      doseId: null,
      revokeReason: 'dose corrected',
    });
  return { entity: 'vaccination_dose', entityId: dose.id, fields };
}
