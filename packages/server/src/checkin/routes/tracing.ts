/**
 * Officials' check-in routes: adoption indicators (aggregates), the overlap search for tracing
 * (by person, by venue; audited with their purpose), and the venue's scanner for visitors without
 * a smartphone (personal QR or CCCD card QR).
 */
import { AppError } from '@epilink/core';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { venueScope } from '../venues.ts';
import { venueTokens, venues } from '../../db/schema/index.ts';
import { defineRoute } from '../../http/route.ts';
import { activityReport } from '../activity.ts';
import { refreshCheckinRollup } from '../rollup.ts';
import { findCheckinContacts, findVenueVisitors } from '../overlap.ts';
import { scanCheckin } from '../scan.ts';
import { visitSchema, windowSchema } from './schemas.ts';

const activityRow = z.object({
  key: z.string(),
  name: z.string().nullable(),
  registered: z.number(),
  active: z.number(),
  checkinsToday: z.number(),
  checkins7Days: z.number(),
});

let lastRefresh = 0;

export const checkinOfficialRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/checkins/activity',
    summary: 'Registered vs active venues, check-ins per day, by district, commune and type; quiet venues',
    tags: ['checkin'],
    auth: { kind: 'user', permission: 'checkin:activity' },
    personalData: false,
    response: z.object({
      asOf: z.string(),
      totals: z.object({ registered: z.number(), active: z.number(), checkinsToday: z.number() }),
      byDistrict: z.array(activityRow),
      byCommune: z.array(activityRow),
      byType: z.array(activityRow),
      perDay: z.array(z.object({ day: z.string(), count: z.number() })),
      quiet: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          type: z.string(),
          communeCode: z.string(),
          lastCheckinDay: z.string().nullable(),
        }),
      ),
    }),
    async handler({ deps, access }) {
      // The maintenance loop refreshes the rollup every 30 s; a page view refreshes at most every
      // 10 s (incremental; skipped at once if another process is refreshing).
      if (Date.now() - lastRefresh > 10_000) {
        lastRefresh = Date.now();
        await refreshCheckinRollup(deps.database.db);
      }
      return activityReport(deps.database.db, access);
    },
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
        }),
      ),
      outsideJurisdiction: z.number(),
    }),
    async handler({ deps, access, body, origin }) {
      return findCheckinContacts(
        deps.database.db,
        access,
        {
          personIds: body.personIds,
          from: new Date(body.from),
          to: new Date(body.to),
          purpose: body.purpose,
        },
        origin,
      );
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
        }),
      ),
    }),
    async handler({ deps, access, body, origin }) {
      return findVenueVisitors(
        deps.database.db,
        access,
        { venueId: body.venueId, from: new Date(body.from), to: new Date(body.to), purpose: body.purpose },
        origin,
      );
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
    async handler({ deps, access, params, body, origin, lang }) {
      const [v] = await deps.database.db
        .select({ id: venues.id, provinceCode: venues.provinceCode, token: venueTokens.token })
        .from(venues)
        .leftJoin(venueTokens, and(eq(venueTokens.venueId, venues.id), isNull(venueTokens.revokedAt)))
        .where(and(eq(venues.id, params.id), venueScope(access)));
      if (!v) throw new AppError('NOT_FOUND');
      if (!v.token) throw new AppError('VENUE_NOT_OPEN');
      const { name, outcome } = await scanCheckin(deps.database, access, origin, {
        venueId: v.id,
        token: v.token,
        provinceCode: v.provinceCode,
        qr: body.qr,
        lang,
      });
      return { name, visit: { ...outcome, id: outcome.checkinId } };
    },
  }),
];
