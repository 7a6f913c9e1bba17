import { AppError, catalogueOn, today } from '@epilink/core';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { placeWithin } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { facilities, vaccineLots, vaccineStock } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { facilityInScope } from './routes.ts';

const isoDate = z.iso.date();

/** Vaccine products, sites, lots (with recalls) and stock: the catalogue a session draws on. */
export const vaccineStockRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/vaccination/products',
    summary: 'Vaccine products in force with their schedules (EU DCC codes)',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: false,
    query: z.strictObject({ on: isoDate.optional() }),
    response: z.object({ version: z.string(), products: z.array(z.record(z.string(), z.unknown())) }),
    handler({ query }) {
      const v = catalogueOn(query.on ?? today());
      return Promise.resolve({
        version: v.version,
        products: v.products as unknown as Record<string, unknown>[],
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vaccination/sites',
    summary: 'Vaccination sites (facilities) in your jurisdiction',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: false,
    response: z.object({
      items: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), unitCode: z.string() })),
    }),
    async handler({ deps, access }) {
      const rows = await deps.database.db
        .select()
        .from(facilities)
        .where(
          inArray(facilities.kind, [
            'vaccination_site',
            'commune_health_station',
            'district_health_centre',
            'district_hospital',
            'provincial_hospital',
          ]),
        )
        .orderBy(asc(facilities.name));
      return {
        items: rows.filter((f) =>
          placeWithin(access, {
            provinceCode: f.provinceCode,
            districtCode: f.districtCode,
            communeCode: f.unitCode.length === 5 ? f.unitCode : null,
          }),
        ),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vaccination/lots',
    summary: 'Lots with their expiry, recall state and stock at a site',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: false,
    query: z.strictObject({ facilityId: z.uuid() }),
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          productCode: z.string(),
          lotNumber: z.string(),
          expiryDate: z.string(),
          recalled: z.boolean(),
          aefiFlagged: z.boolean(),
          quantity: z.number(),
        }),
      ),
    }),
    async handler({ deps, access, query }) {
      const { db } = deps.database;
      await facilityInScope(db, access, query.facilityId);
      const rows = await db
        .select({ lot: vaccineLots, quantity: vaccineStock.quantity })
        .from(vaccineStock)
        .innerJoin(vaccineLots, eq(vaccineLots.id, vaccineStock.lotId))
        .where(eq(vaccineStock.facilityId, query.facilityId))
        .orderBy(asc(vaccineLots.expiryDate));
      return {
        items: rows.map((r) => ({
          ...r.lot,
          recalled: r.lot.recalledAt !== null,
          aefiFlagged: r.lot.aefiFlaggedAt !== null,
          quantity: r.quantity,
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/lots',
    summary: 'Register a lot (product, number, expiry)',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccine:manage' },
    personalData: false,
    successStatus: 201,
    body: z.strictObject({
      productCode: z.string().min(1).max(40),
      lotNumber: z.string().trim().min(1).max(40),
      expiryDate: isoDate,
    }),
    response: z.object({ id: z.string() }),
    async handler({ deps, access, origin, body }) {
      if (!catalogueOn(body.expiryDate).products.some((p) => p.code === body.productCode))
        throw new AppError('UNKNOWN_CODE', { params: { code: body.productCode } });
      return deps.database.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(vaccineLots)
          .values(body)
          .onConflictDoNothing()
          .returning({ id: vaccineLots.id });
        if (!row) throw new AppError('CONFLICT');
        await writeAudit(tx, access, origin, { action: 'create', entity: 'vaccine_lot', entityId: row.id });
        return row;
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/lots/:id/recall',
    summary:
      'Recall a lot: no further dose can be recorded from it (only where every site stocking it is in your jurisdiction)',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccine:manage' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ reason: z.string().trim().min(1).max(300) }),
    response: z.object({ ok: z.literal(true) }),
    async handler({ deps, access, origin, params, body }) {
      return deps.database.db.transaction(async (tx) => {
        // A recall stops the lot everywhere: the caller's jurisdiction must hold every site that
        // stocks it. A lot stocked only elsewhere is not found; one stocked also elsewhere is
        // for the level above (issue #9 item 12). A lot with no stock yet is anyone's to recall.
        const sites = await tx
          .select({
            provinceCode: facilities.provinceCode,
            districtCode: facilities.districtCode,
            unitCode: facilities.unitCode,
          })
          .from(vaccineStock)
          .innerJoin(facilities, eq(facilities.id, vaccineStock.facilityId))
          .where(eq(vaccineStock.lotId, params.id));
        const inside = sites.filter((f) =>
          placeWithin(access, {
            provinceCode: f.provinceCode,
            districtCode: f.districtCode,
            communeCode: f.unitCode.length === 5 ? f.unitCode : null,
          }),
        );
        const stockedOutside = sites.length - inside.length;
        if (stockedOutside > 0 && inside.length === 0) throw new AppError('NOT_FOUND');
        if (stockedOutside > 0) throw new AppError('FORBIDDEN');
        const r = await tx
          .update(vaccineLots)
          .set({ recalledAt: new Date(), recallReason: body.reason })
          .where(eq(vaccineLots.id, params.id))
          .returning({ id: vaccineLots.id });
        if (r.length === 0) throw new AppError('NOT_FOUND');
        await writeAudit(tx, access, origin, {
          action: 'update',
          entity: 'vaccine_lot',
          entityId: params.id,
          fields: ['recalled'],
        });
        return { ok: true as const };
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/stock',
    summary: 'Receive doses of a lot at a site (adds to its stock)',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccine:manage' },
    personalData: false,
    body: z.strictObject({
      lotId: z.uuid(),
      facilityId: z.uuid(),
      quantity: z.number().int().min(1).max(1_000_000),
    }),
    response: z.object({ quantity: z.number() }),
    async handler({ deps, access, origin, body }) {
      return deps.database.db.transaction(async (tx) => {
        await facilityInScope(tx, access, body.facilityId);
        const [lot] = await tx.select().from(vaccineLots).where(eq(vaccineLots.id, body.lotId));
        if (!lot) throw new AppError('NOT_FOUND');
        const [row] = await tx
          .insert(vaccineStock)
          .values(body)
          .onConflictDoUpdate({
            target: [vaccineStock.lotId, vaccineStock.facilityId],
            set: { quantity: sqlAdd(body.quantity), updatedAt: new Date() },
          })
          .returning({ quantity: vaccineStock.quantity });
        await writeAudit(tx, access, origin, {
          action: 'update',
          entity: 'vaccine_stock',
          entityId: body.lotId,
          details: { facilityId: body.facilityId, received: body.quantity },
        });
        return { quantity: row!.quantity };
      });
    },
  }),
];

/** `quantity + n` for an upsert of stock. */
function sqlAdd(n: number) {
  return sql`${vaccineStock.quantity} + ${n}`;
}
