/**
 * Tracer decisions on the graph: confirm or dismiss a proposed contact (confirming an F1 proposes
 * that person's household as F2 candidates and schedules daily follow-ups for the quarantine +
 * monitoring period of the `quarantine.f1` band the contact falls in), record a follow-up call, update a contact's follow-up. One transaction each,
 * with audit rows, outbox events, degree recomputation and live events.
 */
import { AppError, followUpSchedule, monitoringUntil } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { auditInsert, writeAudit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/client.ts';
import { queryNamed } from '../db/named.ts';
import { contactFollowups, contacts } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import type { LiveEvent } from '../events/publish.ts';
import { peopleTaken, takePeopleSql, updateDegreesFrom, withEpiGraphRetry } from './graphIncremental.ts';
import { followUpFor, immunityJson } from './followUpRule.ts';
import { policyInForceFromJson, policyRowsJson } from '../policy/store.ts';
import { cancelOrderSql, orderForConfirmed } from '../quarantine/propose.ts';
import { nextDegreeMembersJson, proposeNextDegree, today } from './proposals.ts';
import { contactInScope, placeOf } from './scope.ts';
import { scopeFor, scopeKey } from '../access/context.ts';

/** Confirm or dismiss a contact. A decided contact can be decided again (a tracer corrects). */
export async function decideContact(
  database: Db,
  access: Access,
  origin: AuditOrigin,
  input: { contactId: string; decision: 'confirm' | 'dismiss'; note?: string | null },
): Promise<{ contactId: string; proposed: number }> {
  // Run again from the start when the incremental degree update meets a busy person.
  return withEpiGraphRetry(() => decideInTransaction(database, access, origin, input));
}

async function decideInTransaction(
  database: Db,
  access: Access,
  origin: AuditOrigin,
  input: { contactId: string; decision: 'confirm' | 'dismiss'; note?: string | null },
): Promise<{ contactId: string; proposed: number }> {
  return database.transaction(async (tx) => {
    const status = input.decision === 'confirm' ? 'confirmed' : 'dismissed';
    const day = today();
    const { contact, confirmFacts } = await readForDecision(tx, access, input.contactId, status, day);
    const exposure = contact.exposureDate ?? day;
    const events: LiveEvent[] = [
      {
        kind: 'contact',
        id: contact.id,
        personId: contact.personId,
        caseId: contact.caseId,
        place: placeOf(contact),
      },
    ];
    let proposed: LiveEvent[] = [];
    let followUpDays = 0;
    let order: Awaited<ReturnType<typeof orderForConfirmed>> = null;
    if (confirmFacts) {
      // The follow-up and the quarantine order follow the same rules and the same doses, read
      // with the contact (the rules are kept for the transaction: `followUpFor` and the order
      // read them from there).
      const { immunity } = confirmFacts;
      followUpDays = (await followUpFor(tx, contact.personId, contact.diseaseCode, exposure, immunity)).days;
      proposed = await proposeNextDegree(
        tx,
        { caseId: contact.caseId, sourcePersonId: contact.personId, diseaseCode: contact.diseaseCode },
        day,
        confirmFacts.household,
      );
      // Quarantine (issue #16): the F1's order is proposed with the decision (a dismissal cancels it).
      order = await orderForConfirmed(tx, contact, exposure, immunity);
    }
    // The people whose incoming edges change here: the degree update starts from them.
    const starts = [contact.personId, ...proposed.flatMap((c) => (c.personId ? [c.personId] : []))];
    // Their person locks (and the graph lock, shared), taken by the write below (null: the
    // update takes the graph lock exclusive itself).
    const locks = takePeopleSql(contact.diseaseCode, starts);
    // The decision, its follow-up days, the proposed order (or, dismissed, the order cancelled),
    // the audit rows of the decision, the proposed contacts and the order, and the person locks:
    // one statement.
    const busy = await storeDecision(tx, {
      contactId: contact.id,
      status,
      decidedBy: actorId(access),
      note: input.note ?? contact.note,
      exposure,
      followUpDays,
      order,
      audit: auditInsert(access, origin, [
        {
          action: 'decide',
          entity: 'contact',
          entityId: contact.id,
          personId: contact.personId,
          fields: ['status'],
          details: { decision: input.decision },
        },
        ...proposed.map((c) => ({
          action: 'create' as const,
          entity: 'contact',
          entityId: c.id,
          personId: c.personId ?? null,
          fields: ['proposal'],
          details: { caseId: contact.caseId, via: contact.id },
        })),
      ]),
      orderAudit: order
        ? auditInsert(
            access,
            origin,
            [order.audit],
            sql`(select id::text from ord)`,
            sql`exists (select 1 from ord)`,
          )
        : null,
      locks,
    });
    peopleTaken(busy);
    // Incremental from the contact's person and the new proposals: confirming lowers degrees from
    // there, dismissing may raise them for whoever got theirs through this contact.
    const statusEvents = await updateDegreesFrom(
      tx,
      starts,
      contact.diseaseCode,
      undefined,
      locks ? starts : [],
    );
    // The outbox rows and the live events in one statement.
    await publishEvents(
      tx,
      [...events, ...proposed, ...statusEvents],
      [
        { topic: 'contact.decided', payload: { contactId: contact.id, decision: input.decision } },
        ...(proposed.length > 0
          ? [
              {
                topic: 'contact.proposed' as const,
                payload: { caseId: contact.caseId, contactIds: proposed.map((c) => c.id) },
              },
            ]
          : []),
        ...(statusEvents.length > 0
          ? [{ topic: 'epi.status_changed' as const, payload: { personIds: statusEvents.map((e) => e.id) } }]
          : []),
      ],
    );
    return { contactId: contact.id, proposed: proposed.length };
  });
}

/**
 * The contact to decide (in the caller's jurisdiction, locked), and for a confirmation what it is
 * decided from, in the same statement: the rules of the F1 order's keys (kept for the
 * transaction), the person's doses and last recovery on the exposure date, and the household
 * members not yet in the investigation (the next degree's candidates). One round trip where
 * there were four.
 */
async function readForDecision(
  tx: Tx,
  access: Access,
  contactId: string,
  status: 'confirmed' | 'dismissed',
  day: string,
) {
  if (status === 'dismissed')
    return { contact: await contactInScope(tx, access, contactId, true), confirmFacts: null };
  const exposure = sql`coalesce(${contacts.exposureDate}, ${day}::date)`;
  const read = tx
    .select({
      contact: contacts,
      f1Rules: sql<Record<string, unknown>[]>`${policyRowsJson('quarantine.f1')}`,
      f0HomeRules: sql<Record<string, unknown>[]>`${policyRowsJson('quarantine.f0Home')}`,
      immunity: immunityJson(sql`${contacts.personId}`, exposure),
      household: nextDegreeMembersJson(sql`${contacts.personId}`, sql`${contacts.caseId}`),
    })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), scopeFor(access, contacts)))
    .for('update', { of: contacts });
  // Prepared by name: the server parses and plans it once per connection. Its text is one per
  // kind of caller and jurisdiction level (the scope condition); the driver refuses a name reused
  // with another text, so a text that came to vary otherwise would fail loudly, not silently.
  const [row] = await read.prepare(`epilink_decision_read_${scopeKey(access)}`).execute();
  if (!row) throw new AppError('NOT_FOUND');
  const { contact } = row;
  const onDate = contact.exposureDate ?? day;
  // Kept for the transaction: the follow-up rule and the order's rules are read from there.
  policyInForceFromJson(tx, 'quarantine.f1', row.f1Rules, onDate, contact.diseaseCode);
  policyInForceFromJson(tx, 'quarantine.f0Home', row.f0HomeRules, onDate, contact.diseaseCode);
  return { contact, confirmFacts: { immunity: row.immunity, household: row.household } };
}

