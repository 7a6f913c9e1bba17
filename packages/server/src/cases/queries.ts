/** Scoped list queries of cases and contacts (jurisdiction in SQL, deny by default). */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Access } from '../access/context.ts';
import { placeWithin, scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { cases, contacts, personEpiStatus, persons, venues } from '../db/schema/index.ts';

/** Filters of the case list. */
export interface CaseFilter {
  communeCode?: string;
  districtCode?: string;
  status?: 'open' | 'closed';
  classification?: 'suspected' | 'probable' | 'confirmed' | 'discarded';
  diseaseCode?: string;
  outbreakId?: string;
  assignedTracerId?: string;
  /** Only this case. */
  caseId?: string;
  /** Only confirmed or probable cases whose interview is not done (the tracer's "to interview"). */
  interviewPending?: boolean;
  limit: number;
  /** Keyset cursor (`nextCursor` of the previous page); preferred to `offset`. */
  cursor?: string;
  offset?: number;
}

/** The case list's order: newest first. */
const CASE_KEY: KeyPart[] = [
  { column: cases.createdAt, type: 'timestamptz' },
  { column: cases.id, type: 'uuid' },
];

const contactCount = sql<number>`(select count(*)::int from contacts k where k.case_id = ${cases.id} and k.status <> 'dismissed')`;

/** Case summaries in the caller's jurisdiction, newest first. */
export async function listCases(db: DbOrTx, access: Access, f: CaseFilter) {
  const where = and(
    scopeFor(access, cases),
    f.communeCode ? eq(cases.communeCode, f.communeCode) : undefined,
    f.districtCode ? eq(cases.districtCode, f.districtCode) : undefined,
    f.status ? eq(cases.status, f.status) : undefined,
    f.classification ? eq(cases.classification, f.classification) : undefined,
    f.diseaseCode ? eq(cases.diseaseCode, f.diseaseCode) : undefined,
    f.outbreakId ? eq(cases.outbreakId, f.outbreakId) : undefined,
    f.assignedTracerId ? eq(cases.assignedTracerId, f.assignedTracerId) : undefined,
    f.caseId ? eq(cases.id, f.caseId) : undefined,
    f.interviewPending
      ? and(isNull(cases.interviewDoneAt), inArray(cases.classification, ['confirmed', 'probable']))
      : undefined,
  );
  const [k0, k1] = keyText(CASE_KEY);
  const rows = await db
    .select({ c: cases, fullName: persons.fullName, contactCount, k0: k0!, k1: k1! })
    .from(cases)
    .innerJoin(persons, eq(persons.id, cases.personId))
    .where(and(where, afterCursor(CASE_KEY, f.cursor, 'desc')))
    .orderBy(...orderByKey(CASE_KEY, 'desc'))
    .limit(f.limit + 1)
    .offset(f.offset ?? 0);
  const page = pageOf(rows, f.limit, (r) => [r.k0, r.k1]);
  const [total] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(where);
  return {
    items: page.items.map((r) => caseSummary(r.c, r.fullName, r.contactCount)),
    total: total?.n ?? 0,
    nextCursor: page.nextCursor,
  };
}

/** The summary presenter's input from a row. */
export function caseSummary(c: typeof cases.$inferSelect, fullName: string, count: number) {
  return {
    id: c.id,
    personId: c.personId,
    fullName,
    communeCode: c.communeCode,
    districtCode: c.districtCode,
    diseaseCode: c.diseaseCode,
    outbreakId: c.outbreakId,
    classification: c.classification,
    status: c.status,
    onsetDate: c.onsetDate,
    sampleDate: c.sampleDate,
    confirmedAt: c.confirmedAt,
    assignedTracerId: c.assignedTracerId,
    interviewDoneAt: c.interviewDoneAt,
    contactCount: count,
  };
}

const contactPerson = alias(persons, 'contact_person');
const sourcePerson = alias(persons, 'source_person');

/**
 * Orders of a contact list: `created` oldest first (the longest waiting is called first);
 * `overlap` the case page's order, longest known exposure first (check-in overlap minutes from
 * `contact.f1Criteria`'s proposals, or a duration given at interview), then those without a
 * duration (household members, named contacts) oldest first.
 */
export type ContactOrder = 'created' | 'overlap';

/** Contacts (scoped by the contact person's place) matching a condition, with names and degrees. */
export async function listContacts(
  db: DbOrTx,
  access: Access,
  condition: SQL | undefined,
  limit = 500,
  order: ContactOrder = 'created',
) {
  const rows = await db
    .select({
      k: contacts,
      fullName: contactPerson.fullName,
      phone: contactPerson.phone,
      sourceName: sourcePerson.fullName,
      sourceProvince: sourcePerson.provinceCode,
      sourceDistrict: sourcePerson.districtCode,
      sourceCommune: sourcePerson.communeCode,
      venueName: venues.name,
      degree: personEpiStatus.degree,
      proposedDegree: personEpiStatus.proposedDegree,
      epiStatus: personEpiStatus.status,
    })
    .from(contacts)
    .innerJoin(contactPerson, eq(contactPerson.id, contacts.personId))
    .innerJoin(sourcePerson, eq(sourcePerson.id, contacts.sourcePersonId))
    .leftJoin(venues, eq(venues.id, contacts.venueId))
    .leftJoin(
      personEpiStatus,
      and(
        eq(personEpiStatus.personId, contacts.personId),
        eq(personEpiStatus.diseaseCode, contacts.diseaseCode),
      ),
    )
    .where(and(scopeFor(access, contacts), condition))
    .orderBy(
      ...(order === 'overlap' ? [sql`${contacts.durationMinutes} desc nulls last`] : []),
      asc(contacts.createdAt),
      asc(contacts.id),
    )
    .limit(limit);
  return rows.map((r) => ({
    id: r.k.id,
    caseId: r.k.caseId,
    sourcePersonId: r.k.sourcePersonId,
    sourceName: placeWithin(access, {
      provinceCode: r.sourceProvince,
      districtCode: r.sourceDistrict,
      communeCode: r.sourceCommune,
    })
      ? r.sourceName
      : null,
    personId: r.k.personId,
    fullName: r.fullName,
    phone: r.phone,
    communeCode: r.k.communeCode,
    diseaseCode: r.k.diseaseCode,
    exposureType: r.k.exposureType,
    exposureDate: r.k.exposureDate,
    durationMinutes: r.k.durationMinutes,
    source: r.k.source,
    venueId: r.k.venueId,
    venueName: r.venueName,
    status: r.k.status,
    decidedAt: r.k.decidedAt,
    followUpStatus: r.k.followUpStatus,
    monitoringUntil: r.k.monitoringUntil,
    assignedTracerId: r.k.assignedTracerId,
    note: r.k.note,
    degree: r.degree,
    proposedDegree: r.proposedDegree,
    epiStatus: r.epiStatus,
  }));
}

/** The contact lists' order: oldest first (the longest waiting is called first). */
const CONTACT_KEY: KeyPart[] = [
  { column: contacts.createdAt, type: 'timestamptz' },
  { column: contacts.id, type: 'uuid' },
];

/**
 * The case page's order as an ascending key: longest known exposure first (a duration d sorts as
 * -d; none sorts as 1, after every duration), then oldest first — `listContacts`' `overlap` order.
 */
const OVERLAP_KEY: KeyPart[] = [
  { column: sql`(-coalesce(${contacts.durationMinutes}, -1))`, type: 'int' },
  ...CONTACT_KEY,
];

/**
 * One keyset page of the contacts matching a condition (filters in SQL, oldest first), with names
 * and degrees, and the cursor of the next page.
 */
export async function pageContacts(
  db: DbOrTx,
  access: Access,
  condition: SQL | undefined,
  page: { cursor?: string; limit: number },
  order: ContactOrder = 'created',
) {
  const key = order === 'overlap' ? OVERLAP_KEY : CONTACT_KEY;
  const keys = await db
    .select({ id: contacts.id, k: sql<string[]>`array[${sql.join(keyText(key), sql`, `)}]` })
    .from(contacts)
    .where(and(scopeFor(access, contacts), condition, afterCursor(key, page.cursor, 'asc')))
    .orderBy(...orderByKey(key, 'asc'))
    .limit(page.limit + 1);
  const { items: ids, nextCursor } = pageOf(keys, page.limit, (r) => r.k);
  if (ids.length === 0) return { items: [], nextCursor };
  const rows = await listContacts(
    db,
    access,
    inArray(
      contacts.id,
      ids.map((r) => r.id),
    ),
    ids.length,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: ids.flatMap((r) => byId.get(r.id) ?? []), nextCursor };
}

/** Contacts of a case outside the caller's jurisdiction: only their number. */
export async function countContactsOutside(db: DbOrTx, access: Access, caseId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(contacts)
    .where(and(eq(contacts.caseId, caseId), sql`not (${scopeFor(access, contacts)})`));
  return r?.n ?? 0;
}
