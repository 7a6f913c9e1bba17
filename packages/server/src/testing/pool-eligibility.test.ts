/**
 * Pooled PCR is for screening (issue 10, item 6), on PGlite and PostgreSQL: a specimen registered
 * for symptoms or as a contact is refused by a pool with a translated reason and nothing changes;
 * a screening specimen joins it. The eligible reasons are policy (`testing.poolEligibleReasons`).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { specimens, testRegistrations } from '../db/schema/index.ts';
import { HOME, freshBarcode, siteAt } from './test-fixtures.ts';

let t: TestApp;
let lab: Record<string, string>;
let siteId = '';

beforeAll(async () => {
  t = await createTestApp();
  lab = (await signInAs(t, 'lab_technician', HOME.communeCode)).headers;
  siteId = await siteAt(t.database.db, HOME, 'Điểm lấy mẫu Phường 1');
});
afterAll(async () => {
  await t?.close();
});

/** A person registered for a reason, with a collected RT-PCR specimen of that registration. */
async function specimenFor(fullName: string, reason: 'symptoms' | 'contact' | 'screening') {
  const [p] = await addPeople(t.database, [{ fullName, dateOfBirth: '1990-01-01', sex: null, ...HOME }]);
  const [reg] = await t.database.db
    .insert(testRegistrations)
    .values({ personId: p!.personId, siteId, testType: 'rtPcr', reason, registeredVia: 'staff', ...HOME })
    .returning({ id: testRegistrations.id });
  const barcode = freshBarcode();
  await t.database.db.insert(specimens).values({
    barcode,
    personId: p!.personId,
    registrationId: reg!.id,
    siteId,
    testType: 'rtPcr',
    collectedAt: new Date(Date.now() - 3_600_000),
    ...HOME,
  });
  return barcode;
}

describe('what may go into a pool', () => {
  it('refuses people tested for symptoms or as contacts, takes screening specimens', async () => {
    const pool = await t.app.inject({
      method: 'POST',
      url: '/api/testing/pools',
      headers: lab,
      payload: { siteId },
    });
    expect(pool.statusCode, pool.body).toBe(201);
    const poolId = pool.json<{ id: string }>().id;
    const add = (barcode: string, lang = 'vi') =>
      t.app.inject({
        method: 'POST',
        url: `/api/testing/pools/${poolId}/specimens`,
        headers: { ...lab, 'accept-language': lang },
        payload: { barcode },
      });

    const feverish = await specimenFor('Nguyễn Thị Sốt', 'symptoms');
    const refused = await add(feverish, 'en');
    expect(refused.statusCode).toBe(409);
    const error = refused.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('POOL_REFUSED');
    expect(error.message).toContain('tested individually');
    expect((await add(await specimenFor('Trần Văn Tiếp', 'contact'))).statusCode).toBe(409);
    expect((await add(await specimenFor('Lê Thị Sàng', 'screening'))).statusCode).toBe(200);

    const members = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from specimens where pool_id = ${poolId}`,
    );
    expect(members[0]!.n).toBe(1);
  });
});
