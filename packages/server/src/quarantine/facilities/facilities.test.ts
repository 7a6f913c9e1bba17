/**
 * Story (issue #16 item 2): health area 831 of Vĩnh Long has a quarantine facility of 2 places and
 * a second one of 5. The area officer allocates people under facility-quarantine orders; a third
 * person is refused with a translated "full" message; a transfer needs a reason and is audited;
 * the situation room's beds count the people allocated, live, at every step; places below the
 * people staying are refused; an officer of another area sees none of it (404).
 */
import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { queryRows } from '../../db/client.ts';
import { checkRollups } from '../../indicators/check.ts';

type Refusal = { error: { code: string; message: string } };

describe('quarantine facilities: allocation, transfers, occupancy and the beds indicator', () => {
  let t: TestApp;
  let area: Record<string, string>;
  let otherArea: Record<string, string>;
  let province: Record<string, string>;
  let small: string;
  let large: string;
  const orders: string[] = [];
  const day = today();
  const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const beds = async () =>
    (
      await call(
        'GET',
        `/api/indicators?unit=86&from=${day}&to=${day}&metrics=bedsTotal,bedsOccupied`,
        province,
      )
    ).json<{ totals: Record<string, number> }>().totals;

  beforeAll(async () => {
    t = await createTestApp();
    // Two facilities of area 831 and four people of Phường Phú Khương under facility-quarantine orders.
    const rows = await queryRows<{ kind: string; id: string }>(
      t.database.db,
      sql`with f as (
            insert into facilities (kind, name, unit_code, district_code, province_code, capacity)
            values ('quarantine_facility', 'Khu cách ly Ký túc xá', '831', '831', '86', 2),
                   ('quarantine_facility', 'Khu cách ly Trường Cao đẳng', '831', '831', '86', 5)
            returning 'facility' as kind, id, capacity),
          p as (
            insert into persons (full_name, name_key, province_code, district_code, commune_code, source)
            select 'Người Cách Ly ' || g, 'nguoi cach ly ' || g, '86', '831', '28756', 'test'
            from generate_series(1, 4) g returning id),
          o as (
            insert into quarantine_orders (person_id, disease_code, role, kind, status, start_date, quarantine_end,
              end_date, forms_per_day, province_code, district_code, commune_code)
            select id, 'COVID-19', 'F1', 'facility_quarantine', 'active', ${day}::date, ${addDays(day, 13)}::date,
              ${addDays(day, 13)}::date, 2, '86', '831', '28756' from p returning id)
          select kind, id::text from (select kind, id, capacity from f order by capacity) x
          union all select 'order', id::text from o`,
    );
    const ids = rows.filter((r) => r.kind === 'facility').map((r) => r.id);
    small = ids[0]!;
    large = ids[1]!;
    orders.push(...rows.filter((r) => r.kind === 'order').map((r) => r.id));
    ({ headers: area } = await signInAs(t, 'district_officer', '831'));
    ({ headers: otherArea } = await signInAs(t, 'district_officer', '832'));
    ({ headers: province } = await signInAs(t, 'provincial_epidemiologist', '86'));
  });
  afterAll(() => t?.close());

  it('allocates up to the places, refuses the next with a translated reason, and the beds follow', async () => {
    const pending = await call('GET', '/api/quarantine/facilities/pending', area);
    expect(
      pending
        .json<{ items: { orderId: string }[] }>()
        .items.map((i) => i.orderId)
        .sort(),
    ).toEqual([...orders].sort());
    for (const id of orders.slice(0, 2)) {
      const res = await call('POST', `/api/quarantine/orders/${id}/allocation`, area, { facilityId: small });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect(await beds()).toEqual({ bedsTotal: 2, bedsOccupied: 2 });
    const full = await call('POST', `/api/quarantine/orders/${orders[2]!}/allocation`, area, {
      facilityId: small,
    });
    expect(full.statusCode).toBe(409);
    expect(full.json<Refusal>().error.code).toBe('FACILITY_FULL');
    expect(full.json<Refusal>().error.message).toContain('đã đủ chỗ (2 chỗ)');
    const fullEn = await call(
      'POST',
      `/api/quarantine/orders/${orders[2]!}/allocation`,
      { ...area, 'accept-language': 'en' },
      { facilityId: small },
    );
    expect(fullEn.json<Refusal>().error.message).toContain('is full (2 places)');
    const again = await call('POST', `/api/quarantine/orders/${orders[0]!}/allocation`, area, {
      facilityId: large,
    });
    expect(again.statusCode).toBe(409); // already there: a transfer is the way
    const list = await call('GET', '/api/quarantine/facilities', area);
    expect(list.json<{ items: { id: string; occupied: number; free: number | null }[] }>().items).toEqual([
      expect.objectContaining({ id: small, occupied: 2, free: 0 }),
      expect.objectContaining({ id: large, occupied: 0, free: 5 }),
    ]);
  });

  it('transfers with a reason (audited), frees the place, and both facilities’ beds count', async () => {
    const noReason = await call('POST', `/api/quarantine/orders/${orders[0]!}/transfer`, area, {
      facilityId: large,
    });
    expect(noReason.statusCode).toBe(400);
    const moved = await call('POST', `/api/quarantine/orders/${orders[0]!}/transfer`, area, {
      facilityId: large,
      reason: 'Cần theo dõi gần bệnh viện',
    });
    expect(moved.statusCode).toBe(200);
    expect(await beds()).toEqual({ bedsTotal: 7, bedsOccupied: 2 });
    const [audit] = await queryRows<{ reason: string }>(
      t.database.db,
      sql`select details->>'reason' as reason from audit_log where entity = 'facility_allocation' and action = 'update'`,
    );
    expect(audit!.reason).toBe('Cần theo dõi gần bệnh viện');
    expect(
      (await call('POST', `/api/quarantine/orders/${orders[2]!}/allocation`, area, { facilityId: small }))
        .statusCode,
    ).toBe(201);
    expect(await beds()).toEqual({ bedsTotal: 7, bedsOccupied: 3 });
    const detail = await call('GET', `/api/quarantine/facilities/${large}`, area);
    const body = detail.json<{
      occupants: { orderId: string }[];
      byDay: { day: string; occupied: number }[];
    }>();
    expect(body.occupants.map((o) => o.orderId)).toEqual([orders[0]]);
    expect(body.byDay.at(-1)).toEqual({ day, occupied: 1, capacity: 5 });
    expect(await checkRollups(t.database.db)).toEqual({ differences: 0, sample: [] });
  });

  it('refuses places below the people staying, and another area sees nothing (404)', async () => {
    const below = await call('POST', `/api/quarantine/facilities/${small}/capacity`, area, {
      day,
      places: 1,
    });
    expect(below.statusCode, below.body).toBe(422);
    expect(below.json<Refusal>().error.code).toBe('FACILITY_CAPACITY_BELOW_OCCUPANCY');
    expect(
      (await call('POST', `/api/quarantine/facilities/${large}/capacity`, area, { day, places: 8 }))
        .statusCode,
    ).toBe(200);
    expect(await beds()).toEqual({ bedsTotal: 10, bedsOccupied: 3 });
    expect((await call('GET', `/api/quarantine/facilities/${small}`, otherArea)).statusCode).toBe(404);
    const outside = await call('POST', `/api/quarantine/orders/${orders[3]!}/allocation`, otherArea, {
      facilityId: large,
    });
    expect(outside.statusCode).toBe(404);
    const list = await call('GET', '/api/quarantine/facilities', otherArea);
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
  });
});
