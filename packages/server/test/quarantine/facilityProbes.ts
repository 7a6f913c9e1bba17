/**
 * Authorization-matrix probes of the quarantine facility routes that touch personal data (spread
 * into QUARANTINE_PROBES): a facility-quarantine order of a fresh person and facilities of 5 places
 * at the probe's commune, made straight in the database.
 */
import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import type { Probe, ProbeContext } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';

/** An active facility-quarantine order and two facilities here; the order staying at the first when `allocated`. */
async function facilityOrderHere(ctx: ProbeContext, allocated: boolean) {
  const personId = await personAt(ctx, { phone: '0912000998' });
  const { provinceCode, districtCode, communeCode } = ctx.place;
  const end = addDays(today(), 10);
  const [row] = await queryRows<{ order_id: string; a: string; b: string }>(
    ctx.t.database.db,
    sql`with f as (
          insert into facilities (kind, name, unit_code, district_code, province_code, capacity)
          values ('quarantine_facility', 'Khu cách ly A', ${communeCode}, ${districtCode}, ${provinceCode}, 5),
                 ('quarantine_facility', 'Khu cách ly B', ${communeCode}, ${districtCode}, ${provinceCode}, 5)
          returning id, name),
        o as (
          insert into quarantine_orders (person_id, disease_code, role, kind, status, start_date, quarantine_end,
            end_date, forms_per_day, province_code, district_code, commune_code)
          values (${personId}, 'COVID-19', 'F1', 'facility_quarantine', 'active', ${today()}::date, ${end}::date,
            ${end}::date, 2, ${provinceCode}, ${districtCode}, ${communeCode})
          returning id)
        select o.id as order_id, (select id from f where name like '%A') as a, (select id from f where name like '%B') as b
        from o`,
  );
  if (allocated) {
    await ctx.t.database.db.execute(
      sql`insert into facility_allocations (order_id, person_id, facility_id, province_code, district_code,
            commune_code, from_day)
          values (${row!.order_id}, ${personId}, ${row!.a}, ${provinceCode}, ${districtCode}, ${communeCode}, ${today()})`,
    );
  }
  return { orderId: row!.order_id, a: row!.a, b: row!.b };
}

export const FACILITY_PROBES: Record<string, Probe> = {
  'GET /api/quarantine/facilities/pending': async (ctx) => {
    const { orderId } = await facilityOrderHere(ctx, false);
    return {
      url: '/api/quarantine/facilities/pending',
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { orderId: string }[] }>().items.map((i) => i.orderId);
        expect(ids.includes(orderId)).toBe(ctx.side === 'inside');
      },
    };
  },
  'GET /api/quarantine/facilities/:id': async (ctx) => {
    const { a } = await facilityOrderHere(ctx, true);
    return { url: `/api/quarantine/facilities/${a}` };
  },
  'POST /api/quarantine/orders/:id/allocation': async (ctx) => {
    const { orderId, a } = await facilityOrderHere(ctx, false);
    return { url: `/api/quarantine/orders/${orderId}/allocation`, payload: { facilityId: a } };
  },
  'POST /api/quarantine/orders/:id/transfer': async (ctx) => {
    const { orderId, b } = await facilityOrderHere(ctx, true);
    return {
      url: `/api/quarantine/orders/${orderId}/transfer`,
      payload: { facilityId: b, reason: 'Gần bệnh viện hơn' },
    };
  },
};
