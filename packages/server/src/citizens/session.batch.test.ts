/**
 * Citizens' sessions on the check-in hot path (session.test.ts tells merges, wards and the idle
 * touch): the lookups of concurrent requests share one
 * statement (db/microBatch.ts), yet every request gets its own citizen and wards, and nothing is
 * cached — a session logged out, a binding no longer verified (deactivated) or a session gone idle
 * is refused on the very next request, even when that request shares its batch with live ones.
 */
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedVenue, signInCitizen } from '../../test/checkin/fixtures.ts';
import { addPeople, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { authenticateCitizen, CITIZEN_COOKIE, citizenSessionLookupStats } from './session.ts';

/** The request a citizen's browser would send, as far as the session lookup reads it. */
function requestWith(headers: Record<string, string>): FastifyRequest {
  const cookie = headers.cookie ?? '';
  const token = new RegExp(`${CITIZEN_COOKIE}=([^;]+)`, 'u').exec(cookie)?.[1];
  return { cookies: token ? { [CITIZEN_COOKIE]: token } : {} } as unknown as FastifyRequest;
}

describe('citizen sessions: one lookup statement for concurrent requests, revocation at once', () => {
  let t: TestApp;
  let token = '';
  const citizens: { headers: Record<string, string>; personId: string }[] = [];
  let child = '';

  const checkIn = (headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/me/checkins', headers, payload: { token } });
  const storedFor = async (personId: string) =>
    (
      await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from checkins where person_id = ${personId}`,
      )
    )[0]!.n;

  beforeAll(async () => {
    t = await createTestApp();
    token = (await approvedVenue(t, { name: 'Chợ Bến Tre' })).token;
    const [hh] = await queryRows<{ id: string }>(
      t.database.db,
      sql`insert into households (province_code, district_code, commune_code, address)
          values ('83', '829', '28756', 'Ấp 2') returning id`,
    );
    for (const [i, name] of ['Lê Văn An', 'Trần Thị Bình', 'Ngô Văn Chí', 'Đỗ Thị Dung'].entries())
      citizens.push(
        await signInCitizen(t, {
          fullName: name,
          phone: `091234560${i}`,
          householdId: i === 3 ? hh!.id : null,
        }),
      );
    const [c] = await addPeople(t.database, [
      { fullName: 'Đỗ Bé Na', dateOfBirth: '2019-02-02', householdId: hh!.id },
    ]);
    child = c!.personId;
  });
  afterAll(async () => {
    await t.close();
  });

  it('four lookups arriving together are answered by one statement, each with its own citizen and wards', async () => {
    const before = citizenSessionLookupStats(t.database);
    const sessions = await Promise.all(
      citizens.map((c) => authenticateCitizen(t.database, requestWith(c.headers))),
    );
    const after = citizenSessionLookupStats(t.database);
    expect(after.batches - before.batches).toBe(1);
    expect(after.items - before.items).toBe(4);
    expect(sessions.map((s) => s?.personId)).toEqual(citizens.map((c) => c.personId));
    // Only the parent of the household sees a ward; nobody sees another citizen.
    expect(sessions.map((s) => s?.personIds)).toEqual([
      [citizens[0]!.personId],
      [citizens[1]!.personId],
      [citizens[2]!.personId],
      [citizens[3]!.personId, child],
    ]);
    // An unknown cookie in the same batch is nobody, and does not disturb the others.
    const [stranger, known] = await Promise.all([
      authenticateCitizen(t.database, requestWith({ cookie: `${CITIZEN_COOKIE}=not-a-session` })),
      authenticateCitizen(t.database, requestWith(citizens[0]!.headers)),
    ]);
    expect(stranger).toBeNull();
    expect(known?.personId).toBe(citizens[0]!.personId);
  });

  it('concurrent check-ins of four citizens each store their own visit', async () => {
    const taps = await Promise.all(citizens.map((c) => checkIn(c.headers)));
    expect(taps.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(taps.map((r) => r.json<{ visits: { personId: string }[] }>().visits[0]!.personId)).toEqual(
      citizens.map((c) => c.personId),
    );
    for (const c of citizens) expect(await storedFor(c.personId)).toBe(1);
  });

  it('a session logged out is refused on its next request, while a live one in the same moment passes', async () => {
    const [an, binh] = citizens;
    const out = await t.app.inject({ method: 'POST', url: '/api/me/logout', headers: an!.headers });
    expect(out.statusCode).toBe(204);
    const [refused, passed] = await Promise.all([
      t.app.inject({ method: 'GET', url: '/api/me/checkins', headers: an!.headers }),
      t.app.inject({ method: 'GET', url: '/api/me/checkins', headers: binh!.headers }),
    ]);
    expect(refused.statusCode).toBe(401);
    expect(passed.statusCode).toBe(200);
    expect(await authenticateCitizen(t.database, requestWith(an!.headers))).toBeNull();
  });

  it('a binding no longer verified (the account deactivated) signs in as nobody from the next request on', async () => {
    const chi = citizens[2]!;
    await t.database.db.execute(
      sql`update citizens set verified_at = null where person_id = ${chi.personId}`,
    );
    const before = await storedFor(chi.personId);
    expect((await checkIn(chi.headers)).statusCode).toBe(401);
    expect(await storedFor(chi.personId)).toBe(before);
  });

  it('a session gone idle is refused while a live one in the same batch passes', async () => {
    const [, binh, , dung] = citizens;
    await t.database.db.execute(
      sql`update citizen_sessions set last_seen_at = now() - interval '31 minutes'
          where citizen_id = (select id from citizens where person_id = ${dung!.personId})`,
    );
    const before = citizenSessionLookupStats(t.database).batches;
    const [idle, live] = await Promise.all([
      authenticateCitizen(t.database, requestWith(dung!.headers)),
      authenticateCitizen(t.database, requestWith(binh!.headers)),
    ]);
    expect(citizenSessionLookupStats(t.database).batches - before).toBe(1);
    expect(idle).toBeNull();
    expect(live?.personId).toBe(binh!.personId);
  });
});
