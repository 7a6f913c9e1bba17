/** A person's tests: the testing section of the official person page, and the citizen's own results. */
import { z } from 'zod';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { myTests, personTests } from './person-tests.ts';

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

const testsResponse = z.object({
  results: z.array(resultItem),
  resultsNextCursor: nextCursorSchema,
  registrations: z.array(registrationItem),
  registrationsNextCursor: nextCursorSchema,
});
/** A page of each list; a cursor continues its own list only (the other comes back empty). */
const testsQuery = z.strictObject({
  limit: pageQuery(100, 200).limit,
  resultsCursor: pageQuery(100, 200).cursor,
  registrationsCursor: pageQuery(100, 200).cursor,
});

export const personTestingRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/persons/:id/testing',
    summary: "A person's test registrations and results (the person page's testing section)",
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    query: testsQuery,
    response: testsResponse,
    handler: ({ tx, access, origin, params, query }) => personTests(tx, access, origin, params.id, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/testing',
    summary: 'My test bookings and results (and those of the household members I am guardian of)',
    tags: ['testing', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    query: testsQuery,
    response: testsResponse,
    handler: ({ tx, access, origin, query }) => myTests(tx, access, origin, query),
  }),
];
