/**
 * The citizen side of check-in: the page a venue QR opens (public), guest check-in and
 * check-out with phone and name (public, write-only: nothing personal is returned), and for a
 * signed-in citizen one-tap check-in (with household members), check-out and history.
 */
import {
  AppError,
  cleanGuestName,
  guestVisitorKey,
  normalizePhone,
  personVisitorKey,
  today,
} from '@epilink/core';
import { z } from 'zod';
import { citizenPersonIds } from '../../access/context.ts';
import { nextCursorSchema, pageQuery } from '../../http/page.ts';
import { defineRoute } from '../../http/route.ts';
import { policyInForce } from '../../policy/store.ts';
import { checkoutTokenFor, checkoutTokenValid, parseCheckoutToken } from '../checkoutToken.ts';
import { checkOut, recordCheckin, venueIdOfToken, venueOfToken } from '../record.ts';
import type { Visitor } from '../record.ts';
import {
  citizenCheckinHistory,
  citizenStayVenue,
  guestStayVisitorKey,
  unitName,
} from '../citizen-history.ts';
import { checkinAnswerSchema, publicVenueSchema, tokenParam, visitSchema } from './schemas.ts';

const guestBody = z.strictObject({
  phone: z.string().max(30),
  fullName: z.string().max(120),
});

function guestVisitor(body: z.infer<typeof guestBody>): Visitor {
  const phone = normalizePhone(body.phone);
  if (!phone)
    throw new AppError('INVALID_PHONE', { details: [{ path: 'phone', messageKey: 'errors.invalidPhone' }] });
  const name = cleanGuestName(body.fullName);
  if (!name)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'fullName', messageKey: 'errors.validationFailed' }],
    });
  return {
    visitorKey: guestVisitorKey(phone, name),
    personId: null,
    method: 'guest',
    guestPhone: phone,
    guestName: name,
  };
}

/** A guest's visit: no person (public routes return no personal data; see http/personalData.ts). */
const guestVisitSchema = visitSchema.omit({ personId: true });

/** The driver handle of the check-in hot path (group commit; see checkin/batch.ts). */
const HOT_PATH = 'check-in hot path: venue token, group-committed stays (checkin/batch.ts)';

/** The retention policy shown on the check-in page, cached a minute per server (its config). */
const retentionCache = new WeakMap<object, { at: number; days: number }>();

