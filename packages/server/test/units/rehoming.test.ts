import { isRole } from '@epilink/core';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeFor, systemAccess, userAccess } from '../../src/access/context.ts';
import { loadSessionUser } from '../../src/auth/session.ts';
import { households, persons, unitRehomingReviews, users } from '../../src/db/schema/index.ts';
import { loadUnitDataset } from '../../src/registry/units/load.ts';
import { rehomeDue } from '../../src/registry/units/rehome.ts';
import { addPeople, createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

/** The ids of the people an official sees, through the data layer's own scoping. */
async function peopleSeenBy(t: TestApp, userId: string): Promise<string[]> {
  const user = await loadSessionUser(t.database.db, userId);
  if (!user || !isRole(user.role)) throw new Error('no session user with a known role');
  const rows = await t.database.db
    .select({ id: persons.id })
    .from(persons)
    .where(scopeFor(userAccess({ ...user, role: user.role }), persons));
  return rows.map((r) => r.id).sort();
}

describe('re-homing on the reform of 1 July 2025', () => {
  let t: TestApp;
  let phuong8: string[];
  let chauThanh: string;
  let household: string;
  let communeOfficer: Awaited<ReturnType<typeof signInAs>>;
  let districtOfficer: Awaited<ReturnType<typeof signInAs>>;
  let seenBeforeByDistrict: string[];
  beforeAll(async () => {
    t = await createTestApp();
    const { db } = t.database;
    // Before the reform: two people in Phường 8 and one in Xã Phú Hưng (Bến Tre city, 829), one in
    // Châu Thành (831), and a household of two in Thị trấn Tam Bình (Vĩnh Long), a commune the reform divided.
    const added = await addPeople(t.database, [
      { fullName: 'Trần Văn An', communeCode: '28759', districtCode: '829', provinceCode: '83' },
      { fullName: 'Lê Thị Bình', communeCode: '28759', districtCode: '829', provinceCode: '83' },
      { fullName: 'Phạm Văn Cường', communeCode: '28786', districtCode: '829', provinceCode: '83' },
      { fullName: 'Võ Thị Dung', communeCode: '28801', districtCode: '831', provinceCode: '83' },
    ]);
    phuong8 = added.slice(0, 2).map((o) => o.personId);
    chauThanh = added[3]!.personId;
    const [h] = await db
      .insert(households)
      .values({ communeCode: '29719', districtCode: '860', provinceCode: '86', address: 'Khóm 1' })
      .returning({ id: households.id });
    household = h!.id;
    await addPeople(t.database, [
      {
        fullName: 'Nguyễn Văn Em',
        communeCode: '29719',
        districtCode: '860',
        provinceCode: '86',
        householdId: household,
      },
      {
        fullName: 'Nguyễn Thị Gấm',
        communeCode: '29719',
        districtCode: '860',
        provinceCode: '86',
        householdId: household,
      },
    ]);
    communeOfficer = await signInAs(t, 'commune_officer', '28759');
    districtOfficer = await signInAs(t, 'district_officer', '829');
    seenBeforeByDistrict = await peopleSeenBy(t, districtOfficer.userId);
    // The reform: the 2025-07 list and its change table; its date has come, so re-homing runs.
    await db.transaction(async (tx) => {
      await loadUnitDataset(tx, '2025-07');
      expect(await rehomeDue(tx, systemAccess('units'))).toEqual(['2025-07']);
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('moves the people of Phường 8 to the new Phường Phú Khương (86)', async () => {
    const rows = await t.database.db.select().from(persons).where(inArray(persons.id, phuong8));
    for (const p of rows) expect(p).toMatchObject({ communeCode: '28756', provinceCode: '86' });
  });

  it('re-homes the commune officer of old Phường 8, who keeps signing in', async () => {
    const [u] = await t.database.db.select().from(users).where(eq(users.id, communeOfficer.userId));
    expect(u).toMatchObject({ jurisdictionCode: '28756', communeCode: '28756', provinceCode: '86' });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: communeOfficer.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ user: { jurisdiction: { name: string } } }>().user.jurisdiction.name).toBe(
      'Phường Phú Khương',
    );
    expect(await peopleSeenBy(t, communeOfficer.userId)).toEqual(expect.arrayContaining(phuong8));
  });

  it('sends the households of a divided commune to the province review queue with the candidates', async () => {
    const [h] = await t.database.db.select().from(households).where(eq(households.id, household));
    expect(h?.communeCode).toBe('29719'); // not moved: a person decides
    const queue = await t.database.db
      .select()
      .from(unitRehomingReviews)
      .where(eq(unitRehomingReviews.entityId, household));
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({
      entity: 'household',
      oldCode: '29719',
      provinceCode: '86',
      status: 'open',
    });
    expect(queue[0]!.candidates).toEqual([
      { code: '29719', name: 'Xã Tam Bình', share: 0.5 },
      { code: '29836', name: 'Xã Trà Côn', share: 0.5 },
    ]);
  });

  it('a district-level role before the reform and the health area after it see the same people', async () => {
    expect(seenBeforeByDistrict).toHaveLength(3);
    expect(seenBeforeByDistrict).not.toContain(chauThanh);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: districtOfficer.headers });
    expect(
      me.json<{ user: { jurisdiction: { name: string; level: string } } }>().user.jurisdiction,
    ).toMatchObject({
      name: 'Khu vực y tế Thành phố Bến Tre',
      level: 'district',
    });
    expect(await peopleSeenBy(t, districtOfficer.userId)).toEqual(seenBeforeByDistrict);
  });

  it('finds a person of old Phường 8 entered again in Phú Khương after the move (name keys follow)', async () => {
    // The vaccination list of the new ward names him without a date of birth: only his name in his
    // commune can find him (the `nf:` blocking key, which carries the commune code).
    const [again] = await addPeople(t.database, [
      { fullName: 'TRAN VAN AN', communeCode: '28756', districtCode: '829', provinceCode: '86' },
    ]);
    expect(again?.decision).not.toBe('new');
    expect(again?.matchedId).toBe(phuong8[0]);
  });

  it('a province official decides the household: it moves with its members, audited; a non-candidate is refused', async () => {
    const admin = await signInAs(t, 'province_admin', '86');
    const commune = await signInAs(t, 'commune_officer', '28756');
    const queue = await t.app.inject({
      method: 'GET',
      url: '/api/units/rehoming-reviews',
      headers: admin.headers,
    });
    const item = queue
      .json<{ items: { id: string; entityId: string; oldCode: string; oldName: string | null }[] }>()
      .items.find((i) => i.entityId === household);
    // The divided commune is named as its list named it before the reform, beside its code.
    expect(item).toMatchObject({ oldCode: '29719', oldName: 'Thị trấn Tam Bình' });
    // A commune official has no queue; another commune is not a candidate.
    const none = await t.app.inject({
      method: 'GET',
      url: '/api/units/rehoming-reviews',
      headers: commune.headers,
    });
    expect(none.json<{ items: unknown[] }>().items).toHaveLength(0);
    const decide = (code: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/units/rehoming-reviews/${item!.id}/decide`,
        headers: admin.headers,
        payload: { communeCode: code },
      });
    expect((await decide('28756')).statusCode).toBe(400);
    expect((await decide('29836')).statusCode).toBe(200);
    expect((await decide('29836')).statusCode).toBe(409);
    const members = await t.database.db.select().from(persons).where(eq(persons.householdId, household));
    expect(members.map((m) => m.communeCode)).toEqual(['29836', '29836']);
    const [h] = await t.database.db.select().from(households).where(eq(households.id, household));
    expect(h?.communeCode).toBe('29836');
    // Entered again in Trà Côn without a date of birth, a member is found by name in his new commune.
    const [again] = await addPeople(t.database, [
      { fullName: 'Nguyễn Văn Em', communeCode: '29836', districtCode: '860', provinceCode: '86' },
    ]);
    expect(again?.decision).not.toBe('new');
    expect(members.map((m) => m.id)).toContain(again?.matchedId);
  });
});
