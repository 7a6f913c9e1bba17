/**
 * The catalogue a session draws on: vaccination sites of the caller's jurisdiction, lots (with
 * recalls) and their stock at a site. Sites are placed with `placeWithin`; a recall needs every
 * site stocking the lot inside the caller's jurisdiction (issue #9 item 12). Writes run in the
 * request's transaction with their audit rows.
 */
import { AppError, catalogueOn } from '@epilink/core';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { placeWithin } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { facilities, vaccineLots, vaccineStock } from '../db/schema/index.ts';
import { facilityInScope } from './sessions.ts';

/** Facility kinds where doses are given. */
const VACCINATING_KINDS = [
  'vaccination_site',
  'commune_health_station',
  'district_health_centre',
  'district_hospital',
  'provincial_hospital',
] as const;

const placeOf = (f: { provinceCode: string; districtCode: string | null; unitCode: string }) => ({
  provinceCode: f.provinceCode,
  districtCode: f.districtCode,
  communeCode: f.unitCode.length === 5 ? f.unitCode : null,
});

/** Vaccination sites inside the caller's jurisdiction, by name. */
export async function vaccinationSites(db: DbOrTx, access: Access) {
  const rows = await db
    .select()
    .from(facilities)
    .where(inArray(facilities.kind, [...VACCINATING_KINDS]))
    .orderBy(asc(facilities.name));
  return { items: rows.filter((f) => placeWithin(access, placeOf(f))) };
}

/** Lots stocked at a site of the caller's jurisdiction, soonest expiry first. */
export async function lotsAtSite(db: DbOrTx, access: Access, facilityId: string) {
  await facilityInScope(db, access, facilityId);
  const rows = await db
    .select({ lot: vaccineLots, quantity: vaccineStock.quantity })
    .from(vaccineStock)
    .innerJoin(vaccineLots, eq(vaccineLots.id, vaccineStock.lotId))
    .where(eq(vaccineStock.facilityId, facilityId))
    .orderBy(asc(vaccineLots.expiryDate));
  return {
    items: rows.map((r) => ({
      ...r.lot,
      recalled: r.lot.recalledAt !== null,
      aefiFlagged: r.lot.aefiFlaggedAt !== null,
      quantity: r.quantity,
    })),
  };
}

/** Register a lot of a product in the catalogue (CONFLICT if the number exists). */
export async function registerLot(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  body: { productCode: string; lotNumber: string; expiryDate: string },
): Promise<{ id: string }> {
  if (!catalogueOn(body.expiryDate).products.some((p) => p.code === body.productCode))
    throw new AppError('UNKNOWN_CODE', { params: { code: body.productCode } });
  const [row] = await tx
    .insert(vaccineLots)
    .values(body)
    .onConflictDoNothing()
    .returning({ id: vaccineLots.id });
  if (!row) throw new AppError('CONFLICT');
  await writeAudit(tx, access, origin, { action: 'create', entity: 'vaccine_lot', entityId: row.id });
  return row;
}

/**
 * Recall a lot. A recall stops the lot everywhere: the caller's jurisdiction must hold every site
 * that stocks it. A lot stocked only elsewhere is not found; one stocked also elsewhere is for the
 * level above (issue #9 item 12). A lot with no stock yet is anyone's to recall.
 */
export async function recallLot(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  lotId: string,
  reason: string,
): Promise<void> {
  const sites = await tx
    .select({
      provinceCode: facilities.provinceCode,
      districtCode: facilities.districtCode,
      unitCode: facilities.unitCode,
    })
    .from(vaccineStock)
    .innerJoin(facilities, eq(facilities.id, vaccineStock.facilityId))
    .where(eq(vaccineStock.lotId, lotId));
  const inside = sites.filter((f) => placeWithin(access, placeOf(f)));
  const stockedOutside = sites.length - inside.length;
  if (stockedOutside > 0 && inside.length === 0) throw new AppError('NOT_FOUND');
  if (stockedOutside > 0) throw new AppError('FORBIDDEN');
  const r = await tx
    .update(vaccineLots)
    .set({ recalledAt: new Date(), recallReason: reason })
    .where(eq(vaccineLots.id, lotId))
    .returning({ id: vaccineLots.id });
  if (r.length === 0) throw new AppError('NOT_FOUND');
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'vaccine_lot',
    entityId: lotId,
    fields: ['recalled'],
  });
}

/** Receive doses of a lot at a site of the caller's jurisdiction; the site's new quantity. */
export async function receiveStock(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  body: { lotId: string; facilityId: string; quantity: number },
): Promise<{ quantity: number }> {
  await facilityInScope(tx, access, body.facilityId);
  const [lot] = await tx.select().from(vaccineLots).where(eq(vaccineLots.id, body.lotId));
  if (!lot) throw new AppError('NOT_FOUND');
  const [row] = await tx
    .insert(vaccineStock)
    .values(body)
    .onConflictDoUpdate({
      target: [vaccineStock.lotId, vaccineStock.facilityId],
      set: { quantity: sql`${vaccineStock.quantity} + ${body.quantity}`, updatedAt: new Date() },
    })
    .returning({ quantity: vaccineStock.quantity });
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'vaccine_stock',
    entityId: body.lotId,
    details: { facilityId: body.facilityId, received: body.quantity },
  });
  return { quantity: row!.quantity };
}
