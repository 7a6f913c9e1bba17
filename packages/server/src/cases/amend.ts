/**
 * An amended test result reaching the case module (a citizen's correction accepted, #17 item 3):
 * the case that holds the result as evidence is brought to where it would be had the result been
 * entered right the first time.
 * - No case holds it, or another positive still supports the case, or the result is now positive:
 *   the normal seam `applyTestResult` (the result's evidence is replaced by its id), so a
 *   negative→positive correction makes the case and proposes its contacts as the lab's entry would.
 * - The case's last positive is withdrawn (positive→negative): the case is reclassified from what
 *   is left by the rule in force (a confirmation is taken back here, unlike a later negative);
 *   'discarded' closes it. Its proposed contacts are dismissed and its proposed orders cancelled
 *   (nothing was decided on them yet), its check-in holds released, and the degrees around the
 *   former F0 recomputed (the contacts' status colour follows). The orders officials had decided
 *   on (a confirmed contact's, the case's own once confirmed) stay, each with an open quarantine
 *   alert `sourceWithdrawn` for the commune to release or keep it (quarantine/withdrawn.ts).
 *   Runs in the caller's transaction.
 */
import { classifyCase, localDate } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { releaseCheckinHolds } from '../checkin/overlap.ts';
import type { Tx } from '../db/client.ts';
import { cases, contacts, quarantineOrders } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';
import { alertWithdrawnSource } from '../quarantine/withdrawn.ts';
import { updateDegreesAroundF0 } from './graphIncremental.ts';
import { applyTestResult, storedEvidence } from './intake.ts';
import type { ResultIntake, StoredEvidence } from './intake.ts';
import { caseRule, epidemiologicalLinkOn } from './policy.ts';
import { placeOf } from './scope.ts';

/** Bring the case holding `intake.resultId` (if any) in line with the amended result. */
export async function applyAmendedResult(
  tx: Tx,
  access: Access,
  intake: ResultIntake,
  origin: AuditOrigin,
  link: { correctionRequestId: string },
): Promise<{ caseId: string | null; withdrawn: boolean }> {
  const [held] = await tx
    .select()
    .from(cases)
    .where(sql`${cases.evidence} @> ${JSON.stringify([{ resultId: intake.resultId }])}::jsonb`)
    .for('update');
  const evidence = storedEvidence(intake);
  const tests = held
    ? (held.evidence as StoredEvidence[]).map((e) => (e.resultId === intake.resultId ? evidence : e))
    : [];
  const stillPositive = tests.some((e) => e.outcome === 'positive');
  if (!held || (held.status === 'open' && stillPositive)) {
    const { caseId } = await applyTestResult(tx, access, intake, origin);
    return { caseId, withdrawn: false };
  }
  if (held.status === 'closed') {
    // A closed case keeps its outcome; only the evidence it lists follows the amendment.
    await tx.update(cases).set({ evidence: tests, updatedAt: new Date() }).where(eq(cases.id, held.id));
    await writeAudit(tx, access, origin, {
      action: 'update',
      entity: 'case',
      entityId: held.id,
      personId: held.personId,
      fields: ['evidence'],
      details: { resultId: intake.resultId, ...link },
    });
    return { caseId: held.id, withdrawn: false };
  }
  const day = held.sampleDate ?? localDate(intake.sampledAt);
  const rule = await caseRule(tx, 'case.confirmationRule', day, held.diseaseCode);
  const epidemiologicalLink = await epidemiologicalLinkOn(tx, held.personId, held.diseaseCode, day);
  const classification = rule
    ? classifyCase({ tests, symptomatic: held.symptomatic, epidemiologicalLink }, rule.value)
    : 'suspected';
  const closing = classification === 'discarded';
  await tx
    .update(cases)
    .set({
      classification,
      evidence: tests,
      infectiousFrom: null,
      infectiousTo: null,
      confirmedAt: null,
      ...(closing ? { status: 'closed' as const, outcomeDate: localDate(new Date()) } : {}),
      updatedAt: new Date(),
    })
    .where(eq(cases.id, held.id));
  const now = new Date();
  const dismissed = await tx
    .update(contacts)
    .set({ status: 'dismissed', decidedBy: actorId(access), decidedAt: now, updatedAt: now })
    .where(and(eq(contacts.caseId, held.id), eq(contacts.status, 'proposed')))
    .returning({ id: contacts.id, personId: contacts.personId });
  const cancelled = await tx
    .update(quarantineOrders)
    .set({ status: 'cancelled' })
    .where(and(eq(quarantineOrders.caseId, held.id), eq(quarantineOrders.status, 'proposed')))
    .returning({ id: quarantineOrders.id });
  await releaseCheckinHolds(tx, `case:${held.id}`);
  await writeAudit(tx, access, origin, [
    {
      action: 'update',
      entity: 'case',
      entityId: held.id,
      personId: held.personId,
      fields: ['classification', 'evidence', 'infectiousWindow'],
      details: { resultId: intake.resultId, classification, ...link },
    },
    ...dismissed.map((c) => ({
      action: 'update' as const,
      entity: 'contact',
      entityId: c.id,
      personId: c.personId,
      fields: ['status'],
      details: { caseId: held.id, ...link },
    })),
    ...cancelled.map((o) => ({
      action: 'update' as const,
      entity: 'quarantine_order',
      entityId: o.id,
      personId: held.personId,
      fields: ['status'],
      details: { caseId: held.id, ...link },
    })),
  ]);
  // Decided orders (a confirmed F1's, the F0's own once confirmed) are an official's to undo: alerted.
  await alertWithdrawnSource(tx, access, origin, held.id, { resultId: intake.resultId, ...link });
  await enqueue(tx, 'case.updated', { caseId: held.id, personId: held.personId, classification });
  const statusEvents = await updateDegreesAroundF0(tx, [held.personId], held.diseaseCode);
  if (statusEvents.length > 0)
    await enqueue(tx, 'epi.status_changed', { personIds: statusEvents.map((e) => e.id) });
  await publishEvents(tx, [
    { kind: 'case', id: held.id, personId: held.personId, caseId: held.id, place: placeOf(held) },
    ...statusEvents,
  ]);
  return { caseId: held.id, withdrawn: true };
}