/**
 * Store a decision: the contact's status, and for a confirmation its follow-up (active, monitored
 * until the end of its days) with one row per day to call (existing days are kept); the proposed
 * order of a confirmation (no row when the contact has its order already) or the cancelled order
 * of a dismissal; the audit rows (the order's only when it was inserted); with `locks`, the degree
 * update's person locks — one statement. Returns how many of those people another update holds.
 */
async function storeDecision(
  tx: Tx,
  d: {
    contactId: string;
    status: 'confirmed' | 'dismissed';
    decidedBy: string | null;
    note: string | null;
    exposure: string;
    followUpDays: number;
    order: { insert: SQL } | null;
    audit: SQL;
    orderAudit: SQL | null;
    locks: SQL | null;
  },
): Promise<number> {
  const confirmed = d.status === 'confirmed';
  const days = confirmed ? followUpSchedule(d.exposure, d.followUpDays) : [];
  const orderStep = confirmed
    ? d.order
      ? sql`ord as (${d.order.insert}),`
      : sql``
    : sql`cancelled as (${cancelOrderSql(d.contactId)}),`;
  // Prepared by name: its few texts (confirm with or without an order, dismiss) repeat.
  const [row] = await queryNamed<{ busy: number }>(
    tx,
    'epilink_decision_store',
    sql`with decided as (
      update contacts set status = ${d.status}, decided_by = ${d.decidedBy}, decided_at = now(),
        follow_up_status = ${confirmed ? 'active' : null},
        ${confirmed ? sql`monitoring_until = ${monitoringUntil(d.exposure, d.followUpDays)}::date,` : sql``}
        note = ${d.note}, updated_at = now()
      where id = ${d.contactId} returning id),
    days as (insert into contact_followups (contact_id, due_date)
      select decided.id, day from decided, unnest(${`{${days.join(',')}}`}::date[]) as day
      on conflict do nothing),
    ${orderStep}
    ${d.orderAudit ? sql`order_audited as (${d.orderAudit}),` : sql``}
    ${d.locks ? sql`locked as (${d.locks}),` : sql``}
    audited as (${d.audit})
    select ${d.locks ? sql`(select busy from locked)` : sql`0`} as busy`,
  );
  return row?.busy ?? 0;
}

