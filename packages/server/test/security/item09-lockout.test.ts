/**
 * Issue 9, item 9 (both databases): one wrong password every 15 minutes kept any official locked
 * out for ever, and the lockout answer (429) told which usernames exist. Sign-in is now throttled
 * by source — (IP, username) and IP — so a guesser elsewhere cannot lock the owner out, and unknown,
 * inactive, wrong, locked and throttled attempts get one and the same answer.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_FAILURES_PER_IP, SIGN_IN_FAILURES_PER_PAIR } from '../../src/auth/rateLimit.ts';
import { MAX_FAILED_LOGINS } from '../../src/auth/routes.ts';
import { createUser } from '../../src/auth/users.ts';
import { queryRows } from '../../src/db/client.ts';
import { auditLog, users } from '../../src/db/schema/index.ts';
import { CSRF_HEADER } from '../../src/http/register.ts';
import { cookieHeader, createTestApp, signInAs, TEST_PASSWORD } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

const ATTACKER = '198.51.100.66';
const OWNER = '203.0.113.10';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const login = (username: string, password: string, from: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: from,
    headers: { 'accept-language': 'en' },
    payload: { username, password },
  });

async function official(username: string): Promise<string> {
  return createUser(t.database.db, {
    username,
    displayName: username,
    password: TEST_PASSWORD,
    role: 'commune_officer',
    jurisdictionCode: '28756',
  });
}

async function failureReasons(userId: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.entityId, userId), eq(auditLog.action, 'login_failed')));
  return rows.map((r) => String((r.details as { reason?: unknown } | null)?.reason));
}

describe('a guesser cannot lock the owner out', () => {
  it("an attacker's wrong passwords throttle the attacker's address, not the account: the owner signs in from hers", async () => {
    const id = await official('xa.victim');
    for (let i = 0; i < SIGN_IN_FAILURES_PER_PAIR + 3; i++) {
      expect((await login('xa.victim', `guess-${i}`, ATTACKER)).statusCode).toBe(401);
    }
    // Even the right password from the attacker's address is refused now…
    const fromAttacker = await login('xa.victim', TEST_PASSWORD, ATTACKER);
    expect(fromAttacker.statusCode).toBe(401);
    expect(fromAttacker.cookies).toHaveLength(0);
    // …while the owner, from her own address, is not locked out.
    const owner = await login('xa.victim', TEST_PASSWORD, OWNER);
    expect(owner.statusCode, owner.body).toBe(200);
    const [account] = await t.database.db.select().from(users).where(eq(users.id, id));
    expect(account!.lockedUntil).toBeNull();
    const reasons = await failureReasons(id);
    expect(reasons.filter((r) => r === 'wrong_password')).toHaveLength(SIGN_IN_FAILURES_PER_PAIR);
    expect(reasons.filter((r) => r === 'throttled')).toHaveLength(4);
  });

  it('spraying one password over many usernames from one address is stopped for that address only', async () => {
    await official('xa.sprayed');
    const sprayer = '198.51.100.77';
    for (let i = 0; i < SIGN_IN_FAILURES_PER_IP; i++) {
      expect((await login(`guess.user.${i}`, 'Password123', sprayer)).statusCode).toBe(401);
    }
    expect((await login('xa.sprayed', TEST_PASSWORD, sprayer)).statusCode).toBe(401);
    expect((await login('xa.sprayed', TEST_PASSWORD, OWNER)).statusCode).toBe(200);
  });

  it('a second-factor lock that has run out does not come back at the next single failure', async () => {
    const { userId, username } = await signInAs(t, 'security_officer', '83');
    // The account was locked by five wrong codes, and the lock has run out.
    await t.database.db
      .update(users)
      .set({ failedLogins: MAX_FAILED_LOGINS, lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(users.id, userId));
    const res = await login(username, TEST_PASSWORD, OWNER);
    expect(res.statusCode).toBe(200);
    const pending = { cookie: cookieHeader(res), [CSRF_HEADER]: '1' };
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/2fa/verify',
      remoteAddress: OWNER,
      headers: pending,
      payload: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    const [account] = await t.database.db.select().from(users).where(eq(users.id, userId));
    expect(account!.failedLogins).toBe(1);
    expect(account!.lockedUntil).toBeNull();
  });
});

describe('the answer does not tell which usernames exist', () => {
  it('unknown, inactive, wrong password, locked account and throttled source: the same status and message', async () => {
    await official('xa.known');
    const inactiveId = await official('xa.inactive');
    await t.database.db.update(users).set({ active: false }).where(eq(users.id, inactiveId));
    const lockedId = await official('xa.locked');
    await t.database.db
      .update(users)
      .set({ failedLogins: MAX_FAILED_LOGINS, lockedUntil: new Date(Date.now() + 600_000) })
      .where(eq(users.id, lockedId));
    const answers = [
      await login('nobody.at.all', 'some password', '192.0.2.1'),
      await login('xa.inactive', TEST_PASSWORD, '192.0.2.2'),
      await login('xa.known', 'wrong password', '192.0.2.3'),
      await login('xa.locked', TEST_PASSWORD, '192.0.2.4'),
      await login('xa.victim', TEST_PASSWORD, ATTACKER), // throttled source
    ];
    const shapes = answers.map((a) => ({ status: a.statusCode, body: a.body, cookies: a.cookies.length }));
    expect(new Set(shapes.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(shapes[0]).toMatchObject({ status: 401, cookies: 0 });
    expect(JSON.parse(shapes[0]!.body)).toMatchObject({ error: { code: 'SIGN_IN_FAILED' } });
    // The audit trail knows the difference; the caller does not.
    expect(await failureReasons(lockedId)).toEqual(['locked']);
    expect(await failureReasons(inactiveId)).toEqual(['unknown_or_inactive']);
    const [unknown] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'login_failed' and entity_id is null
          and details->>'reason' = 'unknown_or_inactive'`,
    );
    expect(unknown!.n).toBeGreaterThanOrEqual(1);
    const [sessions] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from sessions s join users u on u.id = s.user_id
          where u.username in ('xa.inactive', 'xa.locked')`,
    );
    expect(sessions!.n).toBe(0);
  });
});
