/**
 * Routes of quarantine facilities and hospitals (issue #16 item 2): list with capacity and
 * occupancy on a day, one facility's people and occupancy by day, orders waiting for a facility
 * (`quarantine:read`, audited reads of names), allocation, transfer with a reason and capacity by
 * day (`quarantine:write`). Facilities and orders outside the caller's jurisdiction are 404.
 */
import { today } from '@epilink/core';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';
import { allocate, setCapacity, transfer } from './allocations.ts';
import { facilityDetail, listFacilities, pendingOrders } from './read.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u);
const facilityItem = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  unitCode: z.string(),
  capacity: z.number().nullable(),
  occupied: z.number(),
  free: z.number().nullable(),
});
const stay = z.object({ id: z.string(), orderId: z.string(), facilityId: z.string(), fromDay: z.string() });

export const facilityRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/quarantine/facilities',
    summary:
      'Quarantine facilities and hospitals of your jurisdiction with their places and the people staying on a day (today by default)',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:read' },
    personalData: false,
    query: z.strictObject({ day: day.optional() }),
    response: z.object({ day: z.string(), items: z.array(facilityItem) }),
    async handler({ tx, access, query }) {
      const d = query.day ?? today();
      return { day: d, items: await listFacilities(tx, access, d) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/quarantine/facilities/pending',
    summary: 'Facility-quarantine orders of your jurisdiction with no facility yet (names; audited)',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:read' },
    personalData: true,
    response: z.object({
      items: z.array(
        z.object({
          orderId: z.string(),
          personId: z.string(),
          name: z.string(),
          communeCode: z.string().nullable(),
          status: z.string(),
          startDate: z.string(),
          endDate: z.string(),
        }),
      ),
    }),
    async handler({ tx, access, audit }) {
      const items = await pendingOrders(tx, access);
      await audit({
        action: 'read',
        entity: 'facility_pending_orders',
        fields: ['name'],
        details: { count: items.length },
      });
      return { items };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/quarantine/facilities/:id',
    summary:
      'A facility: the people staying on a day (names; audited) and its occupancy for the 14 days to it',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:read' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    query: z.strictObject({ day: day.optional() }),
    response: z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      unitCode: z.string(),
      capacity: z.number().nullable(),
      occupied: z.number(),
      byDay: z.array(z.object({ day: z.string(), occupied: z.number(), capacity: z.number().nullable() })),
      occupants: z.array(
        z.object({
          orderId: z.string(),
          personId: z.string(),
          name: z.string(),
          since: z.string(),
          startDate: z.string(),
          endDate: z.string(),
        }),
      ),
    }),
    async handler({ tx, access, audit, params, query }) {
      const detail = await facilityDetail(tx, access, params.id, query.day ?? today());
      await audit({
        action: 'read',
        entity: 'facility_occupants',
        entityId: detail.id,
        fields: ['name'],
        details: { count: detail.occupants.length },
      });
      return detail;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/quarantine/facilities/:id/capacity',
    summary: 'Set a facility’s places from a day on (refused below the people staying; audited)',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:write' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ day, places: z.number().int().min(0).max(100_000) }),
    response: z.object({ facilityId: z.string(), day: z.string(), places: z.number() }),
    handler: ({ tx, access, audit, params, body }) =>
      setCapacity(tx, access, audit, { facilityId: params.id, ...body }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/quarantine/orders/:id/allocation',
    summary:
      'Allocate the person of a facility-quarantine order to a facility from a day (refused when full; audited; beds follow)',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ facilityId: z.uuid(), day: day.optional() }),
    response: stay,
    successStatus: 201,
    handler: ({ tx, access, audit, params, body }) =>
      allocate(tx, access, audit, { orderId: params.id, facilityId: body.facilityId, day: body.day }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/quarantine/orders/:id/transfer',
    summary:
      'Transfer an allocated person to another facility today, with the reason (refused when full; audited; beds of both follow)',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ facilityId: z.uuid(), reason: z.string().trim().min(3).max(1000) }),
    response: stay,
    handler: ({ tx, access, audit, params, body }) =>
      transfer(tx, access, audit, { orderId: params.id, ...body }),
  }),
];
