/**
 * Recording a dose — linked flow 2 in one transaction: checks (jurisdiction, session, lot expiry
 * and recall, stock, screening, schedule), the dose row, stock, the person's status, the coverage
 * rollup, audit, outbox events and the signed certificate.
 */
import {
  AppError,
  ageInYears,
  checkDoseOn,
  eligibilityGroups,
  evaluateSchedule,
  evaluateScreening,
  ageBand,
  outcomeAllowsAt,
} from '@epilink/core';
import type { AttestedGroup, ScheduleEvaluation, ScreeningAnswers } from '@epilink/core';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId, placeWithin, scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AppDeps } from '../deps.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  facilities,
  persons,
  vaccinationDoses,
  vaccinationSessions,
  vaccinationStatus,
  vaccineLots,
  vaccineStock,
} from '../db/schema/index.ts';
import { publishIndicatorChange } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';
import { issueVaccinationCertificate } from '../certificates/issue.ts';
import { productOn } from './catalogue.ts';
import { applyCoverage } from './coverage.ts';
import { loadVaccinationRules, plannedNext, rulesOn } from './rules.ts';
import type { VaccinationRules } from './rules.ts';

/** Input of {@link recordDose}. */
export type RecordDoseInput = {
  personId: string;
  facilityId: string;
  sessionId?: string | null;
  productCode: string;
  lotId: string;
  date: string;
  /** Groups the vaccinator attests (immunocompromised, high exposure): they open listed doses. */
  groups?: AttestedGroup[] | undefined;
  vaccinatorName?: string | null;
} & (
  | { screening: ScreeningAnswers; historical?: false }
  /**
   * A dose given in the past and entered afterwards (a missing dose a citizen's correction
   * reports): the screening of that day is not known here and is stored as not recorded, and the
   * lot's stock today is not touched (the vial was used then, from that day's count).
   */
  | { screening?: undefined; historical: true }
);

/** The stored screening of a historical dose: no answers, no outcome invented. */
export const NOT_RECORDED = 'notRecorded';

/** What recording a dose produced. */
export interface RecordDoseResult {
  doseId: string;
  doseNumber: number;
  doseKind: 'primary' | 'booster';
  status: ScheduleEvaluation['status'];
  next: ScheduleEvaluation['next'];
  certificate: { id: string; uvci: string } | null;
  screeningOutcome: string;
}

function refuse(reason: string, params: Record<string, string | number> = {}): AppError {
  return new AppError('DOSE_REFUSED', {
    params: { reason },
    details: [{ path: 'body', messageKey: `vaccination.refusal.${reason}`, params }],
  });
}

/** A person's evaluation from their doses (voided ones excluded). */
export async function evaluatePerson(
  tx: DbOrTx,
  personId: string,
  disease: string,
): Promise<ScheduleEvaluation> {
  const doses = await tx
    .select({
      date: vaccinationDoses.date,
      productCode: vaccinationDoses.productCode,
      kind: vaccinationDoses.doseKind,
    })
    .from(vaccinationDoses)
    .where(
      and(
        eq(vaccinationDoses.personId, personId),
        eq(vaccinationDoses.disease, disease),
        isNull(vaccinationDoses.voidedAt),
      ),
    )
    .orderBy(asc(vaccinationDoses.date), asc(vaccinationDoses.createdAt));
  return evaluateSchedule(doses, (code) => productOn(code, doses[0]?.date ?? '2021-01-01'));
}

/** The product of a person's first (not voided) dose. */
async function firstProductCode(tx: DbOrTx, personId: string, disease: string): Promise<string | undefined> {
  const [first] = await tx
    .select({ code: vaccinationDoses.productCode })
    .from(vaccinationDoses)
    .where(
      and(
        eq(vaccinationDoses.personId, personId),
        eq(vaccinationDoses.disease, disease),
        isNull(vaccinationDoses.voidedAt),
      ),
    )
    .orderBy(asc(vaccinationDoses.date), asc(vaccinationDoses.createdAt))
    .limit(1);
  return first?.code;
}

/**
 * Store a person's standing (for due lists, status and same-cohort coverage). With `rules`, the
 * next dose after the primary series follows the dated rules for the person's age.
 */
