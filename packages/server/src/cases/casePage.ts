/**
 * The case page read: the case (in the caller's jurisdiction), its person, epi status, the first
 * page of its contacts in the caller's jurisdiction (longest exposure first; more by cursor from
 * `GET /api/cases/:id/contacts`), the number outside it, and the interviews — with the audit rows
 * naming every person shown.
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import type { AuditEntry } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { caseInterviews, contactFollowups, contacts, personEpiStatus, persons } from '../db/schema/index.ts';
import type { StoredEvidence } from './intake.ts';
import { caseSummary, countContactsOutside, listContacts, pageContacts } from './queries.ts';
import { caseInScope, contactInScope } from './scope.ts';

/** Contacts shown on the case page before "load more". */
export const CASE_PAGE_CONTACTS = 100;

/** The audit entries of contacts read (one per contact, naming its person). */
export function contactReadEntries(items: readonly { id: string; personId: string }[]): AuditEntry[] {
  return items.map((k) => ({
    action: 'read' as const,
    entity: 'contact',
    entityId: k.id,
    personId: k.personId,
    fields: ['contact'],
  }));
}

/** Everything the case page shows, and the audit entries of the read. */
export async function readCasePage(db: DbOrTx, access: Access, id: string) {
  const c = await caseInScope(db, access, id);
  const [person] = await db.select().from(persons).where(eq(persons.id, c.personId));
  const [status] = await db
    .select()
    .from(personEpiStatus)
    .where(and(eq(personEpiStatus.personId, c.personId), eq(personEpiStatus.diseaseCode, c.diseaseCode)));
  const page = await pageContacts(
    db,
    access,
    eq(contacts.caseId, c.id),
    { limit: CASE_PAGE_CONTACTS },
    'overlap',
  );
  const outside = await countContactsOutside(db, access, c.id);
  // The case's contacts not dismissed, in and outside the jurisdiction (as the case list counts).
  const [counted] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(contacts)
    .where(and(eq(contacts.caseId, c.id), ne(contacts.status, 'dismissed')));
  const interviews = await db
    .select()
    .from(caseInterviews)
    .where(eq(caseInterviews.caseId, c.id))
    .orderBy(asc(caseInterviews.createdAt));
  const audit: AuditEntry[] = [
    {
      action: 'read',
      entity: 'case',
      entityId: c.id,
      personId: c.personId,
      fields: ['case', 'person', 'interviews'],
    },
    ...contactReadEntries(page.items),
  ];
  const fullName = person?.fullName ?? '';
  return {
    audit,
    page: {
      case: {
        ...caseSummary(c, fullName, counted?.n ?? 0),
        ruleId: c.ruleId,
        missingRules: c.missingRules,
        evidence: c.evidence as StoredEvidence[],
        infectiousFrom: c.infectiousFrom,
        infectiousTo: c.infectiousTo,
        symptomatic: c.symptomatic,
        severity: c.severity,
        placeOfCare: c.placeOfCare,
        outcome: c.outcome,
        outcomeDate: c.outcomeDate,
        note: c.note,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      },
      person: {
        id: c.personId,
        fullName,
        dateOfBirth: person?.dateOfBirth ?? null,
        sex: person?.sex ?? null,
        phone: person?.phone ?? null,
        address: person?.address ?? null,
        communeCode: person?.communeCode ?? null,
        districtCode: person?.districtCode ?? null,
        householdId: person?.householdId ?? null,
      },
      epiStatus: status
        ? {
            diseaseCode: status.diseaseCode,
            degree: status.degree,
            proposedDegree: status.proposedDegree,
            status: status.status,
            updatedAt: status.updatedAt,
          }
        : null,
      contacts: page.items,
      contactsNextCursor: page.nextCursor,
      contactsOutsideJurisdiction: outside,
      interviews: interviews.map((i) => ({
        id: i.id,
        answers: i.answers as Record<string, unknown>,
        interviewedBy: i.interviewedBy,
        createdAt: i.createdAt,
      })),
    },
  };
}

/** A contact of the caller's jurisdiction with its follow-up days, oldest due first. */
export async function readContact(db: DbOrTx, access: Access, id: string) {
  const row = await contactInScope(db, access, id);
  const [contact] = await listContacts(db, access, eq(contacts.id, row.id), 1);
  const followUps = await db
    .select()
    .from(contactFollowups)
    .where(eq(contactFollowups.contactId, row.id))
    .orderBy(asc(contactFollowups.dueDate));
  return { row, contact: contact!, followUps };
}
