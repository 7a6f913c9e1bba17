/**
 * A person's tests for the official person page (a person of the caller's jurisdiction) and for a
 * citizen (their own records and those in their care), each read audited per person.
 */
import { AppError } from '@epilink/core';
import { and, eq, inArray } from 'drizzle-orm';
import { citizenPersonIds, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  persons,
  specimens,
  testRegistrations,
  testResults,
  testSessions,
  testSites,
} from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';

/**
 * Which pages to read: without a cursor both lists' first pages; with a cursor only the list(s)
 * it continues (the other comes back empty, its cursor null). Keyset-paginated, newest first.
 */
export interface TestsPage {
  limit: number;
  resultsCursor?: string | undefined;
  registrationsCursor?: string | undefined;
}

const RESULT_KEY: KeyPart[] = [
  { column: testResults.sampledAt, type: 'timestamptz' },
  { column: testResults.id, type: 'uuid' },
];
const REGISTRATION_KEY: KeyPart[] = [
  { column: testRegistrations.createdAt, type: 'timestamptz' },
  { column: testRegistrations.id, type: 'uuid' },
];

/** Results and registrations of some people (already authorised), newest first, a page of each. */
async function testsOf(db: DbOrTx, personIds: string[], page: TestsPage) {
  const continuing = page.resultsCursor !== undefined || page.registrationsCursor !== undefined;
  const wantResults = personIds.length > 0 && (!continuing || page.resultsCursor !== undefined);
  const wantRegistrations = personIds.length > 0 && (!continuing || page.registrationsCursor !== undefined);
  const [r0, r1] = keyText(RESULT_KEY);
  const results = wantResults
    ? pageOf(
        await db
          .select({
            id: testResults.id,
            personId: testResults.personId,
            barcode: specimens.barcode,
            testType: testResults.testType,
            diseaseCode: testResults.diseaseCode,
            outcome: testResults.outcome,
            ct: testResults.ct,
            sampledAt: testResults.sampledAt,
            resultedAt: testResults.resultedAt,
            source: testResults.source,
            k0: r0!,
            k1: r1!,
          })
          .from(testResults)
          .innerJoin(specimens, eq(specimens.id, testResults.specimenId))
          .where(
            and(
              inArray(testResults.personId, personIds),
              afterCursor(RESULT_KEY, page.resultsCursor, 'desc'),
            ),
          )
          .orderBy(...orderByKey(RESULT_KEY, 'desc'))
          .limit(page.limit + 1),
        page.limit,
        (r) => [r.k0, r.k1],
      )
    : { items: [], nextCursor: null };
  const [g0, g1] = keyText(REGISTRATION_KEY);
  const registrations = wantRegistrations
    ? pageOf(
        await db
          .select({
            id: testRegistrations.id,
            personId: testRegistrations.personId,
            siteName: testSites.name,
            startsAt: testSessions.startsAt,
            testType: testRegistrations.testType,
            reason: testRegistrations.reason,
            status: testRegistrations.status,
            createdAt: testRegistrations.createdAt,
            k0: g0!,
            k1: g1!,
          })
          .from(testRegistrations)
          .innerJoin(testSites, eq(testSites.id, testRegistrations.siteId))
          .leftJoin(testSessions, eq(testSessions.id, testRegistrations.sessionId))
          .where(
            and(
              inArray(testRegistrations.personId, personIds),
              afterCursor(REGISTRATION_KEY, page.registrationsCursor, 'desc'),
            ),
          )
          .orderBy(...orderByKey(REGISTRATION_KEY, 'desc'))
          .limit(page.limit + 1),
        page.limit,
        (r) => [r.k0, r.k1],
      )
    : { items: [], nextCursor: null };
  return {
    results: results.items.map(({ k0: _k0, k1: _k1, ...r }) => r),
    resultsNextCursor: results.nextCursor,
    registrations: registrations.items.map(({ k0: _k0, k1: _k1, ...r }) => r),
    registrationsNextCursor: registrations.nextCursor,
  };
}

/** The tests of a person of the caller's jurisdiction (NOT_FOUND elsewhere), audited. */
export async function personTests(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  personId: string,
  page: TestsPage,
) {
  const [p] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.id, personId), scopeFor(access, persons)));
  if (!p) throw new AppError('NOT_FOUND');
  const out = await testsOf(db, [p.id], page);
  await writeAudit(db, access, origin, {
    action: 'read',
    entity: 'test_result',
    personId: p.id,
    fields: ['results', 'registrations'],
  });
  return out;
}

/** The citizen's own tests and those of the household members in their care, audited. */
export async function myTests(db: DbOrTx, access: Access, origin: AuditOrigin, page: TestsPage) {
  const ids = citizenPersonIds(access);
  const out = await testsOf(db, ids, page);
  await writeAudit(
    db,
    access,
    origin,
    ids.map((id) => ({
      action: 'read' as const,
      entity: 'test_result',
      personId: id,
      fields: ['results', 'registrations'],
    })),
  );
  return out;
}
