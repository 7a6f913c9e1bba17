/**
 * Tracer decisions on the graph: confirm or dismiss a proposed contact (confirming an F1 proposes
 * that person's household as F2 candidates and schedules daily follow-ups for the quarantine +
 * monitoring period of the `quarantine.f1` band the contact falls in), record a follow-up call, update a contact's follow-up. One transaction each,
 * with audit rows, outbox events, degree recomputation and live events.
 */
import { AppError, followUpSchedule, monitoringUntil } from '@epilink/core';
import type { ImmunityFacts } from '@epilink/core';
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Access } from '../access/context.ts';
import { actorId } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { auditInsertOf, auditRowsJson, writeAudit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/client.ts';
import { executeTemplate, statementTemplate } from '../db/named.ts';
import type { StatementTemplate } from '../db/named.ts';
import { contactFollowups, contacts } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import type { LiveEvent } from '../events/publish.ts';
import {
  peopleTaken,
  takePeopleTemplate,
  takePeopleValues,
  updateDegreesFrom,
  withEpiGraphRetry,
} from './graphIncremental.ts';
import { followUpFor, immunityJson } from './followUpRule.ts';
import { policyInForceFromJson, policyRowsJson } from '../policy/store.ts';
import { cancelOrderSql, orderForConfirmed, orderInsertTemplate } from '../quarantine/propose.ts';
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
  return withEpiGraphRetry(database, (tx) => decideInTransaction(tx, access, origin, input));
}

async function decideInTransaction(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  input: { contactId: string; decision: 'confirm' | 'dismiss'; note?: string | null },
): Promise<{ contactId: string; proposed: number }> {
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
  const locks = takePeopleValues(tx, contact.diseaseCode, starts);
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
    order: order ? { values: order.values, audit: auditRowsJson(access, origin, [order.audit]) } : null,
    audit: auditRowsJson(access, origin, [
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
    locks,
  });
  peopleTaken(busy);
  // Incremental from the contact's person and the new proposals: confirming lowers degrees from
  // there, dismissing may raise them for whoever got theirs through this contact.
  // The outbox rows and the live events (then the status events and `epi.status_changed`)
  // are published by the update, with its epi-status write: one statement (`epiPublish.ts`).
  await updateDegreesFrom(tx, starts, contact.diseaseCode, undefined, locks ? starts : [], {
    events: [...events, ...proposed],
    outbox: [
      { topic: 'contact.decided', payload: { contactId: contact.id, decision: input.decision } },
      ...(proposed.length > 0
        ? [
            {
              topic: 'contact.proposed' as const,
              payload: { caseId: contact.caseId, contactIds: proposed.map((c) => c.id) },
            },
          ]
        : []),
    ],
  });
  return { contactId: contact.id, proposed: proposed.length };
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
  // Prepared by name: the server parses and plans it once per connection; built once per scope
  // condition (its text is one per kind of caller and jurisdiction level, `scopeKey`).
  const [row] = await executeTemplate<DecisionReadRow>(tx, decisionReadTemplate(access), { contactId, day });
  if (!row) throw new AppError('NOT_FOUND');
  const contact = contactOf(row);
  const onDate = contact.exposureDate ?? day;
  // Kept for the transaction: the follow-up rule and the order's rules are read from there.
  policyInForceFromJson(tx, 'quarantine.f1', row.f1Rules, onDate, contact.diseaseCode);
  policyInForceFromJson(tx, 'quarantine.f0Home', row.f0HomeRules, onDate, contact.diseaseCode);
  return { contact, confirmFacts: { immunity: row.immunity, household: row.household } };
}

/** A row of the decision read: the contact's columns by their TypeScript names, and the facts. */
type DecisionReadRow = Record<string, unknown> & {
  f1Rules: Record<string, unknown>[];
  f0HomeRules: Record<string, unknown>[];
  immunity: ImmunityFacts;
  household: string[];
};

/** The contact's columns, in order: selected by their TypeScript names and mapped back (`contactOf`). */
const contactColumns = Object.entries(getTableColumns(contacts));