export async function saveStatus(
  tx: DbOrTx,
  person: {
    id: string;
    provinceCode: string;
    districtCode: string | null;
    communeCode: string | null;
    dateOfBirth?: string | null;
  },
  disease: string,
  e: ScheduleEvaluation,
  rules?: VaccinationRules,
): Promise<ScheduleEvaluation['next']> {
  const next = rules
    ? plannedNext(e, rules, { ageOn: (d) => ageInYears(person.dateOfBirth ?? null, d), groups: [] })
    : e.next;
  const values = {
    status: e.status,
    dosesGiven: e.dosesGiven,
    lastDoseOn: e.lastDoseOn,
    firstDoseOn: e.firstDoseOn,
    completedOn: e.completedOn,
    boostedOn: e.boostedOn,
    nextDoseNumber: next?.doseNumber ?? null,
    nextDoseKind: next?.kind ?? null,
    nextEarliest: next?.earliest ?? null,
    nextDue: next?.due ?? null,
    provinceCode: person.provinceCode,
    districtCode: person.districtCode,
    communeCode: person.communeCode,
    updatedAt: new Date(),
  };
  await tx
    .insert(vaccinationStatus)
    .values({ personId: person.id, disease, ...values })
    .onConflictDoUpdate({ target: [vaccinationStatus.personId, vaccinationStatus.disease], set: values });
  return next;
}

/**
 * Record a dose (see the module comment). Runs inside the caller's transaction. `link` names the
 * correction request (a missing dose reported by the citizen, #17 item 3) in the audit row.
 */
export async function recordDose(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  origin: { ip: string | null },
  input: RecordDoseInput,
  link?: { correctionRequestId: string },
): Promise<RecordDoseResult> {
  const [person] = await tx
    .select()
    .from(persons)
    .where(and(eq(persons.id, input.personId), isNull(persons.mergedInto), scopeFor(access, persons)))
    .for('update');
  if (!person) throw new AppError('NOT_FOUND');
  const [facility] = await tx.select().from(facilities).where(eq(facilities.id, input.facilityId));
  if (
    !facility ||
    !placeWithin(access, {
      provinceCode: facility.provinceCode,
      districtCode: facility.districtCode,
      communeCode: facility.unitCode.length === 5 ? facility.unitCode : null,
    })
  )
    throw new AppError('NOT_FOUND');
  const product = productOn(input.productCode, input.date);
  if (!product) throw refuse('unknownProduct');
  if (input.sessionId) {
    const [session] = await tx
      .select()
      .from(vaccinationSessions)
      .where(eq(vaccinationSessions.id, input.sessionId));
    if (!session || session.facilityId !== facility.id) throw new AppError('NOT_FOUND');
    if (session.status !== 'open') throw refuse('sessionClosed');
    if (!session.productCodes.includes(product.code)) throw refuse('notInSession');
  }
  const [lot] = await tx.select().from(vaccineLots).where(eq(vaccineLots.id, input.lotId));
  if (!lot) throw new AppError('NOT_FOUND');
  const lotProblem =
    lot.productCode !== product.code
      ? { key: 'wrongProduct', params: {} as Record<string, string> }
      : lot.recalledAt
        ? { key: 'recalled', params: {} as Record<string, string> }
        : lot.expiryDate < input.date
          ? { key: 'expired', params: { expiry: lot.expiryDate } }
          : null;
  if (lotProblem)
    throw new AppError('LOT_UNUSABLE', {
      params: { reason: lotProblem.key },
      details: [
        { path: 'body.lotId', messageKey: `vaccination.lot.${lotProblem.key}`, params: lotProblem.params },
      ],
    });
  const rules = await loadVaccinationRules(tx);
  const inForce = rulesOn(rules, input.date);
  // The screening rule in force on the dose date; before the first one, the built-in checklist.
  const screening = input.historical ? null : evaluateScreening(input.screening, inForce.screening);
  if (screening && !outcomeAllowsAt(screening.outcome, facility.kind))
    throw new AppError('SCREENING_FAILED', {
      params: { outcome: screening.outcome },
      details:
        screening.outcome === 'refer'
          ? [{ path: 'body.facilityId', messageKey: 'vaccination.refusal.referOnlyAtHospital' }]
          : screening.reasons.map((r) => ({
              path: `body.screening.${r}`,
              messageKey: `vaccination.outcome.${screening.outcome}`,
            })),
    });
  const before = await evaluatePerson(tx, person.id, product.disease);
  const primaryProduct = before.firstDoseOn
    ? productOn((await firstProductCode(tx, person.id, product.disease)) ?? '', before.firstDoseOn)
    : product;
  const check = checkDoseOn(
    before,
    product,
    input.date,
    {
      ageOn: (d) => ageInYears(person.dateOfBirth, d),
      groups: eligibilityGroups(input.groups ?? [], primaryProduct),
    },
    inForce,
  );
  if (!check.ok) {
    const { ok: _ok, reason, ...params } = check;
    throw refuse(reason, params);
  }
  const taken = input.historical
    ? [{ q: null }]
    : await tx
        .update(vaccineStock)
        .set({ quantity: sql`${vaccineStock.quantity} - 1`, updatedAt: new Date() })
        .where(
          and(
            eq(vaccineStock.lotId, lot.id),
            eq(vaccineStock.facilityId, facility.id),
            gt(vaccineStock.quantity, 0),
          ),
        )
        .returning({ q: vaccineStock.quantity });
  if (taken.length === 0) throw new AppError('OUT_OF_STOCK');

  const [dose] = await tx
    .insert(vaccinationDoses)
    .values({
      personId: person.id,
      sessionId: input.sessionId ?? null,
      facilityId: facility.id,
      disease: product.disease,
      productCode: product.code,
      lotId: lot.id,
      doseNumber: check.doseNumber,
      doseKind: check.kind,
      date: input.date,
      vaccinatorId: access.actor.kind === 'user' ? access.actor.userId : null,
      vaccinatorName: input.vaccinatorName ?? (access.actor.kind === 'user' ? access.actor.username : null),
      screening: screening
        ? { answers: input.screening, outcome: screening.outcome }
        : { answers: null, outcome: NOT_RECORDED, historical: true },
      ageBand: ageBand(person.dateOfBirth, input.date),
      provinceCode: person.provinceCode,
      districtCode: person.districtCode,
      communeCode: person.communeCode,
    })
    .returning({ id: vaccinationDoses.id });
  const after = await evaluatePerson(tx, person.id, product.disease);
  const next = await saveStatus(tx, person, product.disease, after, rules);
  await applyCoverage(tx, product.disease, person, before, after, { day: input.date, change: 1 });
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'vaccination_dose',
    entityId: dose!.id,
    personId: person.id,
    fields: input.historical ? ['dose'] : ['dose', 'screening'],
    ...(link || input.historical
      ? { details: { ...link, ...(input.historical ? { historical: true } : {}) } }
      : {}),
  });
  await enqueue(tx, 'vaccination.dose_recorded', {
    personId: person.id,
    doseId: dose!.id,
    disease: product.disease,
    doseNumber: check.doseNumber,
    communeCode: person.communeCode,
  });
  await publishIndicatorChange(tx, dose!.id, {
    provinceCode: person.provinceCode,
    districtCode: person.districtCode,
    communeCode: person.communeCode,
  });
  if (after.status !== before.status)
    await enqueue(tx, 'vaccination.status_changed', {
      personId: person.id,
      disease: product.disease,
      from: before.status,
      to: after.status,
    });
  const certificate = deps.config.certificates.keySecret
    ? await issueVaccinationCertificate(tx, deps, access, person, { doseId: dose!.id })
    : null;
  return {
    doseId: dose!.id,
    doseNumber: check.doseNumber,
    doseKind: check.kind,
    status: after.status,
    next,
    certificate,
    screeningOutcome: screening?.outcome ?? NOT_RECORDED,
  };
}

