/**
 * Allocation of people under facility-quarantine orders to facilities, transfers between
 * facilities and capacity by day (issue #16 item 2). The order must be in the caller's
 * jurisdiction and the facility too (else 404); the facility row is locked so two allocations
 * never both take its last place; over capacity is refused with a translated message. Each request
 * is one transaction: the stay, the order's facility, the audit row and the beds of the day.
 */
import { AppError, today } from '@epilink/core';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Access } from '../../access/context.ts';
import { actorId, placeWithin, scopeFor } from '../../access/context.ts';
import type { AuditEntry } from '../../audit/audit.ts';
import type { DbOrTx } from '../../db/client.ts';
import {
  facilities,
  facilityAllocations,
  quarantineCapacity,
  quarantineOrders,
} from '../../db/schema/index.ts';
import { publishEvents } from '../../events/publish.ts';
import { ALLOCATABLE_KINDS, capacityOn, facilityPlace, occupancyOn, syncBeds } from './occupancy.ts';

type Audit = (entries: AuditEntry | AuditEntry[]) => Promise<void>;
type FacilityRow = Pick<
  typeof facilities.$inferSelect,
  'id' | 'name' | 'unitCode' | 'districtCode' | 'provinceCode'
>;

/** A facility of the caller's jurisdiction that takes people, locked for the request; else 404. */
async function lockFacility(tx: DbOrTx, access: Access, id: string): Promise<FacilityRow> {
  const [f] = await tx
    .select({
      id: facilities.id,
      name: facilities.name,
      unitCode: facilities.unitCode,
      districtCode: facilities.districtCode,
      provinceCode: facilities.provinceCode,
    })
    .from(facilities)
    .where(
      and(
        eq(facilities.id, id),
        eq(facilities.active, true),
        inArray(facilities.kind, [...ALLOCATABLE_KINDS]),
      ),
    )
    .for('update');
  if (!f || !placeWithin(access, facilityPlace(f))) throw new AppError('NOT_FOUND');
  return f;
}

/** An order of the caller's jurisdiction, locked; 404 outside. */
async function lockOrder(tx: DbOrTx, access: Access, id: string) {
  const [o] = await tx
    .select()
    .from(quarantineOrders)
    .where(and(eq(quarantineOrders.id, id), scopeFor(access, quarantineOrders)))
    .for('update');
  if (!o) throw new AppError('NOT_FOUND');
  if (o.kind !== 'facility_quarantine' || (o.status !== 'active' && o.status !== 'proposed')) {
    throw new AppError('FACILITY_ORDER_REFUSED');
  }
  return o;
}

/** Refuse when the facility has no free place on the day (capacity unknown counts as none). */
async function ensurePlace(tx: DbOrTx, f: FacilityRow, day: string): Promise<void> {
  const places = (await capacityOn(tx, [f.id], day)).get(f.id) ?? null;
  if (places === null) throw new AppError('FACILITY_NO_CAPACITY', { params: { name: f.name, day } });
  const occupied = (await occupancyOn(tx, [f.id], day)).get(f.id) ?? 0;
  if (occupied + 1 > places) {
    throw new AppError('FACILITY_FULL', { params: { name: f.name, places, day } });
  }
}

async function currentStay(tx: DbOrTx, orderId: string) {
  const [s] = await tx
    .select()
    .from(facilityAllocations)
    .where(and(eq(facilityAllocations.orderId, orderId), isNull(facilityAllocations.toDay)))
    .for('update');
  return s ?? null;
}

const refusal = (path: string, key: string) =>
  new AppError('CONFLICT', { details: [{ path, messageKey: `facilities.errors.${key}` }] });

/** Allocate an order's person to a facility from a day (today by default, never later). */
export async function allocate(
  tx: DbOrTx,
  access: Access,
  audit: Audit,
  input: { orderId: string; facilityId: string; day?: string | undefined },
) {
  const day = input.day ?? today();
  if (day > today()) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'day', messageKey: 'facilities.errors.futureDay' }],
    });
  }
  const order = await lockOrder(tx, access, input.orderId);
  const facility = await lockFacility(tx, access, input.facilityId);
  if (await currentStay(tx, order.id)) throw refusal('orderId', 'alreadyAllocated');
  await ensurePlace(tx, facility, day);
  if (day < today()) await ensurePlace(tx, facility, today());
  const [stay] = await tx
    .insert(facilityAllocations)
    .values({
      orderId: order.id,
      personId: order.personId,
      facilityId: facility.id,
      ...facilityPlace(facility),
      fromDay: day,
      createdBy: actorId(access),
    })
    .returning({ id: facilityAllocations.id });
  await tx
    .update(quarantineOrders)
    .set({ facilityId: facility.id, updatedAt: new Date() })
    .where(eq(quarantineOrders.id, order.id));
  await audit({
    action: 'create',
    entity: 'facility_allocation',
    entityId: stay!.id,
    personId: order.personId,
    fields: ['facility'],
    details: { orderId: order.id, facilityId: facility.id, fromDay: day },
  });
  await syncBeds(tx, [facility], day);
  if (day !== today()) await syncBeds(tx, [facility], today());
  await publishEvents(tx, [
    { kind: 'quarantine', id: order.id, personId: order.personId, place: orderPlace(order) },
  ]);
  return { id: stay!.id, orderId: order.id, facilityId: facility.id, fromDay: day };
}

