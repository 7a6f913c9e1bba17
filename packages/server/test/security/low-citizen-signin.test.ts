/**
 * Low item — the citizen sign-in start step. (1) It must not tell who is registered: the answer is
 * the same (status and body) and the database work is the same (a code stored, the request
 * audited) for a registered and an unknown number; only the registered one gets an SMS. (2) An
 * attacker asking codes for a victim's number from one address must not use up the victim's
 * allowance: codes are budgeted per (source, number). (Shape and work are tested; time is not.)
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { citizenSignIn } from '../citizen-signin.ts';
import { addPeople, createTestApp } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { HOME } from './places.ts';

const VICTIM = '0906555666';
const UNKNOWN = '0906999000';

describe('low: citizen sign-in answers alike and a victim’s codes cannot be used up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await addPeople(t.database, [
      { fullName: 'Ngô Thị Nạn Nhân', dateOfBirth: '1988-08-08', phone: VICTIM, ...HOME },
    ]);
  });
  afterAll(async () => {
    await t.close();
  });
  const start = (phone: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/me/login/start', payload: { phone }, remoteAddress });
  const count = async (q: ReturnType<typeof sql>) =>
    Number((await queryRows<{ n: string }>(t.database.db, q))[0]!.n);

  it('a registered and an unknown number get the same answer after the same work', async () => {
    const known = await start(VICTIM, '10.20.0.1');
    const unknown = await start(UNKNOWN, '10.20.0.1');
    expect([known.statusCode, unknown.statusCode]).toEqual([202, 202]);
    expect(unknown.body).toBe(known.body);
    expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(known.headers).sort());
    // Both stored a code and were audited; only the registered number was sent one.
    expect(await count(sql`select count(*) as n from otp_codes where phone = ${VICTIM}`)).toBe(1);
    expect(await count(sql`select count(*) as n from otp_codes where phone = ${UNKNOWN}`)).toBe(1);
    expect(
      await count(sql`select count(*) as n from audit_log where action in ('otp_sent', 'otp_not_sent')`),
    ).toBe(2);
    expect(await count(sql`select count(*) as n from outbox where payload->>'to' = ${UNKNOWN}`)).toBe(0);
    expect(await count(sql`select count(*) as n from outbox where payload->>'to' = ${VICTIM}`)).toBe(1);
  });

  it('an attacker’s address runs out of codes for the victim’s number; the victim still signs in', async () => {
    const attacker = [];
    for (let i = 0; i < 4; i++) attacker.push((await start(VICTIM, '203.0.113.66')).statusCode);
    expect(attacker).toEqual([202, 202, 202, 429]);
    // The victim, from her own address, still gets a code and signs in with it.
    const res = await citizenSignIn(t, VICTIM);
    expect(res.statusCode, res.body).toBe(200);
  });
});
