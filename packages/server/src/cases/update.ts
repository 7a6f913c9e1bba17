/**
 * Officials' changes to a case: onset date (moves the infectious window), symptoms, severity,
 * place of care, outcome (closes the case; the person becomes recovered/died), outbreak, tracer
 * assignment, and the interview (answers + named contacts → proposals, named people linked to
 * the registry by CCCD/phone/name through record linkage).
 */
import { AppError, classifyCase, infectiousWindow, localDate, normalizePhone } from '@epilink/core';
import type { ErrorDetail } from '@epilink/core';
import { eq } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId, systemAccess } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { holdCheckins, releaseCheckinHolds } from '../checkin/overlap.ts';
import type { Db, Tx } from '../db/client.ts';
import { caseInterviews, cases } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';
import { ingestPersons } from '../registry/linkage/ingest.ts';
import { updateDegreesAroundF0, updateDegreesFrom } from './graphIncremental.ts';
import type { StoredEvidence } from './intake.ts';
import { caseRule, epidemiologicalLinkOn } from './policy.ts';
import { insertProposals, proposeCheckinContacts, proposeHousehold } from './proposals.ts';
import { proposeForCase } from '../quarantine/propose.ts';
import { referContacts, splitByJurisdiction } from './referrals.ts';
import { caseInScope, placeOf } from './scope.ts';

/** Fields an official may set on a case. */
export interface CasePatch {
  onsetDate?: string | null;
  symptomatic?: boolean | null;
  severity?: 'asymptomatic' | 'mild' | 'moderate' | 'severe' | 'critical' | null;
  placeOfCare?: 'home' | 'commune_station' | 'facility' | 'hospital' | null;
  outcome?: 'recovered' | 'died' | null;
  outcomeDate?: string | null;
  outbreakId?: string | null;
  classification?: 'suspected' | 'discarded';
  assignedTracerId?: string | null;
  note?: string | null;
}

/** Dates no one can know yet, or an outcome before the onset: refused with the field named. */
function checkCaseDates(patch: CasePatch, onsetDate: string | null): void {
  const today = localDate(new Date());
  const details: ErrorDetail[] = [];
  if (patch.onsetDate && patch.onsetDate > today) {
    details.push({ path: 'onsetDate', messageKey: 'errors.field.dateInFuture' });
  }
  if (patch.outcomeDate && patch.outcomeDate > today) {
    details.push({ path: 'outcomeDate', messageKey: 'errors.field.dateInFuture' });
  } else if (patch.outcomeDate && onsetDate && patch.outcomeDate < onsetDate) {
    details.push({ path: 'outcomeDate', messageKey: 'errors.field.beforeOnset' });
  }
  if (details.length > 0) throw new AppError('VALIDATION_FAILED', { details });
}

/** A named contact's phone that is not a mobile number, or an exposure after today: refused, not dropped. */
function checkNamedContacts(contacts: NamedContact[]): void {
  const today = localDate(new Date());
  const details: ErrorDetail[] = [];
  contacts.forEach((c, i) => {
    const phone = c.phone?.trim();
    if (phone && normalizePhone(phone) === null) {
      details.push({ path: `contacts.${i}.phone`, messageKey: 'errors.invalidPhone' });
    }
    if (c.exposureDate && c.exposureDate > today) {
      details.push({ path: `contacts.${i}.exposureDate`, messageKey: 'errors.field.dateInFuture' });
    }
  });
  if (details.length > 0) throw new AppError('VALIDATION_FAILED', { details });
}

/**
 * Apply a patch in one transaction (a savepoint when `database` is the caller's transaction);
 * reclassifies and recomputes the window and the component. `link` names the correction request
 * the change settles in its audit row (#17 item 3).
 */