const orderPlace = (o: typeof quarantineOrders.$inferSelect) => ({
  provinceCode: o.provinceCode,
  districtCode: o.districtCode,
  communeCode: o.communeCode,
});

/** Move an allocated person to another facility today, with the reason (audited). */
export async function transfer(
  tx: DbOrTx,
  access: Access,
  audit: Audit,
  input: { orderId: string; facilityId: string; reason: string },
) {
  const day = today();
  const order = await lockOrder(tx, access, input.orderId);
  const stay = await currentStay(tx, order.id);
  if (!stay) throw refusal('orderId', 'notAllocated');
  if (stay.facilityId === input.facilityId) throw refusal('facilityId', 'sameFacility');
  const target = await lockFacility(tx, access, input.facilityId);
  const [source] = await tx
    .select({
      id: facilities.id,
      name: facilities.name,
      unitCode: facilities.unitCode,
      districtCode: facilities.districtCode,
      provinceCode: facilities.provinceCode,
    })
    .from(facilities)
    .where(eq(facilities.id, stay.facilityId));
  await ensurePlace(tx, target, day);
  await tx
    .update(facilityAllocations)
    .set({ toDay: sql`greatest(${facilityAllocations.fromDay}, ${day}::date)`, endedBy: 'transfer' })
    .where(eq(facilityAllocations.id, stay.id));
  const [next] = await tx
    .insert(facilityAllocations)
    .values({
      orderId: order.id,
      personId: order.personId,
      facilityId: target.id,
      ...facilityPlace(target),
      fromDay: day,
      reason: input.reason,
      transferredFrom: stay.id,
      createdBy: actorId(access),
    })
    .returning({ id: facilityAllocations.id });
  await tx
    .update(quarantineOrders)
    .set({ facilityId: target.id, updatedAt: new Date() })
    .where(eq(quarantineOrders.id, order.id));
  await audit({
    action: 'update',
    entity: 'facility_allocation',
    entityId: next!.id,
    personId: order.personId,
    fields: ['facility'],
    details: { orderId: order.id, from: stay.facilityId, to: target.id, day, reason: input.reason },
  });
  await syncBeds(tx, [source!, target], day);
  await publishEvents(tx, [
    { kind: 'quarantine', id: order.id, personId: order.personId, place: orderPlace(order) },
  ]);
  return { id: next!.id, orderId: order.id, facilityId: target.id, fromDay: day };
}

/**
 * End an order's stay when the order is released (called in the release's transaction): the
 * place is free from today, and the facility's beds follow.
 */
export async function endStayOnRelease(tx: DbOrTx, orderId: string): Promise<void> {
  const day = today();
  const ended = await tx
    .update(facilityAllocations)
    .set({ toDay: sql`greatest(${facilityAllocations.fromDay}, ${day}::date)`, endedBy: 'release' })
    .where(and(eq(facilityAllocations.orderId, orderId), isNull(facilityAllocations.toDay)))
    .returning({ facilityId: facilityAllocations.facilityId });
  if (ended.length === 0) return;
  const rows = await tx
    .select({
      id: facilities.id,
      unitCode: facilities.unitCode,
      districtCode: facilities.districtCode,
      provinceCode: facilities.provinceCode,
    })
    .from(facilities)
    .where(
      inArray(
        facilities.id,
        ended.map((e) => e.facilityId),
      ),
    );
  await syncBeds(tx, rows, day);
}

/** Set a facility's places from a day on; refused below the people staying that day. */
export async function setCapacity(
  tx: DbOrTx,
  access: Access,
  audit: Audit,
  input: { facilityId: string; day: string; places: number },
) {
  const facility = await lockFacility(tx, access, input.facilityId);
  // The places apply from the day on: neither that day nor today may hold more people.
  for (const day of input.day < today() ? [input.day, today()] : [input.day]) {
    const occupied = (await occupancyOn(tx, [facility.id], day)).get(facility.id) ?? 0;
    if (input.places < occupied) {
      throw new AppError('FACILITY_CAPACITY_BELOW_OCCUPANCY', {
        params: { places: input.places, occupied, day },
      });
    }
  }
  await tx
    .insert(quarantineCapacity)
    .values({ facilityId: facility.id, day: input.day, places: input.places, ...facilityPlace(facility) })
    .onConflictDoUpdate({
      target: [quarantineCapacity.facilityId, quarantineCapacity.day],
      set: { places: input.places, updatedAt: new Date() },
    });
  await audit({
    action: 'update',
    entity: 'facility_capacity',
    entityId: facility.id,
    details: { day: input.day, places: input.places },
  });
  if (input.day <= today()) await syncBeds(tx, [facility], today());
  return { facilityId: facility.id, day: input.day, places: input.places };
}
