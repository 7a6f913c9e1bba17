/**
 * Test sites and their time slots (with a capacity), placed in the site's commune so the commune
 * station and district centre manage them (`scopeFor`, `siteInScope`). Staff lists are
 * keyset-paginated (issue #11 item 1); writes run in the request's transaction with their audit row.
 */
import { AppError } from '@epilink/core';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { facilities, testSessions, testSites } from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { communePlace, siteInScope } from './scope.ts';

/** A slot as listed (free places computed). */
export const presentTestSession = (s: typeof testSessions.$inferSelect) => ({
  ...s,
  free: Math.max(0, s.capacity - s.booked),
});

/** A page size and the cursor of the previous page. */
export interface PageInput {
  cursor?: string | undefined;
  limit: number;
}

const SITE_KEY: KeyPart[] = [
  { column: testSites.name, type: 'text' },
  { column: testSites.id, type: 'uuid' },
];

/** A page of the test sites of the caller's jurisdiction, by name. */
export async function listTestSites(db: DbOrTx, access: Access, page: PageInput) {
  const [k0, k1] = keyText(SITE_KEY);
  const rows = await db
    .select({ site: testSites, k0: k0!, k1: k1! })
    .from(testSites)
    .where(and(scopeFor(access, testSites), afterCursor(SITE_KEY, page.cursor, 'asc')))
    .orderBy(...orderByKey(SITE_KEY, 'asc'))
    .limit(page.limit + 1);
  const p = pageOf(rows, page.limit, (r) => [r.k0, r.k1]);
  return { items: p.items.map((r) => r.site), nextCursor: p.nextCursor };
}

/** Open a test site in a commune of the caller's jurisdiction. */
export async function createTestSite(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  body: {
    name: string;
    communeCode: string;
    address?: string | null | undefined;
    facilityId?: string | null | undefined;
  },
): Promise<{ id: string }> {
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
    .values({ name: body.name, address: body.address ?? null, facilityId: body.facilityId ?? null, ...place })
    .returning({ id: testSites.id });
  await writeAudit(tx, access, origin, { action: 'create', entity: 'test_site', entityId: row!.id });
  return row!;
}

/** Rename, move, close or reopen a test site of the caller's jurisdiction. */
export async function updateTestSite(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  id: string,
  body: { name?: string | undefined; address?: string | null | undefined; active?: boolean | undefined },
) {
  await siteInScope(tx, access, id);
  const [site] = await tx.update(testSites).set(body).where(eq(testSites.id, id)).returning();
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'test_site',
    entityId: id,
    fields: Object.keys(body),
  });
  return { site: site! };
}

const SLOT_KEY: KeyPart[] = [
  { column: testSessions.startsAt, type: 'timestamptz' },
  { column: testSessions.id, type: 'uuid' },
];

/** A page of the slots of a site (or of every site of the caller's jurisdiction) ending after `from`. */
export async function listTestSessions(
  db: DbOrTx,
  access: Access,
  input: PageInput & { siteId?: string | undefined; from?: string | undefined },
) {
  const from = input.from ? new Date(input.from) : new Date(Date.now() - 86_400_000);
  const [k0, k1] = keyText(SLOT_KEY);
  const rows = await db
    .select({ slot: testSessions, k0: k0!, k1: k1! })
    .from(testSessions)
    .where(
      and(
        input.siteId ? eq(testSessions.siteId, input.siteId) : undefined,
        gt(testSessions.endsAt, from),
        scopeFor(access, testSessions),
        afterCursor(SLOT_KEY, input.cursor, 'asc'),
      ),
    )
    .orderBy(...orderByKey(SLOT_KEY, 'asc'))
    .limit(input.limit + 1);
  const p = pageOf(rows, input.limit, (r) => [r.k0, r.k1]);
  return { items: p.items.map((r) => presentTestSession(r.slot)), nextCursor: p.nextCursor };
}

/** Add a slot with its capacity to a test site of the caller's jurisdiction. */
export async function createTestSession(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  body: { siteId: string; startsAt: string; endsAt: string; capacity: number },
): Promise<{ id: string }> {
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
}

const OPEN_SLOT_KEY: KeyPart[] = [
  { column: testSites.name, type: 'text' },
  { column: testSites.id, type: 'uuid' },
  { column: testSessions.startsAt, type: 'timestamptz' },
  { column: testSessions.id, type: 'uuid' },
];

/**
 * A page of the open sites' coming slots (the next 14 days) that still have places, for a citizen
 * booking (no personal data): by site name, soonest first per site, grouped by site. A site may
 * continue on the next page (the same site id again, with its later slots).
 */
export async function openSlotsForBooking(
  db: DbOrTx,
  input: PageInput & { districtCode?: string | undefined },
) {
  const now = new Date();
  const [k0, k1, k2, k3] = keyText(OPEN_SLOT_KEY);
  const rows = await db
    .select({ site: testSites, session: testSessions, k0: k0!, k1: k1!, k2: k2!, k3: k3! })
    .from(testSessions)
    .innerJoin(testSites, eq(testSites.id, testSessions.siteId))
    .where(
      and(
        eq(testSites.active, true),
        gt(testSessions.endsAt, now),
        lt(testSessions.startsAt, new Date(now.getTime() + 14 * 86_400_000)),
        sql`${testSessions.booked} < ${testSessions.capacity}`,
        input.districtCode ? eq(testSites.districtCode, input.districtCode) : undefined,
        afterCursor(OPEN_SLOT_KEY, input.cursor, 'asc'),
      ),
    )
    .orderBy(...orderByKey(OPEN_SLOT_KEY, 'asc'))
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (r) => [r.k0, r.k1, r.k2, r.k3]);
  const bySite = new Map<
    string,
    typeof testSites.$inferSelect & { sessions: ReturnType<typeof presentTestSession>[] }
  >();
  for (const r of page.items) {
    const entry = bySite.get(r.site.id) ?? { ...r.site, sessions: [] };
    entry.sessions.push(presentTestSession(r.session));
    bySite.set(r.site.id, entry);
  }
  return { items: [...bySite.values()], nextCursor: page.nextCursor };
}
