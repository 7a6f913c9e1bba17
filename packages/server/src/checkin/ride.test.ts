/**
 * Session lookups ride on check-in batches (batch.ts, RIDE_SQL): the citizen session lookups
 * waiting when a check-in batch is sent go in the same statement, one round trip for both. The
 * lookups still see the database as it is (a logged-out session is refused), still touch an idle
 * clock, and the check-in is stored before it is acknowledged; a carrying statement that fails
 * leaves the lookups to their own statement.
 */
import { personVisitorKey } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedVenue, signInCitizen } from '../../test/checkin/fixtures.ts';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { authenticateCitizen, CITIZEN_COOKIE, citizenSessionLookupStats } from '../citizens/session.ts';
import { queryRows } from '../db/client.ts';
import { batcherFor } from './batch.ts';
import { recordCheckin } from './record.ts';

function requestWith(headers: Record<string, string>): FastifyRequest {
  const token = new RegExp(`${CITIZEN_COOKIE}=([^;]+)`, 'u').exec(headers.cookie ?? '')?.[1];
  return { cookies: token ? { [CITIZEN_COOKIE]: token } : {} } as unknown as FastifyRequest;
}

describe('session lookups carried by a check-in statement', () => {
  let t: TestApp;
  let token = '';
  const citizens: { headers: Record<string, string>; personId: string }[] = [];
  const stored = async (personId: string) =>
    (
      await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from checkins where person_id = ${personId}`,
      )
    )[0]!.n;
  const visitor = (personId: string) => ({
    visitorKey: personVisitorKey(personId),
    personId,
    method: 'self' as const,
  });

  beforeAll(async () => {
    t = await createTestApp();
    token = (await approvedVenue(t, { name: 'Nhà văn hoá ấp 3' })).token;
    for (const [i, name] of ['Phan Văn Hùng', 'Vũ Thị Lan', 'Mai Văn Phúc'].entries())
      citizens.push(await signInCitizen(t, { fullName: name, phone: `093456780${i}`, householdId: null }));
  });
  afterAll(async () => {
    await t.close();
  });

  it('lookups waiting when a check-in batch leaves are answered by it: right citizens, a logged-out one refused, the idle clock touched', async () => {
    const [hung, lan, phuc] = citizens;
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/me/logout', headers: phuc!.headers })).statusCode,
    ).toBe(204);
    await t.database.db.execute(
      sql`update citizen_sessions set last_seen_at = now() - interval '5 minutes'
          where citizen_id = (select id from citizens where person_id = ${lan!.personId})`,
    );
    const before = citizenSessionLookupStats(t.database);
    const [recorded, a, b, c] = await Promise.all([
      recordCheckin(t.database, token, [visitor(hung!.personId)], null),
      authenticateCitizen(t.database, requestWith(hung!.headers)),
      authenticateCitizen(t.database, requestWith(lan!.headers)),
      authenticateCitizen(t.database, requestWith(phuc!.headers)),
    ]);
    const after = citizenSessionLookupStats(t.database);
    // One batch of three lookups, carried: no statement of its own.
    expect(after.carried - before.carried).toBe(1);
    expect(after.batches - before.batches).toBe(1);
    expect(after.items - before.items).toBe(3);
    expect([a?.personId, b?.personId, c]).toEqual([hung!.personId, lan!.personId, null]);
    // Acknowledged means stored.
    expect(recorded.outcomes.map((o) => o.duplicate)).toEqual([false]);
    expect(await stored(hung!.personId)).toBe(1);
    const [touched] = await queryRows<{ recent: boolean }>(
      t.database.db,
      sql`select last_seen_at > now() - interval '1 minute' as recent from citizen_sessions
          where citizen_id = (select id from citizens where person_id = ${lan!.personId}) and revoked_at is null`,
    );
    expect(touched!.recent).toBe(true);
  });

  it('a session statement leaving first carries the check-ins waiting, which are stored before they are answered', async () => {
    const [hung, lan] = citizens;
    const batcher = batcherFor(t.database);
    const before = {
      sessions: citizenSessionLookupStats(t.database),
      checkins: batcher.stats.carriedBySessions,
    };
    const before2 = await stored(lan!.personId);
    // The lookup is submitted first, so its statement leaves first and finds the check-in waiting.
    const [session, recorded] = await Promise.all([
      authenticateCitizen(t.database, requestWith(hung!.headers)),
      recordCheckin(t.database, token, [visitor(lan!.personId)], null),
    ]);
    expect(batcher.stats.carriedBySessions - before.checkins).toBe(1);
    expect(citizenSessionLookupStats(t.database).carried - before.sessions.carried).toBe(0);
    expect(session?.personId).toBe(hung!.personId);
    expect(recorded.outcomes.map((o) => o.duplicate)).toEqual([false]);
    expect(await stored(lan!.personId)).toBe(before2 + 1);
  });

  it('a carrying statement that fails leaves the lookups to their own statement and stores nothing of the bad check-in', async () => {
    const [hung, lan] = citizens;
    const before = citizenSessionLookupStats(t.database);
    const storedBefore = await stored(lan!.personId);
    const [bad, a] = await Promise.allSettled([
      recordCheckin(t.database, token, [{ ...visitor(lan!.personId), personId: 'not-a-uuid' }], null),
      authenticateCitizen(t.database, requestWith(hung!.headers)),
    ]);
    const after = citizenSessionLookupStats(t.database);
    expect(bad.status).toBe('rejected');
    expect(a.status === 'fulfilled' ? a.value?.personId : null).toBe(hung!.personId);
    expect(after.carried - before.carried).toBe(0);
    expect(after.batches - before.batches).toBe(1);
    expect(await stored(lan!.personId)).toBe(storedBefore);
  });
});
