/** GET /api/vaccination/persons/:id/standing (#19 item 3; the service is standing.ts). */
import { localDay } from '@epilink/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { vaccinationStanding } from './standing.ts';

const standingSchema = z.object({
  day: z.string(),
  epiStatus: z.string().nullable(),
  order: z.object({ role: z.enum(['F0', 'F1']), kind: z.string(), endDate: z.string() }).nullable(),
  lastPositiveOn: z.string().nullable(),
  advice: z.object({
    action: z.enum(['vaccinate', 'defer']),
    reasons: z.array(z.string()),
    until: z.string().nullable(),
  }),
  ruleSource: z.string().nullable(),
});

/** The route of the vaccination desk's standing panel. */
export const vaccinationStandingRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/vaccination/persons/:id/standing',
    summary:
      'A person’s standing before a dose (case or isolation, F1 or quarantine, recent positive test) and what the rule in force says to do',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    query: z.strictObject({ date: z.iso.date().optional() }),
    response: standingSchema,
    handler: ({ tx, access, origin, params, query }) =>
      vaccinationStanding(tx, access, origin, params.id, query.date ?? localDay(new Date())),
  }),
];
