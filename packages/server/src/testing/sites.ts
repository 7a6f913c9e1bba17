/**
 * Test sites and their sessions (time slots with a capacity). Sites and sessions carry the
 * site's place, so the site's commune station and district centre manage them.
 */
import { AppError } from '@epilink/core';
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { facilities, testSessions, testSites } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { communePlace, siteInScope } from './scope.ts';

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

const presentSession = (s: typeof testSessions.$inferSelect) => ({
  ...s,
  free: Math.max(0, s.capacity - s.booked),
});

export const testSiteRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/testing/sites',
    summary: 'Test sites of my jurisdiction',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    response: z.object({ items: z.array(siteSchema) }),
    async handler({ deps, access }) {
      const items = await deps.database.db
        .select()
        .from(testSites)
        .where(scopeFor(access, testSites))
        .orderBy(asc(testSites.name))
        .limit(500);
      return { items };
    },
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
    async handler({ deps, access, origin, body }) {
      return deps.database.db.transaction(async (tx) => {
        const place = await communePlace(tx, access, body.communeCode);
        if (body.facilityId) {
          const [f] = await tx
            .select({ id: facilities.id })
            .from(facilities)
            .where(eq(facilities.id, body.facilityId));
          if (!f) throw new AppError('NOT_FOUND');
        }
        const [row] = await tx
          .insert(testSites)
          .values({
            name: body.name,
            address: body.address ?? null,
            facilityId: body.facilityId ?? null,
            ...place,
          })
          .returning({ id: testSites.id });
        await writeAudit(tx, access, origin, { action: 'create', entity: 'test_site', entityId: row!.id });
        return row!;
      });
    },
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
    async handler({ deps, access, origin, params, body }) {
      return deps.database.db.transaction(async (tx) => {
        await siteInScope(tx, access, params.id);
        const [site] = await tx.update(testSites).set(body).where(eq(testSites.id, params.id)).returning();
        await writeAudit(tx, access, origin, {
          action: 'update',
          entity: 'test_site',
          entityId: params.id,
          fields: Object.keys(body),
        });
        return { site: site! };
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/testing/sessions',
    summary: 'Time slots of a site (or of every site of my jurisdiction) from a time on',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    query: z.strictObject({ siteId: z.uuid().optional(), from: z.iso.datetime({ offset: true }).optional() }),
    response: z.object({ items: z.array(sessionSchema) }),
    async handler({ deps, access, query }) {
      const from = query.from ? new Date(query.from) : new Date(Date.now() - 86_400_000);
      const rows = await deps.database.db
        .select()
        .from(testSessions)
        .where(
          and(
            query.siteId ? eq(testSessions.siteId, query.siteId) : undefined,
            gt(testSessions.endsAt, from),
            scopeFor(access, testSessions),
          ),
        )
        .orderBy(asc(testSessions.startsAt))
        .limit(500);
      return { items: rows.map(presentSession) };
    },
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
    async handler({ deps, access, origin, body }) {
      return deps.database.db.transaction(async (tx) => {
        const site = await siteInScope(tx, access, body.siteId);
        const [row] = await tx
          .insert(testSessions)
          .values({
            siteId: site.id,
            startsAt: new Date(body.startsAt),
            endsAt: new Date(body.endsAt),
            capacity: body.capacity,
            provinceCode: site.provinceCode,
            districtCode: site.districtCode,
            communeCode: site.communeCode,
          })
          .returning({ id: testSessions.id });
        await writeAudit(tx, access, origin, { action: 'create', entity: 'test_session', entityId: row!.id });
        return row!;
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/testing/sites',
    summary: 'Open test sites with their coming time slots that still have places (citizen booking)',
    tags: ['testing', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: false,
    query: z.strictObject({
      districtCode: z
        .string()
        .regex(/^\d{3}$/u)
        .optional(),
    }),
    response: z.object({
      items: z.array(siteSchema.extend({ sessions: z.array(sessionSchema) })),
    }),
    async handler({ deps, query }) {
      const { db } = deps.database;
      const now = new Date();
      const rows = await db
        .select({ site: testSites, session: testSessions })
        .from(testSessions)
        .innerJoin(testSites, eq(testSites.id, testSessions.siteId))
        .where(
          and(
            eq(testSites.active, true),
            gt(testSessions.endsAt, now),
            lt(testSessions.startsAt, new Date(now.getTime() + 14 * 86_400_000)),
            sql`${testSessions.booked} < ${testSessions.capacity}`,
            query.districtCode ? eq(testSites.districtCode, query.districtCode) : undefined,
          ),
        )
        .orderBy(asc(testSites.name), asc(testSessions.startsAt))
        .limit(1000);
      const bySite = new Map<
        string,
        typeof testSites.$inferSelect & { sessions: ReturnType<typeof presentSession>[] }
      >();
      for (const r of rows) {
        const entry = bySite.get(r.site.id) ?? { ...r.site, sessions: [] };
        entry.sessions.push(presentSession(r.session));
        bySite.set(r.site.id, entry);
      }
      return { items: [...bySite.values()] };
    },
  }),
];
