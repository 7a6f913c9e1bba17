/**
 * Item 4 — "does this person exist in another district?" A commune officer (or a commune API
 * key) registers a person who already lives in another district. The answer must not say so:
 * no matchedId, no "merged"; the record stays in the officer's commune and the likely match goes
 * to the duplicate-review queue, where someone who sees both records decides.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { addPeople, createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { auditRows, HOME, otherDistrictCommune } from './places.ts';

describe('item 4: registering a person does not reveal who lives elsewhere', () => {
  let t: TestApp;
  let elsewhereId = '';
  beforeAll(async () => {
    t = await createTestApp();
    const other = await otherDistrictCommune(t);
    const [p] = await addPeople(t.database, [
      { fullName: 'Đỗ Thị Bí Mật', dateOfBirth: '1981-03-04', cccd: '079181000123', sex: 'female', ...other },
    ]);
    elsewhereId = p!.personId;
  });
  afterAll(async () => {
    await t.close();
  });

  it('a commune officer typing a foreign CCCD learns nothing; the match waits for review', async () => {
    const officer = await signInAs(t, 'commune_officer', HOME.communeCode);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: officer.headers,
      payload: {
        fullName: 'Đỗ Thị Bí Mật',
        dateOfBirth: '1981-03-04',
        sex: 'female',
        idNumber: '079181000123',
        communeCode: HOME.communeCode,
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ personId: string; decision: string; matchedId: string | null }>();
    expect(body.matchedId).toBeNull();
    expect(body.decision).toBe('new');
    expect(res.body).not.toContain(elsewhereId);

    // The new record is the officer's own (not merged into the foreign one)…
    const [mine] = await queryRows<{ merged_into: string | null; commune_code: string }>(
      t.database.db,
      sql`select merged_into, commune_code from persons where id = ${body.personId}`,
    );
    expect(mine).toEqual({ merged_into: null, commune_code: HOME.communeCode });
    // …the pair is queued for review, invisible to the commune officer, visible to the province.
    const [review] = await queryRows<{ person_a: string; person_b: string }>(
      t.database.db,
      sql`select person_a, person_b from linkage_reviews where person_b = ${body.personId}`,
    );
    expect(review).toEqual({ person_a: elsewhereId, person_b: body.personId });
    const officerQueue = await t.app.inject({
      method: 'GET',
      url: '/api/linkage/reviews',
      headers: officer.headers,
    });
    expect(officerQueue.body).not.toContain(elsewhereId);
    const admin = await signInAs(t, 'province_admin', '83');
    const provinceQueue = await t.app.inject({
      method: 'GET',
      url: '/api/linkage/reviews',
      headers: admin.headers,
    });
    expect(provinceQueue.json<{ items: { b: { id: string } }[] }>().items.map((i) => i.b.id)).toContain(
      body.personId,
    );
    // The create is audited (with the match recorded for the security officer, not the caller).
    const audits = await auditRows(t, 'person');
    expect(audits.some((a) => a.person_id === body.personId && a.actor_role === 'commune_officer')).toBe(
      true,
    );
  });

  it('a district officer whose district holds the match still gets it linked as before', async () => {
    const inside = await addPeople(t.database, [
      {
        fullName: 'Lê Văn Trong Vùng',
        dateOfBirth: '1979-09-09',
        cccd: '079079000456',
        sex: 'male',
        ...HOME,
      },
    ]);
    const officer = await signInAs(t, 'district_officer', HOME.districtCode);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: officer.headers,
      payload: {
        fullName: 'Lê Văn Trong Vùng',
        dateOfBirth: '1979-09-09',
        sex: 'male',
        idNumber: '079079000456',
        communeCode: HOME.communeCode,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ decision: 'merged', matchedId: inside[0]!.personId });
  });
});
