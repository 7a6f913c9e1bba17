import { ATTESTED_GROUPS, SCREENING_QUESTION_KEYS } from '@epilink/core';
import { z } from 'zod';
import { SITE_AUDIT_LIMIT } from '../access/site.ts';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { recordDose, voidDose } from './doses.ts';
import { createSession, listSessions, personVaccination, sessionWithDoses } from './sessions.ts';

const isoDate = z.iso.date();
const screeningSchema = z.strictObject(
  Object.fromEntries(SCREENING_QUESTION_KEYS.map((k) => [k, z.boolean()])) as Record<
    (typeof SCREENING_QUESTION_KEYS)[number],
    z.ZodBoolean
  >,
);

const sessionSchema = z.object({
  id: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  /** The site's kind: at a hospital a "refer" screening outcome may be vaccinated. */
  facilityKind: z.string(),
  date: z.string(),
  productCodes: z.array(z.string()),
  target: z.object({
    ageMin: z.number().nullable(),
    ageMax: z.number().nullable(),
    priorityGroups: z.array(z.string()),
    communeCodes: z.array(z.string()),
  }),
  status: z.string(),
  doseCount: z.number(),
});

export const vaccinationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/vaccination/sessions',
    summary: 'Sessions at the sites of your jurisdiction on a day',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: false,
    query: z.strictObject({ date: isoDate.optional(), ...pageQuery(100, 500) }),
    response: z.object({ items: z.array(sessionSchema), nextCursor: nextCursorSchema }),
    handler: ({ tx, access, query }) => listSessions(tx, access, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/sessions',
    summary: 'Open a session at a site: day, vaccines offered, target list (ages, priority groups, communes)',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:write' },
    personalData: false,
    successStatus: 201,
    body: z.strictObject({
      facilityId: z.uuid(),
      date: isoDate,
      productCodes: z.array(z.string().min(1).max(40)).min(1).max(10),
      target: z
        .strictObject({
          ageMin: z.number().int().min(0).max(120).nullable().default(null),
          ageMax: z.number().int().min(0).max(120).nullable().default(null),
          priorityGroups: z.array(z.string().max(60)).max(20).default([]),
          communeCodes: z
            .array(z.string().regex(/^\d{5}$/u))
            .max(50)
            .default([]),
        })
        .default({ ageMin: null, ageMax: null, priorityGroups: [], communeCodes: [] }),
    }),
    response: z.object({ id: z.string() }),
    handler: ({ tx, access, origin, body }) => createSession(tx, access, origin, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vaccination/sessions/:id',
    summary: 'A session with the doses recorded in it (the session screen)',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    // A page of doses at a time: each page's people are audited one by one (the site rule).
    query: z.strictObject(pageQuery(200, SITE_AUDIT_LIMIT)),
    response: z.object({
      session: sessionSchema,
      doses: z.array(
        z.object({
          id: z.string(),
          personId: z.string(),
          fullName: z.string(),
          productCode: z.string(),
          doseNumber: z.number(),
          lotNumber: z.string(),
          createdAt: z.date(),
          /** The person lives in my jurisdiction (else: only this dose's operational fields). */
          resident: z.boolean(),
        }),
      ),
      nextCursor: nextCursorSchema,
    }),
    handler: ({ tx, access, params, query, origin }) =>
      sessionWithDoses(tx, access, origin, { id: params.id, ...query }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/doses',
    summary:
      'Record a dose after screening: updates stock, status, coverage and issues the signed certificate',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:write' },
    personalData: true,
    successStatus: 201,
    body: z.strictObject({
      personId: z.uuid(),
      facilityId: z.uuid(),
      sessionId: z.uuid().nullable().optional(),
      productCode: z.string().min(1).max(40),
      lotId: z.uuid(),
      date: isoDate,
      screening: screeningSchema,
      groups: z.array(z.enum(ATTESTED_GROUPS)).max(ATTESTED_GROUPS.length).optional(),
      vaccinatorName: z.string().trim().max(120).nullable().optional(),
    }),
    response: z.object({
      doseId: z.string(),
      doseNumber: z.number(),
      doseKind: z.string(),
      status: z.string(),
      next: z
        .object({ doseNumber: z.number(), kind: z.string(), earliest: z.string(), due: z.string() })
        .nullable(),
      certificate: z.object({ id: z.string(), uvci: z.string() }).nullable(),
      screeningOutcome: z.string(),
    }),
    handler: ({ tx, deps, access, origin, body }) => recordDose(tx, deps, access, origin, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/doses/:id/void',
    summary: 'Void a dose entered in error (status, coverage and certificate follow)',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ reason: z.string().trim().min(1).max(300) }),
    response: z.object({ ok: z.literal(true) }),
    async handler({ tx, deps, access, origin, params, body }) {
      await voidDose(tx, deps, access, origin, params.id, body.reason);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/persons/:id/vaccination',
    summary: "A person's doses and vaccination status",
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: z.object({
      status: z
        .object({
          status: z.string(),
          dosesGiven: z.number(),
          nextDue: z.string().nullable(),
          nextDoseNumber: z.number().nullable(),
        })
        .nullable(),
      doses: z.array(
        z.object({
          id: z.string(),
          date: z.string(),
          productCode: z.string(),
          doseNumber: z.number(),
          doseKind: z.string(),
          voided: z.boolean(),
        }),
      ),
    }),
    handler: ({ tx, access, params, origin }) => personVaccination(tx, access, origin, params.id),
  }),
];
