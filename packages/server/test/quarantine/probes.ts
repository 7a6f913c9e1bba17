/**
 * Authorization-matrix probes of the quarantine routes that touch personal data (spread into PROBES
 * in test/authz/probes.ts): an order of a fresh person at the probe's place, made straight in the
 * database (proposed or active, from yesterday for six days, a test on its last day).
 */
import { addDays, today } from '@epilink/core';
import { expect } from 'vitest';
import { quarantineOrders } from '../../src/db/schema/index.ts';
import type { Probe, ProbeContext } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';
import { FACILITY_PROBES } from './facilityProbes.ts';

async function orderHere(
  ctx: ProbeContext,
  status: 'proposed' | 'active',
): Promise<{ id: string; personId: string }> {
  const personId = await personAt(ctx, { phone: '0912000999' });
  const end = addDays(today(), 5);
  const [o] = await ctx.t.database.db
    .insert(quarantineOrders)
    .values({
      ...ctx.place,
      personId,
      diseaseCode: 'COVID-19',
      role: 'F1',
      kind: 'home_quarantine',
      status,
      startDate: addDays(today(), -1),
      quarantineEnd: end,
      endDate: end,
      testsDue: [end],
      formsPerDay: 2,
      ...(status === 'active' ? { confirmedAt: new Date() } : {}),
    })
    .returning({ id: quarantineOrders.id });
  return { id: o!.id, personId };
}

export const QUARANTINE_PROBES: Record<string, Probe> = {
  'GET /api/quarantine/worklist': async (ctx) => {
    const { id } = await orderHere(ctx, 'proposed');
    return {
      url: '/api/quarantine/worklist',
      check: (res) => {
        const ids = res.json<{ proposed: { items: { id: string }[] } }>().proposed.items.map((o) => o.id);
        expect(ids.includes(id)).toBe(ctx.side === 'inside');
      },
      outsideStatus: 200,
    };
  },
  'POST /api/quarantine/orders/:id/confirm': async (ctx) => {
    const { id } = await orderHere(ctx, 'proposed');
    return { url: `/api/quarantine/orders/${id}/confirm`, payload: {} };
  },
  'POST /api/quarantine/orders/confirm': async (ctx) => {
    const { id } = await orderHere(ctx, 'proposed');
    return { url: '/api/quarantine/orders/confirm', payload: { ids: [id] } };
  },
  'POST /api/quarantine/orders/:id/release': async (ctx) => {
    // No negative test on the test day: refused (422) inside, unseen (404) outside.
    const { id } = await orderHere(ctx, 'active');
    return { url: `/api/quarantine/orders/${id}/release`, insideStatus: 422 };
  },
  'POST /api/quarantine/orders/:id/extend': async (ctx) => {
    const { id } = await orderHere(ctx, 'active');
    return { url: `/api/quarantine/orders/${id}/extend`, payload: { days: 2, reason: 'Chưa có kết quả' } };
  },
  'GET /api/quarantine/orders/:id/document': async (ctx) => {
    const { id } = await orderHere(ctx, 'active');
    return { url: `/api/quarantine/orders/${id}/document?type=order` };
  },
  'POST /api/quarantine/orders/:id/forms': async (ctx) => {
    const { id } = await orderHere(ctx, 'active');
    return { url: `/api/quarantine/orders/${id}/forms`, payload: { spo2: 98, pulse: 80 } };
  },
  ...FACILITY_PROBES,
};