export const checkinPublicRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/checkin/:token',
    summary: 'The venue a check-in QR opens (name, type, address); errors for a forged or revoked token',
    tags: ['checkin'],
    auth: { kind: 'public' },
    personalData: false,
    params: tokenParam,
    response: z.object({ venue: publicVenueSchema }),
    async handler({ deps, params }) {
      const database = deps.system('public check-in page: venue of a token, commune name, retention policy');
      const venue = await venueOfToken(database, params.token);
      const communeName = await unitName(database.db, venue.communeCode);
      let retention = retentionCache.get(deps.config);
      if (!retention || Date.now() - retention.at > 60_000) {
        const rule = await policyInForce(database.db, 'checkin.retentionDays', today());
        retention = { at: Date.now(), days: typeof rule?.value === 'number' ? rule.value : 30 };
        retentionCache.set(deps.config, retention);
      }
      return {
        venue: {
          name: venue.name,
          type: venue.type,
          address: venue.address,
          communeName,
          defaultStayMinutes: venue.defaultStayMinutes,
          retentionDays: retention.days,
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/checkin/:token/guest',
    summary: 'Guest check-in with phone number and name (no account); a repeated tap stores nothing twice',
    tags: ['checkin'],
    auth: { kind: 'public' },
    // Write-only for the public: it stores a phone and a name but returns nothing personal. The
    // guest stays out of the registry: the check-in is evidence about a phone number, linked to a
    // person only by a tracer's decision (never automatically by phone and name).
    personalData: false,
    ownTransaction: 'check-in hot path: group commit of concurrent requests (checkin/batch.ts)',
    params: tokenParam,
    body: guestBody,
    response: z.object({
      venue: z.object({ name: z.string() }),
      visits: z.array(guestVisitSchema),
      /** Needed to check out; only the tap that created the stay receives it. */
      checkoutToken: z.string().nullable(),
    }),
    async handler({ deps, params, body }) {
      const visitor = guestVisitor(body);
      const database = deps.system(HOT_PATH);
      const { venue, outcomes } = await recordCheckin(database, params.token, [visitor], null);
      const first = outcomes[0];
      const checkoutToken =
        first && !first.duplicate
          ? await checkoutTokenFor(database.db, venue.id, first.checkinId, visitor.visitorKey)
          : null;
      return {
        venue: { name: venue.name },
        visits: outcomes.map((o) => ({ ...o, id: o.checkinId })),
        checkoutToken,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/checkin/:token/guest/checkout',
    summary: 'Guest check-out with the token the check-in returned (a phone and a name are not enough)',
    tags: ['checkin'],
    auth: { kind: 'public' },
    personalData: false,
    ownTransaction: 'check-in hot path: a single autocommitted statement on the driver (checkin/batch.ts)',
    params: tokenParam,
    body: z.strictObject({ checkoutToken: z.string().max(60) }),
    response: z.object({ visits: z.array(guestVisitSchema) }),
    async handler({ deps, params, body }) {
      const database = deps.system(HOT_PATH);
      const venueId = await venueIdOfToken(database, params.token);
      const parsed = parseCheckoutToken(body.checkoutToken);
      // A wrong token answers exactly like a stay already ended: nothing is learnt from it.
      if (!parsed) throw new AppError('NOT_CHECKED_IN');
      const visitorKey = await guestStayVisitorKey(database.db, venueId, parsed.checkinId);
      if (
        !visitorKey ||
        !(await checkoutTokenValid(database.db, venueId, parsed.checkinId, visitorKey, parsed.mac))
      )
        throw new AppError('NOT_CHECKED_IN');
      const out = await checkOut(database, venueId, [visitorKey], 'visitor');
      return { visits: out.map((o) => ({ ...o, id: o.checkinId })) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/checkins',
    summary: 'Check in at the venue of a token: myself and, optionally, household members I am guardian of',
    tags: ['checkin', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    ownTransaction: 'check-in hot path: group commit of concurrent requests (checkin/batch.ts)',
    body: z.strictObject({
      token: z.string().regex(/^[A-Za-z0-9_-]{22}$/u),
      personIds: z.array(z.uuid()).max(20).optional(),
    }),
    response: checkinAnswerSchema,
    async handler({ deps, access, body }) {
      const allowed = citizenPersonIds(access);
      const self = access.actor.kind === 'citizen' ? access.actor.personId : null;
      const ids = [...new Set(body.personIds ?? (self ? [self] : []))];
      if (ids.length === 0 || ids.some((id) => !allowed.includes(id))) throw new AppError('NOT_FOUND');
      const visitors: Visitor[] = ids.map((id) => ({
        visitorKey: personVisitorKey(id),
        personId: id,
        method: id === self ? 'self' : 'household',
      }));
      const recordedBy = access.actor.kind === 'citizen' ? access.actor.citizenId : null;
      const { venue, outcomes } = await recordCheckin(
        deps.system(HOT_PATH),
        body.token,
        visitors,
        recordedBy,
      );
      const personOf = new Map(visitors.map((v) => [v.visitorKey, v.personId]));
      return {
        venue: { name: venue.name },
        visits: outcomes.map((o) => ({
          ...o,
          id: o.checkinId,
          personId: personOf.get(o.visitorKey) ?? null,
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/checkins/:id/checkout',
    summary: 'Check out (the stays of me and my household members at that venue end now)',
    tags: ['checkin', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    ownTransaction: 'check-in hot path: a single autocommitted statement on the driver (checkin/batch.ts)',
    params: z.strictObject({ id: z.string().regex(/^\d{1,18}$/u) }),
    response: z.object({ visits: z.array(visitSchema) }),
    async handler({ deps, access, params }) {
      const ids = citizenPersonIds(access);
      const database = deps.system(HOT_PATH);
      const venueId = await citizenStayVenue(database.db, ids, params.id);
      if (!venueId) throw new AppError('NOT_FOUND');
      const out = await checkOut(database, venueId, ids.map(personVisitorKey), 'visitor');
      return {
        visits: out.map((o) => ({ ...o, id: o.checkinId, personId: o.visitorKey.slice(2) })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/checkins',
    summary:
      'My check-in history (and my household members’), newest first, keyset-paginated (`cursor` = the previous page’s `nextCursor`)',
    tags: ['checkin', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    query: z.strictObject(pageQuery(50, 200)),
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          personId: z.string(),
          venue: z.object({ name: z.string(), address: z.string() }),
          method: z.string(),
          checkedInAt: z.string(),
          checkedOutAt: z.string(),
          open: z.boolean(),
        }),
      ),
      /** The next (older) page's cursor; null when this page is the last. */
      nextCursor: nextCursorSchema,
    }),
    async handler({ tx, access, query, audit }) {
      const ids = citizenPersonIds(access);
      if (ids.length === 0) return { items: [], nextCursor: null };
      await audit(
        ids.map((personId) => ({
          action: 'read' as const,
          entity: 'checkin',
          personId,
          fields: ['history'],
        })),
      );
      return citizenCheckinHistory(tx, ids, query);
    },
  }),
];
