/**
 * Item 6 — signing in as a planted record. A commune officer registers a record with an OLDER
 * date of birth and a citizen's phone number. Before the fix the citizen's one-time code signed in
 * as "the oldest record with this phone": the planted one. Now the code proves only the phone; the
 * person comes from a verified binding, made when the holder matched their record's date of birth
 * and ID number — so the planted record is never reached, a wrong statement binds nothing, and a
 * binding guessed before the rule signs in as nobody.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { CSRF_HEADER } from '../../src/http/register.ts';
import { lastCodeSentTo } from '../citizen-signin.ts';
import { addPeople, cookieHeader, createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { auditRows, HOME } from './places.ts';

const PHONE = '0909123456';

describe('item 6: a phone binds to a person only through a verified binding', () => {
  let t: TestApp;
  let real = '';
  let planted = '';
  let attempt = 0;
  const verify = async (payload: Record<string, string>) => {
    // Each step from its own address: one source may ask 3 codes per number per 15 minutes.
    const start = await t.app.inject({
      method: 'POST',
      url: '/api/me/login/start',
      payload: { phone: PHONE },
      remoteAddress: `10.6.0.${++attempt}`,
    });
    expect(start.statusCode).toBe(202);
    const code = await lastCodeSentTo(t, PHONE);
    return t.app.inject({
      method: 'POST',
      url: '/api/me/login/verify',
      payload: { phone: PHONE, code, ...payload },
    });
  };
  const bindings = () =>
    queryRows<{ person_id: string; verified: boolean }>(
      t.database.db,
      sql`select person_id, verified_at is not null as verified from citizens where phone = ${PHONE} order by created_at`,
    );

  beforeAll(async () => {
    t = await createTestApp();
    const [p] = await addPeople(t.database, [
      { fullName: 'Trần Thị Dân', dateOfBirth: '1990-04-04', cccd: '083190000123', phone: PHONE, ...HOME },
    ]);
    real = p!.personId;
    // The attack: an officer plants an older record carrying her phone.
    const officer = await signInAs(t, 'commune_officer', HOME.communeCode);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: officer.headers,
      payload: {
        fullName: 'Người Cài Sẵn',
        dateOfBirth: '1950-01-01',
        sex: 'male',
        phone: PHONE,
        communeCode: HOME.communeCode,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    planted = res.json<{ personId: string }>().personId;
  });
  afterAll(async () => {
    await t.close();
  });

  it('the code alone signs in as no one: the server does not pick a record for the phone', async () => {
    const res = await verify({});
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('CITIZEN_IDENTITY_REQUIRED');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await bindings()).toEqual([]);
  });

  it('a statement matching no record binds nothing and counts as a failed try', async () => {
    const res = await verify({ dateOfBirth: '1950-01-01', idNumber: '083190000123' });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('CITIZEN_IDENTITY_MISMATCH');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await bindings()).toEqual([]);
    const [otp] = await queryRows<{ attempts: number }>(
      t.database.db,
      sql`select attempts from otp_codes where phone = ${PHONE} order by created_at desc limit 1`,
    );
    expect(otp!.attempts).toBe(1);
    const failed = (await auditRows(t, 'citizen')).filter((a) => a.action === 'login_failed');
    expect(failed.at(-1)!.details).toEqual({ reason: 'identity_mismatch' });
  });

  it('her date of birth and CCCD bind the phone to HER record; the planted one stays out of reach', async () => {
    const res = await verify({ dateOfBirth: '1990-04-04', idNumber: '083 190 000 123' });
    expect(res.statusCode, res.body).toBe(200);
    const h = { cookie: cookieHeader(res), [CSRF_HEADER]: '1' };
    const mine = await t.app.inject({ method: 'GET', url: '/api/me/persons', headers: h });
    const items = mine.json<{ items: { id: string; relation: string }[] }>().items;
    expect(items).toEqual([expect.objectContaining({ id: real, relation: 'self' })]);
    expect(mine.body).not.toContain(planted);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/me/persons/${planted}`, headers: h })).statusCode,
    ).toBe(404);
    expect(await bindings()).toEqual([{ person_id: real, verified: true }]);
    const bound = (await auditRows(t, 'citizen')).filter((a) => a.action === 'citizen_bound');
    expect(bound.map((a) => a.person_id)).toEqual([real]);
  });

  it('later sign-ins follow the verified binding with the code alone', async () => {
    const res = await verify({});
    expect(res.statusCode, res.body).toBe(200);
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/me/persons',
      headers: { cookie: cookieHeader(res) },
    });
    expect(mine.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([real]);
  });

  it('a binding guessed before the rule (unverified) signs in as no one, session or code', async () => {
    const other = '0909777888';
    const [p] = await addPeople(t.database, [
      { fullName: 'Lê Văn Cũ', dateOfBirth: '1970-07-07', phone: other, ...HOME },
    ]);
    const [c] = await queryRows<{ id: string }>(
      t.database.db,
      sql`insert into citizens (phone, person_id) values (${other}, ${p!.personId}) returning id`,
    );
    await t.database.db.execute(
      sql`insert into citizen_sessions (token_hash, citizen_id, expires_at)
          values (encode(sha256('old-guessed-session'::bytea), 'hex'), ${c!.id}, now() + interval '1 hour')`,
    );
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/me/persons',
      headers: { cookie: 'epilink_citizen=old-guessed-session' },
    });
    expect(me.statusCode).toBe(401);
    await t.app.inject({ method: 'POST', url: '/api/me/login/start', payload: { phone: other } });
    const code = await lastCodeSentTo(t, other);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/me/login/verify',
      payload: { phone: other, code },
    });
    expect(res.statusCode).toBe(409);
  });
});
