/** Test fixtures of the check-in module: venues, citizens signed in, check-ins at given times. */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { CSRF_HEADER } from '../../src/http/register.ts';
import { citizenSignIn } from '../citizen-signin.ts';
import { addPeople, cookieHeader, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

/** A venue registered by a new owner in a commune and approved by its commune officer. */
export async function approvedVenue(
  t: TestApp,
  options: { communeCode?: string; districtCode?: string; name?: string; stay?: number } = {},
): Promise<{
  id: string;
  token: string;
  owner: Record<string, string>;
  ownerId: string;
  officer: Record<string, string>;
}> {
  const communeCode = options.communeCode ?? '28756';
  const owner = await signInAs(t, 'venue_owner', communeCode);
  const officer = await signInAs(t, 'commune_officer', communeCode);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/venues',
    headers: owner.headers,
    payload: {
      name: options.name ?? 'Quán cơm Bà Tư',
      type: 'restaurant',
      address: '12 Đường Hùng Vương, Ấp 1',
      communeCode,
      capacity: 40,
      openingHours: '06:00-21:00',
      defaultStayMinutes: options.stay ?? 60,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const venue = res.json<{ venue: { id: string; token: string } }>().venue;
  const ok = await t.app.inject({
    method: 'POST',
    url: `/api/venues/${venue.id}/review`,
    headers: officer.headers,
    payload: { status: 'approved' },
  });
  expect(ok.statusCode, ok.body).toBe(200);
  return {
    id: venue.id,
    token: venue.token,
    owner: owner.headers,
    ownerId: owner.userId,
    officer: officer.headers,
  };
}

/** A citizen signed in with the one-time code (read from the outbox); returns headers and person id. */
export async function signInCitizen(
  t: TestApp,
  person: { fullName: string; phone: string; dateOfBirth?: string; householdId?: string | null },
): Promise<{ headers: Record<string, string>; personId: string }> {
  const [me] = await addPeople(t.database, [{ dateOfBirth: '1980-01-01', ...person }]);
  const v = await citizenSignIn(t, person.phone, me!.personId);
  expect(v.statusCode, v.body).toBe(200);
  return { headers: { cookie: cookieHeader(v), [CSRF_HEADER]: '1' }, personId: me!.personId };
}

/** Insert a check-in with explicit times (what happened days ago), as the hot path would have. */
export async function checkinAt(
  t: TestApp,
  venueId: string,
  personId: string,
  inAt: string,
  outAt: string,
): Promise<void> {
  await t.database.db
    .execute(sql`insert into checkins (venue_id, person_id, visitor_key, method, checked_in_at, checked_out_at,
      province_code, district_code, commune_code)
    select id, ${personId}, ${`p:${personId}`}, 'self', ${inAt}::timestamptz, ${outAt}::timestamptz, province_code, district_code, commune_code
    from venues where id = ${venueId}`);
}

/** Count stored check-ins matching a condition. */
export async function countCheckins(t: TestApp, where = sql`true`): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    t.database.db,
    sql`select count(*)::int as n from checkins where ${where}`,
  );
  return row!.n;
}