export async function updateCase(
  database: Db,
  access: Access,
  origin: AuditOrigin,
  caseId: string,
  patch: CasePatch,
  link?: { correctionRequestId: string },
): Promise<void> {
  await database.transaction(async (tx) => {
    const row = await caseInScope(tx, access, caseId, true);
    if (row.status === 'closed' && patch.outcome === undefined) {
      throw new AppError('CASE_CLOSED');
    }
    const tests = row.evidence as StoredEvidence[];
    const symptomatic = patch.symptomatic !== undefined ? patch.symptomatic : row.symptomatic;
    const onsetDate = patch.onsetDate !== undefined ? patch.onsetDate : row.onsetDate;
    checkCaseDates(patch, onsetDate);
    const day = row.sampleDate ?? localDate(new Date());
    const windowRule = await caseRule(tx, 'case.infectiousWindow', day, row.diseaseCode);
    const confirmationRule = await caseRule(tx, 'case.confirmationRule', day, row.diseaseCode);
    const window = windowRule ? infectiousWindow({ tests, symptomatic, onsetDate }, windowRule.value) : null;
    let classification = row.classification;
    if (patch.classification !== undefined) {
      if (row.classification === 'confirmed') {
        throw new AppError('CASE_CONFIRMED_BY_EVIDENCE');
      }
      classification = patch.classification;
    } else if (confirmationRule && row.classification !== 'confirmed') {
      const epidemiologicalLink = await epidemiologicalLinkOn(tx, row.personId, row.diseaseCode, day);
      const c = classifyCase({ tests, symptomatic, epidemiologicalLink }, confirmationRule.value);
      if (c === 'confirmed' || c === 'probable') classification = c;
    }
    const becameConfirmed = classification === 'confirmed' && row.classification !== 'confirmed';
    // Probable cases are traced too (WHO); a traced case whose window now starts earlier (an onset
    // entered after confirmation) is searched and held over the added days.
    const traced = (c: string) => c === 'confirmed' || c === 'probable';
    const becameTraced = traced(classification) && !traced(row.classification);
    const addedDays =
      !becameTraced &&
      traced(row.classification) &&
      window &&
      row.infectiousFrom &&
      window.from < row.infectiousFrom
        ? { from: window.from, to: row.infectiousFrom }
        : null;
    const closing = patch.outcome !== undefined && patch.outcome !== null;
    await tx
      .update(cases)
      .set({
        ...patch,
        classification,
        symptomatic,
        onsetDate,
        infectiousFrom: window?.from ?? row.infectiousFrom,
        infectiousTo: window ? window.to : row.infectiousTo,
        ...(closing
          ? { status: 'closed' as const, outcomeDate: patch.outcomeDate ?? localDate(new Date()) }
          : patch.outcome === null
            ? { status: 'open' as const, outcomeDate: null }
            : {}),
        ...(becameConfirmed ? { confirmedAt: new Date() } : {}),
        missingRules: [
          ...(confirmationRule ? [] : ['case.confirmationRule']),
          ...(windowRule ? [] : ['case.infectiousWindow']),
        ],
        updatedAt: new Date(),
      })
      .where(eq(cases.id, row.id));
    await writeAudit(tx, access, origin, {
      action: 'update',
      entity: 'case',
      entityId: row.id,
      personId: row.personId,
      fields: Object.keys(patch),
      ...(link ? { details: link } : {}),
    });
    await enqueue(tx, 'case.updated', { caseId: row.id, personId: row.personId, classification });
    if (closing) await releaseCheckinHolds(tx, `case:${row.id}`);
    const proposed = [];
    const edge = { caseId: row.id, sourcePersonId: row.personId, diseaseCode: row.diseaseCode };
    if (becameTraced) {
      proposed.push(...(await proposeHousehold(tx, edge, day)));
      if (window) {
        proposed.push(...(await proposeCheckinContacts(tx, edge, window, origin)));
        await holdCheckins(tx, access, {
          personId: row.personId,
          from: window.from,
          to: window.to ?? new Date(),
          investigation: `case:${row.id}`,
        });
      }
    } else if (addedDays && !closing) {
      proposed.push(...(await proposeCheckinContacts(tx, edge, addedDays, origin)));
      await holdCheckins(tx, access, {
        personId: row.personId,
        ...addedDays,
        investigation: `case:${row.id}`,
      });
    }
    if (becameConfirmed) {
      await enqueue(tx, 'case.confirmed', {
        caseId: row.id,
        personId: row.personId,
        diseaseCode: row.diseaseCode,
      });
      await proposeForCase(tx, access, origin, row.id, localDate(new Date())); // home isolation (issue #16)
    }
    if (proposed.length > 0) {
      await writeAudit(
        tx,
        access,
        origin,
        proposed.map((c) => ({
          action: 'create' as const,
          entity: 'contact',
          entityId: c.id,
          personId: c.personId ?? null,
          fields: ['proposal'],
          details: { caseId: row.id },
        })),
      );
      await enqueue(tx, 'contact.proposed', { caseId: row.id, contactIds: proposed.map((c) => c.id) });
    }
    // The case's F0 facts (confirmed, closed, reopened, window) and its new proposals: incremental.
    const statusEvents = await updateDegreesAroundF0(
      tx,
      [row.personId],
      row.diseaseCode,
      proposed.flatMap((c) => (c.personId ? [c.personId] : [])),
    );
    await publishEvents(tx, [
      { kind: 'case', id: row.id, personId: row.personId, caseId: row.id, place: placeOf(row) },
      ...proposed,
      ...statusEvents,
    ]);
  });
}

