/** A person's tests: the testing section of the official person page, and the citizen's own results. */
import { z } from 'zod';
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
    handler: ({ tx, access, origin, params }) => personTests(tx, access, origin, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/testing',
    summary: 'My test bookings and results (and those of the household members I am guardian of)',
    tags: ['testing', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    response: testsResponse,
    handler: ({ tx, access, origin }) => myTests(tx, access, origin),
  }),
];