/** Void a dose entered in error: status, rollup and certificate follow. */
export async function voidDose(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  origin: { ip: string | null },
  doseId: string,
  reason: string,
): Promise<void> {
  const [dose] = await tx
    .select()
    .from(vaccinationDoses)
    .where(
      and(
        eq(vaccinationDoses.id, doseId),
        isNull(vaccinationDoses.voidedAt),
        scopeFor(access, vaccinationDoses),
      ),
    );
  if (!dose) throw new AppError('NOT_FOUND');
  const [person] = await tx.select().from(persons).where(eq(persons.id, dose.personId)).for('update');
  const before = await evaluatePerson(tx, dose.personId, dose.disease);
  await tx
    .update(vaccinationDoses)
    .set({ voidedAt: new Date(), voidReason: reason })
    .where(eq(vaccinationDoses.id, doseId));
  const after = await evaluatePerson(tx, dose.personId, dose.disease);
  await saveStatus(tx, person!, dose.disease, after, await loadVaccinationRules(tx));
  await applyCoverage(tx, dose.disease, person!, before, after, { day: dose.date, change: -1 });
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'vaccination_dose',
    entityId: dose.id,
    personId: dose.personId,
    fields: ['voided'],
    details: { by: actorId(access) },
  });
  await publishIndicatorChange(tx, dose.id, {
    provinceCode: dose.provinceCode,
    districtCode: dose.districtCode,
    communeCode: dose.communeCode,
  });
  if (deps.config.certificates.keySecret)
    await issueVaccinationCertificate(tx, deps, access, person!, {
      doseId: null,
      revokeReason: 'dose voided',
    });
}
