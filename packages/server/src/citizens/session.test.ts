/**
 * A citizen's session is resolved in one query (the check-in hot path): the session of a verified
 * binding, its record followed through merges to the survivor, and the household wards by the
 * guardianship rule — and nothing of it is remembered between requests: a merge is followed, a
 * new ward appears, and a revoked session is refused on the very next request. On PGlite and
 * PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { SESSION_IDLE_MS } from '../auth/session.ts';
import { queryRows } from '../db/client.ts';
import { citizenHeaders } from '../testing/test-fixtures.ts';

let t: TestApp;
let father = '';
let daughter = '';
let survivor = '';
const base = { communeCode: '28756', districtCode: '829', provinceCode: '83' };

beforeAll(async () => {
  t = await createTestApp();
  const [f, d, s] = await addPeople(t.database, [
    { fullName: 'Trần Văn Phúc', dateOfBirth: '1980-04-04', sex: 'male', phone: '0987555666', ...base },
    { fullName: 'Trần Thị Ngọc', dateOfBirth: '2018-09-09', sex: 'female', ...base },
    { fullName: 'Lê Văn Toàn', dateOfBirth: '1979-12-12', sex: 'male', ...base },
  ]);
  [father, daughter, survivor] = [f!.personId, d!.personId, s!.personId];
});
afterAll(async () => {
  await t?.close();
});

const mine = async (headers: Record<string, string>) => {
  const res = await t.app.inject({ method: 'GET', url: '/api/me/persons', headers });
  return {
    status: res.statusCode,
    ids: res.statusCode === 200 ? res.json<{ items: { id: string }[] }>().items.map((p) => p.id) : [],
  };
};

describe('citizen session lookup', () => {
  it('follows household and merge changes at once, and refuses a revoked session', async () => {
    const headers = await citizenHeaders(t, '0987555666');
    expect(await mine(headers)).toEqual({ status: 200, ids: [father] });

    // The daughter joins his household (and the survivor record too, as an adult: no ward).
    const [hh] = await queryRows<{ id: string }>(
      t.database.db,
      sql`insert into households (commune_code, district_code, province_code) values ('28756', '829', '83') returning id`,
    );
    await t.database.db.execute(
      sql`update persons set household_id = ${hh!.id} where id in (${father}, ${daughter}, ${survivor})`,
    );
    expect((await mine(headers)).ids.sort()).toEqual([father, daughter].sort());

    // His record is merged into another: the session now acts for the survivor.
    await t.database.db.execute(sql`update persons set merged_into = ${survivor} where id = ${father}`);
    const merged = await mine(headers);
    expect(merged.ids).toContain(survivor);
    expect(merged.ids).not.toContain(father);
    expect(merged.ids).toContain(daughter);

    await t.database.db.execute(sql`update citizen_sessions set revoked_at = now()`);
    expect((await mine(headers)).status).toBe(401);
  });

  it('keeps a session in use alive, touched at most once a minute, and ends it when idle', async () => {
    const [p] = await addPeople(t.database, [
      { fullName: 'Đặng Thị Mai', dateOfBirth: '1990-01-01', sex: 'female', phone: '0987111222', ...base },
    ]);
    const headers = await citizenHeaders(t, '0987111222');
    const citizenOf = sql`(select id from citizens where person_id = ${p!.personId})`;
    const lastSeen = async () =>
      (
        await queryRows<{ age: number }>(
          t.database.db,
          sql`select extract(epoch from now() - last_seen_at)::float8 as age from citizen_sessions
              where citizen_id = ${citizenOf} and revoked_at is null`,
        )
      )[0]!.age;
    const seenAgo = (seconds: number) =>
      t.database.db.execute(
        sql`update citizen_sessions set last_seen_at = now() - make_interval(secs => ${seconds})
            where citizen_id = ${citizenOf}`,
      );

    // Seen 30 s ago: the request is served and nothing is written.
    await seenAgo(30);
    expect((await mine(headers)).status).toBe(200);
    expect(await lastSeen()).toBeGreaterThanOrEqual(30);

    // Seen 10 minutes ago: the same lookup moves it to now.
    await seenAgo(600);
    expect((await mine(headers)).status).toBe(200);
    expect(await lastSeen()).toBeLessThan(30);

    // Idle past the limit: refused, and not revived by the refused request.
    await seenAgo(SESSION_IDLE_MS / 1000 + 60);
    expect((await mine(headers)).status).toBe(401);
    expect(await lastSeen()).toBeGreaterThan(SESSION_IDLE_MS / 1000);
  });
});
