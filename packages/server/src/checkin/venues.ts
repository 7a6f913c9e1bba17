/**
 * The venue registry: a venue owner registers venues (their own: `owner_user_id`), the commune
 * health station (or district/province) approves, suspends or rejects them and re-issues their
 * QR token. Owners see their venues and visitor counts, never identities; officials see the
 * venues inside their jurisdiction.
 */
import { randomBytes } from 'node:crypto';
import { AppError, addDays, localDayStart, normalizeText, today } from '@epilink/core';
import type { VenueStatus, VenueType } from '@epilink/core';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { placeWithin, scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { venueTokens, venues } from '../db/schema/index.ts';

/** A fresh venue token: 128 random bits, base64url (22 characters). */
export function newVenueToken(): string {
  return randomBytes(16).toString('base64url');
}

/** What an owner submits. */
export interface VenueInput {
  name: string;
  type: VenueType;
  address: string;
  communeCode: string;
  capacity?: number | null;
  openingHours?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  defaultStayMinutes?: number;
}

/** A venue as its owner and officials see it. */
export interface VenueView {
  id: string;
  name: string;
  type: string;
  address: string;
  communeCode: string;
  districtCode: string;
  communeName: string | null;
  capacity: number | null;
  openingHours: string | null;
  latitude: number | null;
  longitude: number | null;
  defaultStayMinutes: number;
  status: VenueStatus;
  token: string | null;
  createdAt: string;
  counts: { today: number; last7Days: number; presentNow: number };
}

/**
 * Which venues the caller may touch: an owner their own, an official those in their
 * jurisdiction (deny by default for everyone else).
 */
export function venueScope(access: Access): SQL {
  const { actor } = access;
  if (actor.kind === 'user' && actor.role === 'venue_owner')
    return sql`${venues.ownerUserId} = ${actor.userId}`;
  return scopeFor(access, venues);
}

function invalid(path: string): AppError {
  return new AppError('VALIDATION_FAILED', { details: [{ path, messageKey: 'errors.validationFailed' }] });
}

/** Register a venue (status pending) with its first QR token. */
export async function registerVenue(
  db: Db,
  access: Access,
  origin: AuditOrigin,
  input: VenueInput,
): Promise<string> {
  if (access.actor.kind !== 'user') throw new AppError('FORBIDDEN');
  const [commune] = await queryRows<{ code: string; parentCode: string; provinceCode: string }>(
    db,
    sql`select code, parent_code as "parentCode", province_code as "provinceCode" from admin_units
      where code = ${input.communeCode} and level = 'commune' and valid_from <= ${today()}::date
        and (valid_to is null or valid_to > ${today()}::date) limit 1`,
  );
  if (!commune) throw new AppError('UNKNOWN_CODE', { params: { code: input.communeCode } });
  const place = {
    provinceCode: commune.provinceCode,
    districtCode: commune.parentCode,
    communeCode: commune.code,
  };
  if (!placeWithin(access, place)) throw invalid('communeCode');
  const name = normalizeText(input.name);
  const address = normalizeText(input.address);
  if (name.length === 0) throw invalid('name');
  if (address.length === 0) throw invalid('address');
  const userId = access.actor.userId;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(venues)
      .values({
        name,
        type: input.type,
        address,
        provinceCode: commune.provinceCode,
        districtCode: commune.parentCode,
        communeCode: commune.code,
        capacity: input.capacity ?? null,
        openingHours: input.openingHours ?? null,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        defaultStayMinutes: input.defaultStayMinutes ?? 60,
        ownerUserId: userId,
      })
      .returning({ id: venues.id });
    await tx.insert(venueTokens).values({ token: newVenueToken(), venueId: row!.id });
    await writeAudit(tx, access, origin, {
      action: 'create',
      entity: 'venue',
      entityId: row!.id,
      fields: ['venue'],
    });
    return row!.id;
  });
}

async function countsOf(db: DbOrTx, ids: string[]): Promise<Map<string, VenueView['counts']>> {
  const out = new Map<string, VenueView['counts']>();
  if (ids.length === 0) return out;
  const day = today();
  const todayStart = localDayStart(day);
  const weekStart = localDayStart(addDays(day, -6));
  const rows = await queryRows<{ venue_id: string; today: number; last7: number; present: number }>(
    db,
    sql`select venue_id,
        count(*) filter (where checked_in_at >= ${todayStart.toISOString()}::timestamptz)::int as today,
        count(*)::int as last7,
        count(*) filter (where checked_out_at > now() and checked_in_at <= now())::int as present
      from checkins where venue_id = any(${`{${ids.join(',')}}`}::uuid[]) and checked_in_at >= ${weekStart.toISOString()}::timestamptz
      group by venue_id`,
  );
  for (const r of rows) out.set(r.venue_id, { today: r.today, last7Days: r.last7, presentNow: r.present });
  return out;
}

