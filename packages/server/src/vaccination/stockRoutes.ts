import { catalogueOn, today } from '@epilink/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { lotsAtSite, receiveStock, recallLot, registerLot, vaccinationSites } from './stock.ts';

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
    handler: ({ tx, access }) => vaccinationSites(tx, access),
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
    handler: ({ tx, access, query }) => lotsAtSite(tx, access, query.facilityId),
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
    handler: ({ tx, access, origin, body }) => registerLot(tx, access, origin, body),
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
    async handler({ tx, access, origin, params, body }) {
      await recallLot(tx, access, origin, params.id, body.reason);
      return { ok: true as const };
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
    handler: ({ tx, access, origin, body }) => receiveStock(tx, access, origin, body),
  }),
];
