/**
 * Test sites and their sessions (time slots with a capacity). Sites and sessions carry the
 * site's place, so the site's commune station and district centre manage them (site-service.ts).
 */
import { z } from 'zod';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import {
  createTestSession,
  createTestSite,
  listTestSessions,
  listTestSites,
  openSlotsForBooking,
  updateTestSite,
} from './site-service.ts';

const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  facilityId: z.string().nullable(),
  address: z.string().nullable(),
  active: z.boolean(),
  communeCode: z.string().nullable(),
  districtCode: z.string().nullable(),
});

/** A session as listed (free places computed). */
export const sessionSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  capacity: z.number(),
  booked: z.number(),
  free: z.number(),
});

export const testSiteRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/testing/sites',
    summary: 'Test sites of my jurisdiction',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    query: z.strictObject(pageQuery(200, 500)),
    response: z.object({ items: z.array(siteSchema), nextCursor: nextCursorSchema }),
    handler: ({ tx, access, query }) => listTestSites(tx, access, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/testing/sites',
    summary: 'Open a test site in a commune of my jurisdiction (optionally a registered facility)',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:manage' },
    personalData: false,
    successStatus: 201,
    body: z.strictObject({
      name: z.string().trim().min(2).max(160),
      communeCode: z.string().regex(/^\d{5}$/u),
      address: z.string().trim().max(300).nullable().optional(),
      facilityId: z.uuid().nullable().optional(),
    }),
    response: z.object({ id: z.string() }),
    handler: ({ tx, access, origin, body }) => createTestSite(tx, access, origin, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/testing/sites/:id',
    summary: 'Rename, move the address of, close or reopen a test site',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:manage' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({
      name: z.string().trim().min(2).max(160).optional(),
      address: z.string().trim().max(300).nullable().optional(),
      active: z.boolean().optional(),
    }),
    response: z.object({ site: siteSchema }),
    handler: ({ tx, access, origin, params, body }) => updateTestSite(tx, access, origin, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/testing/sessions',
    summary: 'Time slots of a site (or of every site of my jurisdiction) from a time on',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    query: z.strictObject({
      siteId: z.uuid().optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      ...pageQuery(200, 500),
    }),
    response: z.object({ items: z.array(sessionSchema), nextCursor: nextCursorSchema }),
    handler: ({ tx, access, query }) => listTestSessions(tx, access, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/testing/sessions',
    summary: 'Add a time slot with its capacity to a test site',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:manage' },
    personalData: false,
    successStatus: 201,
    body: z
      .strictObject({
        siteId: z.uuid(),
        startsAt: z.iso.datetime({ offset: true }),
        endsAt: z.iso.datetime({ offset: true }),
        capacity: z.number().int().min(1).max(10_000),
      })
      .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), {
        path: ['endsAt'],
        message: 'endsAt must be after startsAt',
      }),
    response: z.object({ id: z.string() }),
    handler: ({ tx, access, origin, body }) => createTestSession(tx, access, origin, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/testing/sites',
    summary:
      'Open test sites with their coming time slots that still have places (citizen booking; keyset-paginated by slot, a site may continue on the next page)',
    tags: ['testing', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: false,
    query: z.strictObject({
      districtCode: z
        .string()
        .regex(/^\d{3}$/u)
        .optional(),
      ...pageQuery(200, 500),
    }),
    response: z.object({
      items: z.array(siteSchema.extend({ sessions: z.array(sessionSchema) })),
      nextCursor: nextCursorSchema,
    }),
    handler: ({ tx, query }) => openSlotsForBooking(tx, query),
  }),
];