/** The venue list's order: newest first. */
const VENUE_KEY: KeyPart[] = [
  { column: venues.createdAt, type: 'timestamptz' },
  { column: venues.id, type: 'uuid' },
];

/** Filters of the venue list (all in SQL). */
export interface VenueFilter {
  status?: VenueStatus;
  communeCode?: string;
  id?: string;
  cursor?: string;
  limit?: number;
}

/**
 * Venues the caller may see (own, or in jurisdiction), newest first, with counts: one keyset page
 * (`nextCursor` when more follow).
 */
export async function listVenues(
  db: DbOrTx,
  access: Access,
  filter: VenueFilter = {},
): Promise<{ items: VenueView[]; nextCursor: string | null }> {
  const limit = filter.limit ?? 100;
  const conditions: SQL[] = [venueScope(access)];
  if (filter.status) conditions.push(sql`${venues.status} = ${filter.status}`);
  if (filter.communeCode) conditions.push(sql`${venues.communeCode} = ${filter.communeCode}`);
  if (filter.id) conditions.push(sql`${venues.id} = ${filter.id}`);
  const after = afterCursor(VENUE_KEY, filter.cursor, 'desc');
  if (after) conditions.push(after);
  const [k0, k1] = keyText(VENUE_KEY);
  const rows = await db
    .select({
      venue: venues,
      token: venueTokens.token,
      communeName: sql<
        string | null
      >`(select name from admin_units u where u.code = ${venues.communeCode} and u.valid_to is null limit 1)`,
      k0: k0!,
      k1: k1!,
    })
    .from(venues)
    .leftJoin(venueTokens, and(eq(venueTokens.venueId, venues.id), isNull(venueTokens.revokedAt)))
    .where(and(...conditions))
    .orderBy(...orderByKey(VENUE_KEY, 'desc'))
    .limit(limit + 1);
  const page = pageOf(rows, limit, (r) => [r.k0, r.k1]);
  const counts = await countsOf(
    db,
    page.items.map((r) => r.venue.id),
  );
  const items = page.items.map(({ venue: v, token, communeName }) => ({
    id: v.id,
    name: v.name,
    type: v.type,
    address: v.address,
    communeCode: v.communeCode,
    districtCode: v.districtCode,
    communeName,
    capacity: v.capacity,
    openingHours: v.openingHours,
    latitude: v.latitude,
    longitude: v.longitude,
    defaultStayMinutes: v.defaultStayMinutes,
    status: v.status,
    token,
    createdAt: v.createdAt.toISOString(),
    counts: counts.get(v.id) ?? { today: 0, last7Days: 0, presentNow: 0 },
  }));
  return { items, nextCursor: page.nextCursor };
}

/** Every venue matching the filter, page after page (for a commune's posters). */
export async function allVenues(
  db: DbOrTx,
  access: Access,
  filter: Omit<VenueFilter, 'cursor' | 'limit'>,
): Promise<VenueView[]> {
  const out: VenueView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listVenues(db, access, { ...filter, cursor, limit: 500 });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return out;
}

/** One venue the caller may see (looked up by id in SQL, however old), or NOT_FOUND. */
export async function getVenue(db: DbOrTx, access: Access, id: string): Promise<VenueView> {
  const [v] = (await listVenues(db, access, { id, limit: 1 })).items;
  if (v) return v;
  throw new AppError('NOT_FOUND');
}

/** Approve, reject or suspend a venue in the caller's jurisdiction. */
export async function reviewVenue(
  db: Db,
  access: Access,
  origin: AuditOrigin,
  id: string,
  status: Exclude<VenueStatus, 'pending'>,
): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(venues)
      .set({
        status,
        reviewedBy: access.actor.kind === 'user' ? access.actor.userId : null,
        reviewedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(and(eq(venues.id, id), scopeFor(access, venues)))
      .returning({ id: venues.id });
    if (updated.length === 0) throw new AppError('NOT_FOUND');
    await writeAudit(tx, access, origin, {
      action: 'decide',
      entity: 'venue',
      entityId: id,
      fields: ['status'],
      details: { status },
    });
  });
}

/** Revoke the venue's token and issue a new one (old posters then say "replaced"). */
export async function reissueToken(db: Db, access: Access, origin: AuditOrigin, id: string): Promise<string> {
  return db.transaction(async (tx) => {
    const [v] = await tx
      .select({ id: venues.id })
      .from(venues)
      .where(and(eq(venues.id, id), venueScope(access)));
    if (!v) throw new AppError('NOT_FOUND');
    await tx
      .update(venueTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(venueTokens.venueId, id), isNull(venueTokens.revokedAt)));
    const token = newVenueToken();
    await tx.insert(venueTokens).values({ token, venueId: id });
    await writeAudit(tx, access, origin, {
      action: 'update',
      entity: 'venue',
      entityId: id,
      fields: ['token'],
    });
    return token;
  });
}
