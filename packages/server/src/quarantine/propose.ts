/**
 * Orders proposed at the moment the cases module confirms an F1 (tracer confirms a contact) or a
 * case (F0): called inside that transaction (cases/decide.ts, intake.ts, update.ts), so the
 * proposal, its audit row and the decision commit together. The dates follow the rules in force on
 * the exposure date (F1) or the positive sample's day (F0) — `proposeOrder` in core. One order per
 * contact or case (unique index); a dismissed contact's proposal is cancelled.
 */
import { ageOn, proposeOrder } from '@epilink/core';
import type { ImmunityFacts, OrderProposal, PersonFacts, ProposalResult, RulesInForce } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import type { AuditEntry, AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { immunityFacts } from '../cases/followUpRule.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { cases, contacts, persons, quarantineOrders } from '../db/schema/index.ts';
import { policyInForce } from '../policy/store.ts';

/**
 * The rules in force on a date for a disease, read from the policy store; for an F1 the home-care
 * eligibility rule (an F0's) is not read.
 */
export async function rulesInForce(
  db: DbOrTx,
  date: string,
  diseaseCode: string,
  role: 'F0' | 'F1' = 'F0',
): Promise<RulesInForce> {
  const [f1, f0Home, homeCare] = [
    await policyInForce(db, 'quarantine.f1', date, diseaseCode),
    await policyInForce(db, 'quarantine.f0Home', date, diseaseCode),
    role === 'F0' ? await policyInForce(db, 'quarantine.f0HomeEligibility', date, diseaseCode) : undefined,
  ];
  return {
    f1: f1?.value ?? null,
    f0Home: f0Home?.value ?? null,
    homeCare: homeCare?.value ?? null,
    ...(f0Home ? { formsPerDay: f0Home.value.healthFormsPerDay } : {}),
  };
}

/** The source document of the rule an order follows. */
async function sourceOf(db: DbOrTx, facts: PersonFacts, diseaseCode: string): Promise<string | null> {
  const key = facts.role === 'F1' ? 'quarantine.f1' : 'quarantine.f0Home';
  const date = facts.role === 'F1' ? facts.exposureDate : facts.sampleDate;
  return (await policyInForce(db, key, date, diseaseCode))?.source.document ?? null;
}

/** The columns of an order from a proposal. */
export function orderColumns(o: OrderProposal) {
  return {
    kind: o.kind,
    startDate: o.start,
    quarantineEnd: o.quarantineEnd,
    endDate: o.end,
    testsDue: o.testsDue,
    formsPerDay: o.formsPerDay,
    releaseTest: o.release?.test ?? null,
    latestEnd: o.release?.latestEnd ?? null,
  };
}

/** What an order is proposed for. */
interface OrderFor {
  place: { provinceCode: string; districtCode: string | null; communeCode: string | null };
  personId: string;
  diseaseCode: string;
  contactId?: string;
  caseId?: string;
  facts: PersonFacts;
}

async function store(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  row: OrderFor,
  result: ProposalResult,
): Promise<string | null> {
  const entry = await insertOrder(tx, row, result);
  if (entry) await writeAudit(tx, access, origin, entry);
  return entry?.entityId ?? null;
}

/** The columns of a proposed order, by their TypeScript names. */
async function orderValues(
  tx: DbOrTx,
  row: OrderFor,
  order: OrderProposal,
  eligibility: ProposalResult['eligibility'],
) {
  return {
    ...row.place,
    personId: row.personId,
    diseaseCode: row.diseaseCode,
    role: row.facts.role,
    contactId: row.contactId ?? null,
    caseId: row.caseId ?? null,
    ...orderColumns(order),
    ruleSource: await sourceOf(tx, row.facts, row.diseaseCode),
    eligibility,
  };
}

/** The audit entry of a proposed order, without its id. */
function orderAudit(row: OrderFor, order: OrderProposal): AuditEntry {
  return {
    action: 'create',
    entity: 'quarantine_order',
    personId: row.personId,
    fields: ['proposal'],
    details: { kind: order.kind, role: row.facts.role },
  };
}

/**
 * The insert of a proposed order (returning its id; nothing when the order is already there) and
 * its audit entry without the id; null when no order is proposed.
 */
async function orderInsert(
  tx: DbOrTx,
  row: OrderFor,
  result: ProposalResult,
): Promise<{ insert: SQL; audit: AuditEntry } | null> {
  if (!result.ok) return null;
  const insert = tx
    .insert(quarantineOrders)
    .values(await orderValues(tx, row, result.order, result.eligibility))
    .onConflictDoNothing()
    .returning({ id: quarantineOrders.id })
    .getSQL();
  return { insert, audit: orderAudit(row, result.order) };
}

/**
 * The placeholder of each column `orderInsertTemplate` writes: `order_<TypeScript name>`, filled
 * with the value as the driver takes it (no column encoder: `orderForConfirmed` gives the JSON
 * columns as JSON text, and null as SQL null, as the builder sends them).
 */
const orderPlaceholder = (key: keyof Awaited<ReturnType<typeof orderValues>>) =>
  sql`${sql.placeholder(`order_${key}`)}`;

/**
 * The insert of a proposed order as `orderInsert` builds it, with every value a placeholder
 * (`order_<column's TypeScript name>`, values from `orderForConfirmed`): part of a statement
 * template built once (db/named.ts#statementTemplate), as a data-modifying CTE returning the id.
 */
export function orderInsertTemplate(tx: DbOrTx): SQL {
  return tx
    .insert(quarantineOrders)
    .values({
      provinceCode: orderPlaceholder('provinceCode'),
      districtCode: orderPlaceholder('districtCode'),
      communeCode: orderPlaceholder('communeCode'),
      personId: orderPlaceholder('personId'),
      diseaseCode: orderPlaceholder('diseaseCode'),
      role: orderPlaceholder('role'),
      contactId: orderPlaceholder('contactId'),
      caseId: orderPlaceholder('caseId'),
      kind: orderPlaceholder('kind'),
      startDate: orderPlaceholder('startDate'),
      quarantineEnd: orderPlaceholder('quarantineEnd'),
      endDate: orderPlaceholder('endDate'),
      testsDue: orderPlaceholder('testsDue'),
      formsPerDay: orderPlaceholder('formsPerDay'),
      releaseTest: orderPlaceholder('releaseTest'),
      latestEnd: orderPlaceholder('latestEnd'),
      ruleSource: orderPlaceholder('ruleSource'),
      eligibility: orderPlaceholder('eligibility'),
    })
    .onConflictDoNothing()
    .returning({ id: quarantineOrders.id })
    .getSQL();
}

/** Insert a proposed order; its audit entry (null: not proposed, or the order is already there). */
async function insertOrder(tx: DbOrTx, row: OrderFor, result: ProposalResult): Promise<AuditEntry | null> {
  const order = await orderInsert(tx, row, result);
  if (!order) return null;
  const [created] = await queryRows<{ id: string }>(tx, order.insert);
  return created ? { ...order.audit, entityId: created.id } : null;
}

/** Propose the order of a confirmed contact (F1); returns its id (null: none or already there). */
export async function proposeForContact(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  contactId: string,
  today: string,
): Promise<string | null> {
  const [c] = await tx.select().from(contacts).where(eq(contacts.id, contactId));
  if (!c || c.status !== 'confirmed') return null;
  const exposureDate = c.exposureDate ?? today;
  const entry = await proposeForConfirmed(
    tx,
    c,
    exposureDate,
    await immunityFacts(tx, c.personId, exposureDate),
  );
  if (entry) await writeAudit(tx, access, origin, entry);
  return entry?.entityId ?? null;
}

/**
 * Propose the order of a contact its caller confirms in this transaction, from what the caller
 * already read (the contact's row, the person's immunity on the exposure date): inserts the order
 * and returns its audit entry for the caller's one audit insert (null: no rule in force, or the
 * contact has its order already).
 */
export async function proposeForConfirmed(
  tx: DbOrTx,
  c: {
    id: string;
    personId: string;
    diseaseCode: string;
    provinceCode: string;
    districtCode: string | null;
    communeCode: string | null;
  },
  exposureDate: string,
  immunity: ImmunityFacts,
): Promise<AuditEntry | null> {
  const facts: PersonFacts = { role: 'F1', exposureDate, immunity };
  const result = proposeOrder(await rulesInForce(tx, exposureDate, c.diseaseCode, 'F1'), facts);
  const place = { provinceCode: c.provinceCode, districtCode: c.districtCode, communeCode: c.communeCode };
  return insertOrder(
    tx,
    { place, personId: c.personId, diseaseCode: c.diseaseCode, contactId: c.id, facts },
    result,
  );
}

/**
 * `proposeForConfirmed` for a caller that writes the order in its own statement (a tracer's
 * decision writes the contact, the order and their audit rows at once): the values of
 * `orderInsertTemplate`'s placeholders (the insert, a data-modifying CTE returning its id, writes
 * no row when the contact has its order already) and the order's audit entry without the id (the
 * caller takes it from the insert). Null: no rule in force.
 */
export async function orderForConfirmed(
  tx: DbOrTx,
  c: Parameters<typeof proposeForConfirmed>[1],
  exposureDate: string,
  immunity: ImmunityFacts,
): Promise<{ values: Record<string, unknown>; audit: AuditEntry } | null> {
  const facts: PersonFacts = { role: 'F1', exposureDate, immunity };
  const result = proposeOrder(await rulesInForce(tx, exposureDate, c.diseaseCode, 'F1'), facts);
  if (!result.ok) return null;
  const place = { provinceCode: c.provinceCode, districtCode: c.districtCode, communeCode: c.communeCode };
  const row: OrderFor = { place, personId: c.personId, diseaseCode: c.diseaseCode, contactId: c.id, facts };
  const columns = await orderValues(tx, row, result.order, result.eligibility);
  const driverValues = {
    ...columns,
    testsDue: JSON.stringify(columns.testsDue),
    eligibility: columns.eligibility === null ? null : JSON.stringify(columns.eligibility),
  };
  return {
    values: Object.fromEntries(Object.entries(driverValues).map(([key, value]) => [`order_${key}`, value])),
    audit: orderAudit(row, result.order),
  };
}

/** The update cancelling the still-proposed order of a dismissed contact (a statement, or a CTE). */
export function cancelOrderSql(contactId: string | SQL): SQL {
  return sql`update ${quarantineOrders} set status = 'cancelled', updated_at = now()
    where contact_id = ${contactId} and status = 'proposed'`;
}

/** Cancel the still-proposed order of a contact that was dismissed. */
export async function cancelForContact(tx: DbOrTx, contactId: string): Promise<void> {
  await tx
    .update(quarantineOrders)
    .set({ status: 'cancelled', updatedAt: new Date() })
    .where(and(eq(quarantineOrders.contactId, contactId), eq(quarantineOrders.status, 'proposed')));
}

/**
 * Propose home isolation for a confirmed case when it may be cared for at home (or needs the
 * facts assessed); returns the order's id, null when not eligible, no rule, or already proposed.
 */
export async function proposeForCase(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  caseId: string,
  today: string,
): Promise<string | null> {
  const [row] = await tx
    .select({ c: cases, dateOfBirth: persons.dateOfBirth })
    .from(cases)
    .innerJoin(persons, eq(persons.id, cases.personId))
    .where(eq(cases.id, caseId));
  if (!row || row.c.classification !== 'confirmed') return null;
  const sampleDate = row.c.sampleDate ?? today;
  const vitals = await latestVitals(tx, caseId);
  const facts: PersonFacts = {
    role: 'F0',
    sampleDate,
    immunity: await immunityFacts(tx, row.c.personId, sampleDate),
    dateOfBirth: row.dateOfBirth,
    severity: row.c.severity,
    spo2: vitals.spo2,
    respiratoryRate: vitals.respiratoryRate,
    underlyingDisease: vitals.underlyingDisease,
    pregnant: vitals.pregnant,
  };
  const result = proposeOrder(await rulesInForce(tx, sampleDate, row.c.diseaseCode), facts);
  const place = {
    provinceCode: row.c.provinceCode,
    districtCode: row.c.districtCode,
    communeCode: row.c.communeCode,
  };
  return store(
    tx,
    access,
    origin,
    { place, personId: row.c.personId, diseaseCode: row.c.diseaseCode, caseId, facts },
    result,
  );
}

/**
 * What the case interview recorded about care at home (answers `spo2`, `respiratoryRate`,
 * `underlyingDisease`, `pregnant`), null where nothing was recorded.
 */
async function latestVitals(tx: DbOrTx, caseId: string) {
  const [a] = await queryRows<{ answers: Record<string, unknown> | null }>(
    tx,
    sql`select answers from case_interviews where case_id = ${caseId} order by created_at desc limit 1`,
  );
  const answers = a?.answers ?? {};
  const num = (k: string): number | null => {
    const v = answers[k];
    return typeof v === 'number' ? v : null;
  };
  const flag = (k: string): boolean | null => {
    const v = answers[k];
    return typeof v === 'boolean' ? v : null;
  };
  return {
    spo2: num('spo2'),
    respiratoryRate: num('respiratoryRate'),
    underlyingDisease: flag('underlyingDisease'),
    pregnant: flag('pregnant'),
  };
}

/** Age in whole years on a day (null when the date of birth is unknown). */
export function ageYears(dateOfBirth: string | null, day: string): number | null {
  return dateOfBirth === null ? null : ageOn(dateOfBirth, day);
}