/** Record a follow-up call (the day's row, or today's). Three unreachable days in a row mark the contact lost. */
export async function recordFollowUp(
  database: Db,
  access: Access,
  origin: AuditOrigin,
  input: {
    contactId: string;
    dueDate?: string;
    outcome: 'well' | 'symptoms' | 'unreachable';
    note?: string | null;
  },
): Promise<{ followUpId: string; followUpStatus: string | null }> {
  return database.transaction(async (tx) => {
    const contact = await contactInScope(tx, access, input.contactId, true);
    if (contact.status !== 'confirmed') {
      throw new AppError('CONTACT_NOT_CONFIRMED');
    }
    const dueDate = input.dueDate ?? today();
    const [row] = await tx
      .insert(contactFollowups)
      .values({
        contactId: contact.id,
        dueDate,
        doneAt: new Date(),
        outcome: input.outcome,
        note: input.note ?? null,
        recordedBy: actorId(access),
      })
      .onConflictDoUpdate({
        target: [contactFollowups.contactId, contactFollowups.dueDate],
        set: {
          doneAt: new Date(),
          outcome: input.outcome,
          note: input.note ?? null,
          recordedBy: actorId(access),
        },
      })
      .returning({ id: contactFollowups.id });
    const recent = await tx
      .select({ outcome: contactFollowups.outcome })
      .from(contactFollowups)
      .where(and(eq(contactFollowups.contactId, contact.id)))
      .orderBy(contactFollowups.dueDate);
    const done = recent.filter((r) => r.outcome !== null).slice(-3);
    let followUpStatus = contact.followUpStatus;
    if (done.length === 3 && done.every((r) => r.outcome === 'unreachable')) followUpStatus = 'lost';
    else if (input.outcome !== 'unreachable' && followUpStatus === 'lost') followUpStatus = 'active';
    if (followUpStatus !== contact.followUpStatus) {
      await tx
        .update(contacts)
        .set({ followUpStatus, updatedAt: new Date() })
        .where(eq(contacts.id, contact.id));
    }
    await writeAudit(tx, access, origin, {
      action: 'create',
      entity: 'contact_followup',
      entityId: row!.id,
      personId: contact.personId,
      fields: ['outcome', 'note'],
    });
    await publishEvents(tx, [
      {
        kind: 'followUp',
        id: row!.id,
        personId: contact.personId,
        caseId: contact.caseId,
        place: placeOf(contact),
      },
    ]);
    return { followUpId: row!.id, followUpStatus };
  });
}

/** Update a contact's tracer work fields: assignment, follow-up status, note. */
export async function updateContact(
  database: Db,
  access: Access,
  origin: AuditOrigin,
  input: {
    contactId: string;
    assignedTracerId?: string | null;
    followUpStatus?: 'active' | 'completed' | 'lost';
    note?: string | null;
  },
): Promise<void> {
  await database.transaction(async (tx) => {
    const contact = await contactInScope(tx, access, input.contactId, true);
    await tx
      .update(contacts)
      .set({
        ...(input.assignedTracerId !== undefined ? { assignedTracerId: input.assignedTracerId } : {}),
        ...(input.followUpStatus !== undefined ? { followUpStatus: input.followUpStatus } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        updatedAt: new Date(),
      })
      .where(eq(contacts.id, contact.id));
    await writeAudit(tx, access, origin, {
      action: 'update',
      entity: 'contact',
      entityId: contact.id,
      personId: contact.personId,
      fields: Object.keys(input).filter((k) => k !== 'contactId'),
    });
    // The follow-up status only changes whether the person is monitored (their status label).
    const statusEvents =
      input.followUpStatus !== undefined
        ? await updateDegreesFrom(tx, [contact.personId], contact.diseaseCode)
        : [];
    await publishEvents(tx, [
      {
        kind: 'contact',
        id: contact.id,
        personId: contact.personId,
        caseId: contact.caseId,
        place: placeOf(contact),
      },
      ...statusEvents,
    ]);
  });
}