/** One contact named at interview. */
export interface NamedContact {
  fullName: string;
  phone?: string | null;
  idNumber?: string | null;
  dateOfBirth?: string | null;
  communeCode?: string | null;
  exposureType: 'household' | 'workplace' | 'venue' | 'proximity' | 'care' | 'travel' | 'other';
  exposureDate?: string | null;
  durationMinutes?: number | null;
  note?: string | null;
}

/**
 * Store an interview and propose the contacts it names. Named people are linked to the registry
 * through record linkage (a match resolves to the existing person; otherwise a new record in the
 * named commune, default the case's). Marks the case interviewed.
 */
export async function recordInterview(
  database: Db,
  access: Access,
  origin: AuditOrigin,
  caseId: string,
  input: { answers: Record<string, unknown>; contacts: NamedContact[] },
  districtOf: (db: Tx, communeCode: string) => Promise<string | null>,
): Promise<{ interviewId: string; proposed: number; linked: number; referred: number }> {
  return database.transaction(async (tx) => {
    const row = await caseInScope(tx, access, caseId, true);
    checkNamedContacts(input.contacts);
    const [interview] = await tx
      .insert(caseInterviews)
      .values({
        caseId: row.id,
        answers: { ...input.answers, contacts: input.contacts },
        interviewedBy: actorId(access),
      })
      .returning({ id: caseInterviews.id });
    // A contact named in a commune outside the tracer's jurisdiction is not linked to any record
    // there (nor added): it is referred to that commune, which reviews it (referrals.ts).
    const { local, referred } = await splitByJurisdiction(tx, access, input.contacts);
    await referContacts(tx, access, origin, row, referred);
    const incoming = [];
    for (const c of local) {
      const commune = c.communeCode ?? row.communeCode;
      const district = commune ? ((await districtOf(tx, commune)) ?? row.districtCode) : row.districtCode;
      const id = c.idNumber?.trim() ?? null;
      incoming.push({
        source: 'interview',
        fullName: c.fullName,
        dateOfBirth: c.dateOfBirth ?? null,
        sex: null,
        cccd: id && /^\d{12}$/u.test(id) ? id : null,
        cmnd: id && /^\d{9}$/u.test(id) ? id : null,
        phone: c.phone ?? null,
        communeCode: commune,
        districtCode: district,
        provinceCode: row.provinceCode,
      });
    }
    // A record outside the tracer's jurisdiction never absorbs a named contact (no edge onto it,
    // nothing revealed): the contact becomes a record of its own, queued for duplicate review.
    const outcomes = await ingestPersons(tx, systemAccess('case-interview'), origin, incoming, {
      within: access,
    });
    const linked = outcomes.filter((o) => o.decision === 'merged').length;
    const proposals = local.map((c, i) => {
      const o = outcomes[i]!;
      return {
        personId: o.decision === 'merged' && o.matchedId ? o.matchedId : o.personId,
        exposureType: c.exposureType,
        exposureDate: c.exposureDate ?? null,
        durationMinutes: c.durationMinutes ?? null,
        source: 'interview' as const,
        venueId: null,
        note: c.note ?? null,
      };
    });
    const proposed = await insertProposals(
      tx,
      { caseId: row.id, sourcePersonId: row.personId, diseaseCode: row.diseaseCode },
      proposals,
    );
    await tx
      .update(cases)
      .set({ interviewDoneAt: new Date(), updatedAt: new Date() })
      .where(eq(cases.id, row.id));
    await writeAudit(tx, access, origin, [
      {
        action: 'create',
        entity: 'case_interview',
        entityId: interview!.id,
        personId: row.personId,
        fields: ['answers', 'contacts'],
      },
      ...proposed.map((c) => ({
        action: 'create' as const,
        entity: 'contact',
        entityId: c.id,
        personId: c.personId ?? null,
        fields: ['proposal'],
        details: { caseId: row.id, source: 'interview' },
      })),
    ]);
    if (proposed.length > 0) {
      await enqueue(tx, 'contact.proposed', { caseId: row.id, contactIds: proposed.map((c) => c.id) });
    }
    // New proposals only add edges into the people named: incremental from them.
    const statusEvents = await updateDegreesFrom(
      tx,
      [row.personId, ...proposed.flatMap((c) => (c.personId ? [c.personId] : []))],
      row.diseaseCode,
    );
    await publishEvents(tx, [
      { kind: 'case', id: row.id, personId: row.personId, caseId: row.id, place: placeOf(row) },
      ...proposed,
      ...statusEvents,
    ]);
    return { interviewId: interview!.id, proposed: proposed.length, linked, referred: referred.length };
  });
}
