/**
 * A person's tests for the official person page (a person of the caller's jurisdiction) and for a
 * citizen (their own records and those in their care), each read audited per person.
 */
import { AppError } from '@epilink/core';
import { and, desc, eq, inArray } from 'drizzle-orm';
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

/** Results and registrations of some people (already authorised), newest first. */
async function testsOf(db: DbOrTx, personIds: string[]) {
  if (personIds.length === 0) return { results: [], registrations: [] };
  const results = await db
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
    })
    .from(testResults)
    .innerJoin(specimens, eq(specimens.id, testResults.specimenId))
    .where(inArray(testResults.personId, personIds))
    .orderBy(desc(testResults.sampledAt))
    .limit(200);
  const registrations = await db
    .select({
      id: testRegistrations.id,
      personId: testRegistrations.personId,
      siteName: testSites.name,
      startsAt: testSessions.startsAt,
      testType: testRegistrations.testType,
      reason: testRegistrations.reason,
      status: testRegistrations.status,
      createdAt: testRegistrations.createdAt,
    })
    .from(testRegistrations)
    .innerJoin(testSites, eq(testSites.id, testRegistrations.siteId))
    .leftJoin(testSessions, eq(testSessions.id, testRegistrations.sessionId))
    .where(inArray(testRegistrations.personId, personIds))
    .orderBy(desc(testRegistrations.createdAt))
    .limit(200);
  return { results, registrations };
}

/** The tests of a person of the caller's jurisdiction (NOT_FOUND elsewhere), audited. */
export async function personTests(db: DbOrTx, access: Access, origin: AuditOrigin, personId: string) {
  const [p] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.id, personId), scopeFor(access, persons)));
  if (!p) throw new AppError('NOT_FOUND');
  const out = await testsOf(db, [p.id]);
  await writeAudit(db, access, origin, {
    action: 'read',
    entity: 'test_result',
    personId: p.id,
    fields: ['results', 'registrations'],
  });
  return out;
}

/** The citizen's own tests and those of the household members in their care, audited. */
export async function myTests(db: DbOrTx, access: Access, origin: AuditOrigin) {
  const ids = citizenPersonIds(access);
  const out = await testsOf(db, ids);
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
