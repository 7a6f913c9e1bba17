/**
 * Officials' check-in routes: adoption indicators (aggregates), the overlap search for tracing
 * (by person, by venue; audited with their purpose), and the venue's scanner for visitors without
 * a smartphone (personal QR or CCCD card QR).
 */
import { today } from '@epilink/core';
import { z } from 'zod';
import { nextCursorSchema, pageQuery } from '../../http/page.ts';
import { defineRoute } from '../../http/route.ts';
import { activityReport, quietVenues } from '../activity.ts';
import { refreshCheckinRollup } from '../rollup.ts';
import { findCheckinContacts, findVenueVisitors } from '../overlap.ts';
import { scanCheckin, scannerVenue } from '../scan.ts';
import { visitSchema, windowSchema } from './schemas.ts';
import { recentDeclarationSchema, recentDeclarations } from '../../declarations/recent.ts';

const activityRow = z.object({
  key: z.string(),
  name: z.string().nullable(),
  registered: z.number(),
  active: z.number(),
  checkinsToday: z.number(),
  checkins7Days: z.number(),
});

/** When each server (its config) last refreshed the rollup from a page view. */
const lastRefresh = new WeakMap<object, number>();

const quietVenue = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  communeCode: z.string(),
  lastCheckinDay: z.string().nullable(),
});

export const checkinOfficialRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/checkins/activity',
    summary:
      'Registered vs active venues, check-ins per day, by district, commune and type (in the units of unitsAsOf); quiet venues',
    tags: ['checkin'],
    auth: { kind: 'user', permission: 'checkin:activity' },
    personalData: false,
    query: z.strictObject({
      /** The day reported (default today): check-ins that day and in the active window ending then. */
      asOf: z.iso.date().optional(),
      /** The units to report in: the list in force on this day (default today's). */
      unitsAsOf: z.iso.date().optional(),
    }),
    response: z.object({
      asOf: z.string(),
      unitsAsOf: z.string(),
      totals: z.object({ registered: z.number(), active: z.number(), checkinsToday: z.number() }),
      byDistrict: z.array(activityRow),
      byCommune: z.array(activityRow),
      byType: z.array(activityRow),
      perDay: z.array(z.object({ day: z.string(), count: z.number() })),
      quiet: z.array(quietVenue),
      quietNextCursor: nextCursorSchema,
    }),
    async handler({ tx, deps, access, query }) {
      // The maintenance loop refreshes the rollup every 30 s; a page view refreshes at most every
      // 10 s (incremental; skipped at once if another process is refreshing).
      if (Date.now() - (lastRefresh.get(deps.config) ?? 0) > 10_000) {
        lastRefresh.set(deps.config, Date.now());
        await refreshCheckinRollup(deps.system('check-in rollup refresh (aggregates, no personal data)').db);
      }
      // Noon UTC of the day asked for is that same day on the province's clock (UTC+7).
      const now = query.asOf ? new Date(`${query.asOf}T12:00:00Z`) : new Date();
      return activityReport(tx, access, now, query.unitsAsOf ?? today());
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/checkins/activity/quiet',
    summary: 'Approved venues with no check-in in the active window, by commune and name (keyset-paginated)',
    tags: ['checkin'],
    auth: { kind: 'user', permission: 'checkin:activity' },
    personalData: false,
    query: z.strictObject(pageQuery(100, 500)),
    response: z.object({ items: z.array(quietVenue), nextCursor: nextCursorSchema }),
    handler: ({ tx, access, query }) => quietVenues(tx, access, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/checkins/contacts',
    summary:
      'Overlap search: who was at the same venue at the same time as these people in a window (audited)',
    tags: ['checkin', 'tracing'],
    auth: { kind: 'user', permission: 'checkin:trace' },
    personalData: true,
    body: z.strictObject({ personIds: z.array(z.uuid()).min(1).max(20), ...windowSchema }),
    response: z.object({
      contacts: z.array(
        z.object({
          personId: z.string().nullable(),
          fullName: z.string().nullable(),
          guestPhone: z.string().nullable(),
          venue: z.object({ id: z.string(), name: z.string(), communeCode: z.string() }),
          exposureDate: z.string(),
          overlapMinutes: z.number(),
          firstOverlapAt: z.string(),
          /** Their latest declaration of the last 14 days (with `declaration:read`; #15 item 7). */
          declaration: recentDeclarationSchema.nullable(),
        }),
      ),
      outsideJurisdiction: z.number(),
    }),
    async handler({ tx, access, body, origin }) {
      const found = await findCheckinContacts(
        tx,
        access,
        {
          personIds: body.personIds,
          from: new Date(body.from),
          to: new Date(body.to),
          purpose: body.purpose,
        },
        origin,
      );
      const recent = await recentDeclarations(
        tx,
        access,
        origin,
        found.contacts.map((c) => c.personId),
        body.purpose,
      );
      return {
        ...found,
        contacts: found.contacts.map((c) => ({
          ...c,
          declaration: (c.personId && recent.get(c.personId)) || null,
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/checkins/venue-visits',
    summary: 'Everyone at a venue during a window (venue outbreak; audited)',
    tags: ['checkin', 'tracing'],
    auth: { kind: 'user', permission: 'checkin:trace' },
    personalData: true,
    body: z.strictObject({ venueId: z.uuid(), ...windowSchema }),
    response: z.object({
      venue: z.object({ id: z.string(), name: z.string() }),
      visits: z.array(
        z.object({
          personId: z.string().nullable(),
          fullName: z.string().nullable(),
          guestPhone: z.string().nullable(),
          checkedInAt: z.string(),
          checkedOutAt: z.string(),
          method: z.string(),
          /** Their latest declaration of the last 14 days (with `declaration:read`; #15 item 7). */
          declaration: recentDeclarationSchema.nullable(),
        }),
      ),
    }),
    async handler({ tx, access, body, origin }) {
      const found = await findVenueVisitors(
        tx,
        access,
        { venueId: body.venueId, from: new Date(body.from), to: new Date(body.to), purpose: body.purpose },
        origin,
      );
      const recent = await recentDeclarations(
        tx,
        access,
        origin,
        found.visits.map((v) => v.personId),
        body.purpose,
      );
      return {
        ...found,
        visits: found.visits.map((v) => ({
          ...v,
          declaration: (v.personId && recent.get(v.personId)) || null,
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/venues/:id/scan',
    summary: 'Check in a visitor by scanning their personal QR or CCCD card QR at my venue',
    tags: ['checkin'],
    auth: { kind: 'user', permission: 'checkin:scan' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ qr: z.string().max(2000) }),
    response: z.object({ name: z.string(), visit: visitSchema.omit({ personId: true }) }),
    async handler({ tx, access, params, body, lang, audit }) {
      const venue = await scannerVenue(tx, access, params.id);
      // In the chain's transaction: the check-in and its audit row commit or roll back together.
      const { name, format, outcome } = await scanCheckin(tx, access, {
        token: venue.token,
        qr: body.qr,
        lang,
      });
      await audit({
        action: 'create',
        entity: 'checkin',
        entityId: venue.id,
        fields: ['venue', 'checkedInAt', 'guestName'],
        details: { method: 'scan', format, checkinId: outcome.checkinId },
      });
      return { name, visit: { ...outcome, id: outcome.checkinId } };
    },
  }),
];
