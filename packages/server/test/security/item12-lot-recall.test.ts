/**
 * Item 12 — a district officer recalls a vaccine lot stocked only in other districts. A recall
 * stops a lot everywhere, so it belongs to someone whose jurisdiction holds every site stocking
 * it: a lot stocked only elsewhere is not found (404), one stocked here and elsewhere is for the
 * province (403); nothing changes and no recall is audited. The province recalls it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { facilities, vaccineLots, vaccineStock } from '../../src/db/schema/index.ts';
import { createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { auditRows, HOME, otherDistrictCommune } from './places.ts';
import type { Place } from './places.ts';

let t: TestApp;
let n = 0;

async function siteAt(place: Place): Promise<string> {
  const [f] = await t.database.db
    .insert(facilities)
    .values({
      kind: 'vaccination_site',
      name: `Điểm tiêm ${++n}`,
      unitCode: place.communeCode,
      districtCode: place.districtCode,
      provinceCode: place.provinceCode,
    })
    .returning({ id: facilities.id });
  return f!.id;
}

async function lotStockedAt(...sites: string[]): Promise<string> {
  const [lot] = await t.database.db
    .insert(vaccineLots)
    .values({ productCode: 'EU/1/20/1528', lotNumber: `LOT-SEC-${++n}`, expiryDate: '2030-01-01' })
    .returning({ id: vaccineLots.id });
  for (const facilityId of sites)
    await t.database.db.insert(vaccineStock).values({ lotId: lot!.id, facilityId, quantity: 100 });
  return lot!.id;
}

async function recalled(lotId: string): Promise<boolean> {
  const [row] = await queryRows<{ r: boolean }>(
    t.database.db,
    sql`select recalled_at is not null as r from vaccine_lots where id = ${lotId}`,
  );
  return row!.r;
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('item 12: recalling a lot needs every site stocking it in your jurisdiction', () => {
  it('a district officer cannot recall a lot stocked only, or also, in other districts', async () => {
    const other = await otherDistrictCommune(t);
    const mine = await siteAt(HOME);
    const theirs = await siteAt(other);
    const onlyTheirs = await lotStockedAt(theirs);
    const shared = await lotStockedAt(mine, theirs);
    const ownLot = await lotStockedAt(mine);
    const officer = await signInAs(t, 'district_officer', HOME.districtCode);
    const recall = (id: string, headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/vaccination/lots/${id}/recall`,
        headers,
        payload: { reason: 'Nghi lô lỗi' },
      });
    expect((await recall(onlyTheirs, officer.headers)).statusCode).toBe(404);
    expect((await recall(shared, officer.headers)).statusCode).toBe(403);
    expect(await recalled(onlyTheirs)).toBe(false);
    expect(await recalled(shared)).toBe(false);
    expect((await auditRows(t, 'vaccine_lot')).filter((a) => a.action === 'update')).toEqual([]);

    // Their own lot, and the province for the shared one.
    expect((await recall(ownLot, officer.headers)).statusCode).toBe(200);
    const admin = await signInAs(t, 'province_admin', '83');
    expect((await recall(shared, admin.headers)).statusCode).toBe(200);
    expect(await recalled(ownLot)).toBe(true);
    expect(await recalled(shared)).toBe(true);
    expect((await auditRows(t, 'vaccine_lot')).filter((a) => a.action === 'update')).toHaveLength(2);
  });
});
