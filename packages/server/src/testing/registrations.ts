/** Test registration routes: staff register and list, citizens book and cancel (see register.ts). */
import { REGISTRATION_REASONS, SPECIMEN_TEST_TYPES } from '@epilink/core';
import { z } from 'zod';
import { SITE_AUDIT_LIMIT } from '../access/site.ts';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { cancelRegistration, listRegistrations, register } from './register.ts';

const registrationBody = {
  personId: z.uuid(),
  testType: z.enum(SPECIMEN_TEST_TYPES),
  reason: z.enum(REGISTRATION_REASONS),
};

/** A registration as staff lists it. */
export const registrationSchema = z.object({
  id: z.string(),
  personId: z.string(),
  fullName: z.string(),
  /** Date of birth and masked ID of a resident of my jurisdiction (null for a visitor). */
  dateOfBirth: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  yearOfBirth: z.string().nullable(),
  resident: z.boolean(),
  siteId: z.string(),
  sessionId: z.string().nullable(),
  testType: z.string(),
  reason: z.string(),
  status: z.string(),
  registeredVia: z.string(),
  createdAt: z.date(),
});

export const testRegistrationRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/testing/registrations',
    summary: 'Register a person of my jurisdiction for a test at a site (optionally in a time slot)',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    successStatus: 201,
    body: z.strictObject({
      ...registrationBody,
      siteId: z.uuid(),
      sessionId: z.uuid().nullable().optional(),
    }),
    response: z.object({ id: z.string() }),
    async handler({ tx, access, origin, body }) {
      const r = await register(tx, access, origin, body);
      return { id: r.id };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/testing/registrations',
    summary: 'Registrations at a site or in a time slot (people of my jurisdiction), newest first',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: true,
    query: z.strictObject({
      siteId: z.uuid().optional(),
      sessionId: z.uuid().optional(),
      status: z.enum(['booked', 'collected', 'cancelled', 'no_show']).optional(),
      // A page at a time: each page's people are audited one by one (the site rule).
      ...pageQuery(200, Math.min(500, SITE_AUDIT_LIMIT)),
    }),
    response: z.object({ items: z.array(registrationSchema), nextCursor: nextCursorSchema }),
    handler: ({ tx, access, origin, query }) => listRegistrations(tx, access, origin, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/testing/registrations/:id/close',
    summary: 'Close a booked registration of my jurisdiction: cancelled (place given back) or no-show',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ status: z.enum(['cancelled', 'no_show']) }),
    response: z.object({ ok: z.literal(true) }),
    async handler({ tx, access, origin, params, body }) {
      await cancelRegistration(tx, access, origin, params.id, body.status);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/testing/registrations',
    summary: 'Book a test for myself or a household member I am guardian of: a site and a time slot',
    tags: ['testing', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    successStatus: 201,
    body: z.strictObject({ ...registrationBody, sessionId: z.uuid() }),
    response: z.object({ id: z.string() }),
    async handler({ tx, access, origin, body }) {
      const r = await register(tx, access, origin, body);
      return { id: r.id };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/testing/registrations/:id/cancel',
    summary: 'Cancel one of my bookings (its place goes back to the slot)',
    tags: ['testing', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: z.object({ ok: z.literal(true) }),
    async handler({ tx, access, origin, params }) {
      await cancelRegistration(tx, access, origin, params.id);
      return { ok: true as const };
    },
  }),
];
