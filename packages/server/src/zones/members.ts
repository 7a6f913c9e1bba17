/**
 * Who and what is inside a zone (issue #16 item 6): the residents from the registry (live person
 * records whose commune is one of the zone's) and the venues of its communes, keyset-paginated with
 * the filters in SQL. A polygon zone marks each venue with coordinates inside or outside the drawn
 * ring (the registry has no household coordinates, so residents follow their commune). Reading the
 * residents is audited.
 */
import { pointInRing } from '@epilink/core';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { persons, venues } from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { zoneInScope } from './service.ts';

/** A page request with an optional commune filter (one of the zone's communes). */
export interface MemberPage {
  communeCode?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * Residents by commune, then name: the key of `persons_commune_name_key_idx` (commune, name key,
 * id; live records), so each page is an index range read of `limit` rows, never a sort.
 */
const RESIDENT_KEY: KeyPart[] = [
  { column: persons.communeCode, type: 'text' },
  { column: persons.nameKey, type: 'text' },
  { column: persons.id, type: 'uuid' },
];

function communesOf(zone: { communeCodes: string[] }, communeCode: string | undefined): string[] {
  return communeCode === undefined ? zone.communeCodes : zone.communeCodes.filter((c) => c === communeCode);
}

/** A page of a zone's residents by commune, then name (audited read of personal data). */
export async function listZoneResidents(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  zoneId: string,
  page: MemberPage,
) {
  const zone = await zoneInScope(db, access, zoneId);
  const communes = communesOf(zone, page.communeCode);
  if (communes.length === 0) return { items: [], nextCursor: null };
  const [k0, k1, k2] = keyText(RESIDENT_KEY);
  const rows = await db
    .select({
      id: persons.id,
      fullName: persons.fullName,
      dateOfBirth: persons.dateOfBirth,
      address: persons.address,
      communeCode: persons.communeCode,
      householdId: persons.householdId,
      k0: k0!,
      k1: k1!,
      k2: k2!,
    })
    .from(persons)
    .where(
      and(
        inArray(persons.communeCode, communes),
        isNull(persons.mergedInto),
        scopeFor(access, persons),
        afterCursor(RESIDENT_KEY, page.cursor, 'asc'),
      ),
    )
    .orderBy(...orderByKey(RESIDENT_KEY, 'asc'))
    .limit(page.limit + 1);
  const p = pageOf(rows, page.limit, (r) => [r.k0, r.k1, r.k2]);
  await writeAudit(db, access, origin, {
    action: 'read',
    entity: 'zone_residents',
    entityId: zoneId,
  });
  return {
    items: p.items.map(({ k0: _k0, k1: _k1, k2: _k2, ...r }) => r),
    nextCursor: p.nextCursor,
  };
}

const VENUE_KEY: KeyPart[] = [
  { column: venues.name, type: 'text' },
  { column: venues.id, type: 'uuid' },
];

/** A page of the venues in a zone's communes by name; a polygon zone says which lie inside it. */
export async function listZoneVenues(db: DbOrTx, access: Access, zoneId: string, page: MemberPage) {
  const zone = await zoneInScope(db, access, zoneId);
  const communes = communesOf(zone, page.communeCode);
  if (communes.length === 0) return { items: [], nextCursor: null };
  const [k0, k1] = keyText(VENUE_KEY);
  const rows = await db
    .select({
      id: venues.id,
      name: venues.name,
      type: venues.type,
      address: venues.address,
      communeCode: venues.communeCode,
      status: venues.status,
      latitude: venues.latitude,
      longitude: venues.longitude,
      k0: k0!,
      k1: k1!,
    })
    .from(venues)
    .where(
      and(
        inArray(venues.communeCode, communes),
        eq(venues.status, 'approved'),
        afterCursor(VENUE_KEY, page.cursor, 'asc'),
      ),
    )
    .orderBy(...orderByKey(VENUE_KEY, 'asc'))
    .limit(page.limit + 1);
  const p = pageOf(rows, page.limit, (r) => [r.k0, r.k1]);
  const ring = zone.polygon;
  return {
    items: p.items.map(({ k0: _k0, k1: _k1, latitude, longitude, ...v }) => ({
      ...v,
      insidePolygon:
        ring && latitude !== null && longitude !== null ? pointInRing([longitude, latitude], ring) : null,
    })),
    nextCursor: p.nextCursor,
  };
}