/** The contact of a decision read's row, as a select of the table gives it (each column's own mapping). */
function contactOf(row: DecisionReadRow): typeof contacts.$inferSelect {
  const contact: Record<string, unknown> = {};
  for (const [key, column] of contactColumns) {
    const value = row[key];
    contact[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return contact as typeof contacts.$inferSelect;
}

const dialect = new PgDialect();
/** The decision read of each scope condition (its text and values), built once. */
const readTemplates = new Map<string, StatementTemplate>();

/**
 * The decision read for the caller's jurisdiction: the contact (`contactId` placeholder, in scope,
 * `for update`), the rules of the F1 order's keys, the person's doses and last recovery on the
 * exposure date (`day` placeholder when the contact has none) and the household's next-degree
 * candidates. Built once per scope condition — keyed by the condition's text AND values, so a
 * caller only ever gets a statement with its own jurisdiction's condition.
 */
function decisionReadTemplate(access: Access): StatementTemplate {
  const scope = scopeFor(access, contacts);
  const scoped = dialect.sqlToQuery(scope);
  const key = `${scoped.sql}\n${JSON.stringify(scoped.params)}`;
  let template = readTemplates.get(key);
  if (template) return template;
  const exposure = sql`coalesce(${contacts.exposureDate}, ${sql.placeholder('day')}::date)`;
  template = statementTemplate(
    `epilink_decision_read_${scopeKey(access)}`,
    sql`select ${sql.join(
      contactColumns.map(([name, column]) => sql`${column} as ${sql.identifier(name)}`),
      sql`, `,
    )},
      ${policyRowsJson('quarantine.f1')} as "f1Rules",
      ${policyRowsJson('quarantine.f0Home')} as "f0HomeRules",
      ${immunityJson(sql`${contacts.personId}`, exposure)} as "immunity",
      ${nextDegreeMembersJson(sql`${contacts.personId}`, sql`${contacts.caseId}`)} as "household"
    from ${contacts} where ${contacts.id} = ${sql.placeholder('contactId')} and ${scope}
    for update of ${contacts}`,
  );
  if (readTemplates.size >= 1_000) readTemplates.clear();
  readTemplates.set(key, template);
  return template;
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
    /** The order's placeholder values (`orderForConfirmed`) and its audit rows (`auditRowsJson`). */
    order: { values: Record<string, unknown>; audit: string } | null;
    /** The audit rows of the decision and the proposed contacts (`auditRowsJson`). */
    audit: string;
    locks: Record<string, string> | null;
  },
): Promise<number> {
  const confirmed = d.status === 'confirmed';
  const days = confirmed ? followUpSchedule(d.exposure, d.followUpDays) : [];
  const [row] = await executeTemplate<{ busy: number }>(
    tx,
    storeTemplate(tx, { status: d.status, order: d.order !== null, locks: d.locks !== null }),
    {
      status: d.status,
      decidedBy: d.decidedBy,
      followUpStatus: confirmed ? 'active' : null,
      ...(confirmed ? { monitoringUntil: monitoringUntil(d.exposure, d.followUpDays) } : {}),
      note: d.note,
      contactId: d.contactId,
      days: `{${days.join(',')}}`,
      audit: d.audit,
      ...(d.order ? { ...d.order.values, orderAudit: d.order.audit } : {}),
      ...d.locks,
    },
  );
  return row?.busy ?? 0;
}

/** `storeDecision`'s statement of each shape, built once (its values are placeholders). */
const storeTemplates = new Map<string, StatementTemplate>();

/** The decision's write statement of a shape: confirm with or without an order, or dismiss; with or without the locks. */
function storeTemplate(
  tx: Tx,
  shape: { status: 'confirmed' | 'dismissed'; order: boolean; locks: boolean },
): StatementTemplate {
  const key = `${shape.status}:${shape.order}:${shape.locks}`;
  let template = storeTemplates.get(key);
  if (template) return template;
  const value = (name: string) => sql`${sql.placeholder(name)}`;
  const confirmed = shape.status === 'confirmed';
  const orderStep = confirmed
    ? shape.order
      ? sql`ord as (${orderInsertTemplate(tx)}),
        order_audited as (${auditInsertOf(value('orderAudit'), sql`(select id::text from ord)`, sql`exists (select 1 from ord)`)}),`
      : sql``
    : sql`cancelled as (${cancelOrderSql(value('contactId'))}),`;
  template = statementTemplate(
    'epilink_decision_store',
    sql`with decided as (
      update contacts set status = ${value('status')}, decided_by = ${value('decidedBy')}, decided_at = now(),
        follow_up_status = ${value('followUpStatus')},
        ${confirmed ? sql`monitoring_until = ${value('monitoringUntil')}::date,` : sql``}
        note = ${value('note')}, updated_at = now()
      where id = ${value('contactId')} returning id),
    days as (insert into contact_followups (contact_id, due_date)
      select decided.id, day from decided, unnest(${value('days')}::date[]) as day
      on conflict do nothing),
    ${orderStep}
    ${shape.locks ? sql`locked as (${takePeopleTemplate}),` : sql``}
    audited as (${auditInsertOf(value('audit'))})
    select ${shape.locks ? sql`(select busy from locked)` : sql`0`} as busy`,
  );
  storeTemplates.set(key, template);
  return template;
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
