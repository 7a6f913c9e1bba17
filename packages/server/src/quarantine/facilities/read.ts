/**
 * What the facilities page reads (issue #16 item 2): the facilities of the caller's jurisdiction
 * with capacity and occupancy on a day, one facility's people staying and occupancy by day, and
 * the facility-quarantine orders waiting for a facility. People's names are personal data: the
 * routes audit each read in the request's transaction.
 */
import { AppError, addDays } from '@epilink/core';
import { and, asc, eq, inArray, isNull, notExists, sql } from 'drizzle-orm';
import type { Access } from '../../access/context.ts';
import { actorJurisdiction, placeWithin, scopeFor } from '../../access/context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { facilities, facilityAllocations, persons, quarantineOrders } from '../../db/schema/index.ts';
import { ALLOCATABLE_KINDS, capacityOn, facilityPlace, occupancyByDay, occupancyOn } from './occupancy.ts';

/** Facilities that take people, in the caller's jurisdiction, with capacity and occupancy on a day. */
export async function listFacilities(db: DbOrTx, access: Access, day: string) {
  if (!actorJurisdiction(access)) return [];
  const rows = await db
    .select({
      id: facilities.id,
      name: facilities.name,
      kind: facilities.kind,
      unitCode: facilities.unitCode,
      districtCode: facilities.districtCode,
      provinceCode: facilities.provinceCode,
    })
    .from(facilities)
    .where(and(eq(facilities.active, true), inArray(facilities.kind, [...ALLOCATABLE_KINDS])))
    .orderBy(asc(facilities.kind), asc(facilities.name), asc(facilities.id));
  const mine = rows.filter((f) => placeWithin(access, facilityPlace(f)));
  const ids = mine.map((f) => f.id);
  const capacity = await capacityOn(db, ids, day);
  const occupied = await occupancyOn(db, ids, day);
  return mine.map((f) => {
    const places = capacity.get(f.id) ?? null;
    const used = occupied.get(f.id) ?? 0;
    return {
      id: f.id,
      name: f.name,
      kind: f.kind,
      unitCode: f.unitCode,
      capacity: places,
      occupied: used,
      free: places === null ? null : Math.max(places - used, 0),
    };
  });
}

/** One facility of the caller's jurisdiction: its people staying on a day and the 14 days before it. */
export async function facilityDetail(db: DbOrTx, access: Access, id: string, day: string) {
  const [f] = await db
    .select({
      id: facilities.id,
      name: facilities.name,
      kind: facilities.kind,
      unitCode: facilities.unitCode,
      districtCode: facilities.districtCode,
      provinceCode: facilities.provinceCode,
    })
    .from(facilities)
    .where(and(eq(facilities.id, id), inArray(facilities.kind, [...ALLOCATABLE_KINDS])));
  if (!f || !placeWithin(access, facilityPlace(f))) throw new AppError('NOT_FOUND');
  const occupants = await db
    .select({
      orderId: facilityAllocations.orderId,
      personId: facilityAllocations.personId,
      name: persons.fullName,
      since: facilityAllocations.fromDay,
      startDate: quarantineOrders.startDate,
      endDate: quarantineOrders.endDate,
    })
    .from(facilityAllocations)
    .innerJoin(persons, eq(persons.id, facilityAllocations.personId))
    .innerJoin(quarantineOrders, eq(quarantineOrders.id, facilityAllocations.orderId))
    .where(
      and(
        eq(facilityAllocations.facilityId, f.id),
        sql`${facilityAllocations.fromDay} <= ${day}::date`,
        sql`(${facilityAllocations.toDay} is null or ${facilityAllocations.toDay} > ${day}::date)`,
      ),
    )
    .orderBy(asc(persons.nameKey), asc(facilityAllocations.id))
    .limit(1000);
  const byDay = await occupancyByDay(db, f.id, addDays(day, -13), day);
  return {
    id: f.id,
    name: f.name,
    kind: f.kind,
    unitCode: f.unitCode,
    capacity: byDay.at(-1)?.capacity ?? null,
    occupied: byDay.at(-1)?.occupied ?? 0,
    byDay,
    occupants,
  };
}

/** Facility-quarantine orders of the caller's jurisdiction (proposed or active) with no facility yet. */
export async function pendingOrders(db: DbOrTx, access: Access) {
  return db
    .select({
      orderId: quarantineOrders.id,
      personId: quarantineOrders.personId,
      name: persons.fullName,
      communeCode: quarantineOrders.communeCode,
      status: quarantineOrders.status,
      startDate: quarantineOrders.startDate,
      endDate: quarantineOrders.endDate,
    })
    .from(quarantineOrders)
    .innerJoin(persons, eq(persons.id, quarantineOrders.personId))
    .where(
      and(
        eq(quarantineOrders.kind, 'facility_quarantine'),
        inArray(quarantineOrders.status, ['proposed', 'active']),
        scopeFor(access, quarantineOrders),
        notExists(
          db
            .select({ one: sql`1` })
            .from(facilityAllocations)
            .where(
              and(eq(facilityAllocations.orderId, quarantineOrders.id), isNull(facilityAllocations.toDay)),
            ),
        ),
      ),
    )
    .orderBy(asc(quarantineOrders.startDate), asc(quarantineOrders.id))
    .limit(500);
}
