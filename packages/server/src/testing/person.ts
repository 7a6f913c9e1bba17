/** A person's tests: the testing section of the official person page, and the citizen's own results. */
import { AppError } from '@epilink/core';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { citizenPersonIds, scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  persons,
  specimens,
  testRegistrations,
  testResults,
  testSessions,
  testSites,
} from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';

const resultItem = z.object({
  id: z.string(),
  personId: z.string(),
  barcode: z.string(),
  testType: z.string(),
  diseaseCode: z.string(),
  outcome: z.string(),
  ct: z.number().nullable(),
  sampledAt: z.date(),
  resultedAt: z.date(),
  source: z.string(),
});
const registrationItem = z.object({
  id: z.string(),
  personId: z.string(),
  siteName: z.string(),
  startsAt: z.date().nullable(),
  testType: z.string(),
  reason: z.string(),
  status: z.string(),
  createdAt: z.date(),
});

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

const testsResponse = z.object({ results: z.array(resultItem), registrations: z.array(registrationItem) });

export const personTestingRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/persons/:id/testing',
    summary: "A person's test registrations and results (the person page's testing section)",
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: testsResponse,
    async handler({ deps, access, origin, params }) {
      const { db } = deps.database;
      const [p] = await db
        .select({ id: persons.id })
        .from(persons)
        .where(and(eq(persons.id, params.id), scopeFor(access, persons)));
      if (!p) throw new AppError('NOT_FOUND');
      const out = await testsOf(db, [p.id]);
      await writeAudit(db, access, origin, {
        action: 'read',
        entity: 'test_result',
        personId: p.id,
        fields: ['results', 'registrations'],
      });
      return out;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/testing',
    summary: 'My test bookings and results (and those of the household members I am guardian of)',
    tags: ['testing', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    response: testsResponse,
    async handler({ deps, access, origin }) {
      const { db } = deps.database;
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
    },
  }),
];
