/**
 * Sites, slots and bookings of a campaign round (issue #16 item 7): officials list a round's sites
 * and slots, add a day's slots at one of its sites and book a resident or their household; the
 * resident books from the signed link of their SMS invitation (public, no sign-in, no name shown).
 */
import { AppError } from '@epilink/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { registrationOfBookingToken } from '../quarantine/links.ts';
import type { KeySource } from '../quarantine/links.ts';
import { bookByLink, bookingContext } from './public-booking.ts';
import { addRoundSlots, bookMembers, roundSlots } from './slots.ts';

const params = z.strictObject({ id: z.uuid(), roundId: z.uuid() });
const token = z.strictObject({ token: z.string().min(20).max(120) });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/u);
const slot = z.object({
  id: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  capacity: z.number(),
  booked: z.number(),
  free: z.number(),
});
const bookedSlot = z.object({ siteName: z.string(), startsAt: z.date(), endsAt: z.date() });
const LINK_KEY = 'campaign booking link: the signing key';

async function tokenRegistration(keys: KeySource, t: string): Promise<string> {
  const id = await registrationOfBookingToken(keys, t);
  if (!id) throw new AppError('NOT_FOUND');
  return id;
}

export const slotRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/zones/:id/rounds/:roundId/slots',
    summary:
      'A round’s sampling sites (its own and the active sites of the zone’s communes) with their time slots in the round’s days',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    params,
    response: z.object({
      sites: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          address: z.string().nullable(),
          communeCode: z.string().nullable(),
          sessions: z.array(slot),
        }),
      ),
    }),
    handler: ({ tx, access, params: p }) => roundSlots(tx, access, p.id, p.roundId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/zones/:id/rounds/:roundId/slots',
    summary: 'Add a day’s time slots (every N minutes from–to, capacity each) at one of the round’s sites',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:manage' },
    personalData: false,
    successStatus: 201,
    params,
    body: z.strictObject({
      siteId: z.uuid(),
      day: z.iso.date(),
      from: hhmm,
      to: hhmm,
      minutes: z.number().int().min(10).max(480),
      capacity: z.number().int().min(1).max(10_000),
    }),
    response: z.object({ added: z.number() }),
    handler: ({ tx, access, origin, params: p, body }) =>
      addRoundSlots(tx, access, origin, p.id, p.roundId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/zones/:id/rounds/:roundId/bookings',
    summary:
      'Book a resident of the round, or their whole household among its members, into one of its slots (places held under a row lock; audited per person)',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:manage' },
    personalData: true,
    params,
    body: z.strictObject({ personId: z.uuid(), sessionId: z.uuid(), household: z.boolean().default(false) }),
    response: bookedSlot.extend({ booked: z.number() }),
    handler: ({ tx, access, origin, params: p, body }) =>
      bookMembers(tx, access, origin, p.id, p.roundId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/campaign-bookings/:token',
    summary:
      'The booking page behind an SMS invitation link: the campaign, its days, the current slot and the coming slots with places (no name)',
    tags: ['zones', 'public'],
    auth: { kind: 'public' },
    personalData: false,
    params: token,
    response: z.object({
      zoneName: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
      open: z.boolean(),
      current: bookedSlot.extend({ sessionId: z.string().nullable() }).nullable(),
      sites: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          address: z.string().nullable(),
          sessions: z.array(
            z.object({ id: z.string(), startsAt: z.date(), endsAt: z.date(), free: z.number() }),
          ),
        }),
      ),
    }),
    handler: async ({ tx, params: p, deps }) =>
      bookingContext(tx, await tokenRegistration(deps.system(LINK_KEY), p.token), new Date()),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public/campaign-bookings/:token',
    summary: 'Book the slot tapped on the invitation link’s page (no sign-in; valid for that round member)',
    tags: ['zones', 'public'],
    auth: { kind: 'public' },
    personalData: false,
    params: token,
    body: z.strictObject({ sessionId: z.uuid() }),
    response: bookedSlot,
    handler: async ({ tx, access, origin, params: p, body, deps }) =>
      bookByLink(tx, access, origin, await tokenRegistration(deps.system(LINK_KEY), p.token), body.sessionId),
  }),
];
