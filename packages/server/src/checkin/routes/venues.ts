/**
 * Venue registry routes: owners register venues and see them with visitor counts (never
 * identities); the commune health station (district, province) approves, suspends, rejects,
 * re-issues QR tokens and prints posters, one venue or a whole commune.
 */
import { AppError, VENUE_STATUSES, isOpeningHours } from '@epilink/core';
import { z } from 'zod';
import type { Access } from '../../access/context.ts';
import { hasPermission } from '../../access/context.ts';
import { defineRoute } from '../../http/route.ts';
import { posterPdf } from '../poster.ts';
import { nextCursorSchema, pageQuery } from '../../http/page.ts';
import { allVenues, getVenue, listVenues, registerVenue, reissueToken, reviewVenue } from '../venues.ts';
import { venueTypeSchema } from './schemas.ts';

const venueSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  address: z.string(),
  communeCode: z.string(),
  districtCode: z.string(),
  communeName: z.string().nullable(),
  capacity: z.number().nullable(),
  openingHours: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  defaultStayMinutes: z.number(),
  status: z.enum(VENUE_STATUSES),
  token: z.string().nullable(),
  createdAt: z.string(),
  counts: z.object({ today: z.number(), last7Days: z.number(), presentNow: z.number() }),
});

const registerBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  type: venueTypeSchema,
  address: z.string().trim().min(1).max(300),
  communeCode: z.string().regex(/^\d{5}$/u),
  capacity: z.number().int().min(1).max(1_000_000).nullable().optional(),
  openingHours: z
    .string()
    .max(100)
    .refine((v) => isOpeningHours(v))
    .nullable()
    .optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  defaultStayMinutes: z.number().int().min(5).max(720).optional(),
});

const idParam = z.strictObject({ id: z.uuid() });
const sizeQuery = z.strictObject({ size: z.enum(['A4', 'A5']).default('A4') });

/** Owners manage their venues; approvers those of their jurisdiction. */
function requireVenueRole(access: Access): void {
  if (!hasPermission(access, 'venue:manage') && !hasPermission(access, 'venue:approve'))
    throw new AppError('FORBIDDEN');
}

export const venueRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/venues',
    summary: 'Register a venue (owner); it awaits approval by the commune health station',
    tags: ['checkin'],
    auth: { kind: 'user', permission: 'venue:manage' },
    personalData: false,
    body: registerBody,
    successStatus: 201,
    response: z.object({ venue: venueSchema }),
    async handler({ tx, access, body, origin }) {
      const id = await registerVenue(tx, access, origin, body);
      return { venue: await getVenue(tx, access, id) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/venues/mine',
    summary: 'My venues with their status, QR token and visitor counts (no identities)',
    tags: ['checkin'],
    auth: { kind: 'user', permission: 'venue:manage' },
    personalData: false,
    query: z.strictObject(pageQuery(100, 500)),
    response: z.object({ items: z.array(venueSchema), nextCursor: nextCursorSchema }),
    async handler({ tx, access, query }) {
      return listVenues(tx, access, query);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/venues',
    summary: 'Venues in my jurisdiction, by status and commune (for approval and posters)',
    tags: ['checkin'],
    auth: { kind: 'user', permission: 'venue:approve' },
    personalData: false,
    query: z.strictObject({
      status: z.enum(VENUE_STATUSES).optional(),
      communeCode: z
        .string()
        .regex(/^\d{5}$/u)
        .optional(),
      ...pageQuery(100, 500),
    }),
    response: z.object({ items: z.array(venueSchema), nextCursor: nextCursorSchema }),
    async handler({ tx, access, query }) {
      return listVenues(tx, access, query);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/venues/:id/review',
    summary: 'Approve, reject or suspend a venue in my jurisdiction',
    tags: ['checkin'],
    auth: { kind: 'user', permission: 'venue:approve' },
    personalData: false,
    params: idParam,
    body: z.strictObject({ status: z.enum(['approved', 'rejected', 'suspended']) }),
    response: z.object({ venue: venueSchema }),
    async handler({ tx, access, params, body, origin }) {
      await reviewVenue(tx, access, origin, params.id, body.status);
      return { venue: await getVenue(tx, access, params.id) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/venues/:id/token',
    summary: 'Revoke the venue’s QR token and issue a new one (old posters stop working)',
    tags: ['checkin'],
    auth: { kind: 'user', permission: 'unit:read' },
    personalData: false,
    params: idParam,
    response: z.object({ venue: venueSchema }),
    async handler({ tx, access, params, origin }) {
      requireVenueRole(access);
      await reissueToken(tx, access, origin, params.id);
      return { venue: await getVenue(tx, access, params.id) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/venues/:id/poster.pdf',
    summary: 'The venue’s printable QR poster (PDF, A4 or A5, Vietnamese)',
    tags: ['checkin'],
    auth: { kind: 'user', permission: 'unit:read' },
    personalData: false,
    params: idParam,
    query: sizeQuery,
    response: null,
    async handler({ deps, tx, access, params, query, reply }) {
      requireVenueRole(access);
      const v = await getVenue(tx, access, params.id);
      if (v.status !== 'approved' || !v.token) throw new AppError('VENUE_NOT_OPEN');
      const pdf = await posterPdf([{ ...v, token: v.token }], {
        size: query.size,
        baseUrl: deps.config.publicUrl,
      });
      await reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="poster-${v.id}-${query.size}.pdf"`)
        .send(pdf);
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/venues/posters.pdf',
    summary: 'Posters of every approved venue of a commune in my jurisdiction (one PDF, a page each)',
    tags: ['checkin'],
    auth: { kind: 'user', permission: 'venue:approve' },
    personalData: false,
    query: sizeQuery.extend({ communeCode: z.string().regex(/^\d{5}$/u) }),
    response: null,
    async handler({ deps, tx, access, query, reply }) {
      const list = (
        await allVenues(tx, access, {
          status: 'approved',
          communeCode: query.communeCode,
        })
      )
        .filter((v) => v.token !== null)
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      const pdf = await posterPdf(
        list.map((v) => ({ ...v, token: v.token! })),
        { size: query.size, baseUrl: deps.config.publicUrl },
      );
      await reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="posters-${query.communeCode}-${query.size}.pdf"`)
        .send(pdf);
      return undefined;
    },
  }),
];
