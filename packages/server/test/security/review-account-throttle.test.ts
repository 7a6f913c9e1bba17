/**
 * Hostile review (3 December 2026), open item 2 — password guessing from many addresses, on
 * PGlite and PostgreSQL. Sign-in was throttled per source only (5 failures per address and name,
 * 20 per address), so an attacker with many addresses behind the proxy could keep guessing one
 * commune officer's password (no second factor at commune level). Failures are now also counted
 * per account name in the database (auth/accountThrottle.ts): the tenth within 15 minutes locks
 * password sign-in under that name for 15 minutes — whichever process, whichever address — with
 * one answer for known and unknown names, an audit row for the lock, and the owner still let in
 * from an address she signed in from before. The lock runs out; the right password then works.
 * A wrong current password on a password change counts under the same name (a stolen session
 * guessing from many addresses).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_MAX_FAILURES } from '../../src/auth/accountThrottle.ts';
import { createUser } from '../../src/auth/users.ts';
import { buildApp } from '../../src/app.ts';
import { queryRows } from '../../src/db/client.ts';
import { auditLog } from '../../src/db/schema/index.ts';
import { createTestApp, TEST_PASSWORD, testConfig } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

const PROXY = '127.0.0.1';
const OWNER = '203.0.113.10';
let t: TestApp;
/** A second API process on the same database (its own in-process buckets). */
let second: FastifyInstance;

beforeAll(async () => {
  t = await createTestApp({ TRUST_PROXY: '1' });
  second = await buildApp(
    { config: testConfig({ TRUST_PROXY: '1' }), database: t.database },
    { logger: false, serveWeb: false },
  );
  await second.ready();
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

/** A sign-in through the proxy from `client` (the proxy appends the address it saw). */
const login = (app: FastifyInstance, username: string, password: string, client: string) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: PROXY,
    headers: { 'x-forwarded-for': client, 'accept-language': 'en' },
    payload: { username, password },
  });

/** `n` wrong passwords, each from a new address, alternating between the two processes. */
async function spray(username: string, n: number, from: number) {
  const answers = [];
  for (let i = 0; i < n; i++) {
    const app = i % 2 === 0 ? t.app : second;
    answers.push(await login(app, username, `guess-${from + i}`, `198.51.${from + i}.7`));
  }
  return answers;
}

const lockRows = (userId: string) =>
  t.database.db
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'login_locked'), eq(auditLog.entityId, userId)));

describe('hostile review: many addresses guessing one password', () => {
  let userId: string;

  it('the tenth failure from ten addresses and two processes locks the name; the right password is refused too', async () => {
    userId = await createUser(t.database.db, {
      username: 'xa.target',
      displayName: 'xa.target',
      password: TEST_PASSWORD,
      role: 'commune_officer',
      jurisdictionCode: '28756',
    });
    // The owner signed in from her office last week.
    expect((await login(t.app, 'xa.target', TEST_PASSWORD, OWNER)).statusCode).toBe(200);

    const answers = await spray('xa.target', ACCOUNT_MAX_FAILURES, 1);
    expect(answers.slice(0, -1).map((a) => a.statusCode)).toEqual(Array(ACCOUNT_MAX_FAILURES - 1).fill(401));
    const last = answers.at(-1)!;
    expect(last.statusCode).toBe(429);
    expect(last.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'SIGN_IN_THROTTLED',
      message: expect.stringContaining('try again in 15 minutes') as unknown,
    });
    const right = await login(second, 'xa.target', TEST_PASSWORD, '198.51.200.7');
    expect(right.statusCode).toBe(429);
    expect(right.cookies).toHaveLength(0);
    // In Vietnamese too.
    const vi = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: PROXY,
      headers: { 'x-forwarded-for': '198.51.201.7', 'accept-language': 'vi' },
      payload: { username: 'xa.target', password: 'guess' },
    });
    expect(vi.json<{ error: { message: string } }>().error.message).toContain('thử lại sau 15 phút');

    const locks = await lockRows(userId);
    expect(locks).toHaveLength(1);
    expect(locks[0]!.details).toMatchObject({
      reason: 'password_failures',
      failedAttempts: ACCOUNT_MAX_FAILURES,
    });
  });

  it('an unknown name gets the very same answers, so the lock tells nothing about which names exist', async () => {
    const answers = await spray('xa.nobody', ACCOUNT_MAX_FAILURES, 50);
    expect(answers.slice(0, -1).map((a) => a.statusCode)).toEqual(Array(ACCOUNT_MAX_FAILURES - 1).fill(401));
    const known = await login(t.app, 'xa.target', 'guess', '198.51.99.7');
    const unknown = await login(t.app, 'xa.nobody', 'guess', '198.51.98.7');
    expect({ status: unknown.statusCode, body: unknown.body }).toEqual({
      status: known.statusCode,
      body: known.body,
    });
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'login_locked' and entity_id is null`,
    );
    expect(row!.n).toBe(1);
  });

  it('the owner still signs in from her own address while strangers are locked out', async () => {
    expect((await login(second, 'xa.target', TEST_PASSWORD, OWNER)).statusCode).toBe(200);
  });

  it('once the lock has run out the right password works from anywhere, and the count starts again', async () => {
    // The owner's success above cleared the count; lock the name again, then let the lock run out.
    await spray('xa.target', ACCOUNT_MAX_FAILURES, 100);
    expect((await login(t.app, 'xa.target', TEST_PASSWORD, '198.51.150.7')).statusCode).toBe(429);
    await queryRows(
      t.database.db,
      sql`update sign_in_throttles set locked_until = now() - interval '1 second',
          window_started_at = window_started_at - interval '16 minutes'`,
    );
    const after = await login(second, 'xa.target', TEST_PASSWORD, '198.51.151.7');
    expect(after.statusCode, after.body).toBe(200);
    const [left] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from sign_in_throttles`,
    );
    // The success removed the name's row; only the unknown name's remains.
    expect(left!.n).toBe(1);
  });

  it('a stolen session guessing the current password from many addresses locks the name too; the owner still changes it at her office', async () => {
    const victim = await createUser(t.database.db, {
      username: 'xa.stolen',
      displayName: 'xa.stolen',
      password: TEST_PASSWORD,
      role: 'commune_officer',
      jurisdictionCode: '28756',
    });
    const signedIn = await login(t.app, 'xa.stolen', TEST_PASSWORD, OWNER);
    expect(signedIn.statusCode).toBe(200);
    const cookie = signedIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const change = (app: FastifyInstance, currentPassword: string, client: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/password',
        remoteAddress: PROXY,
        headers: { cookie, 'x-epilink-csrf': '1', 'x-forwarded-for': client },
        payload: { currentPassword, newPassword: 'a long and unusual new passphrase 83' },
      });
    // The session's thief guesses from a new address each time, through both processes.
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++)
      expect((await change(i % 2 ? second : t.app, `guess-${i}`, `192.0.2.${i + 1}`)).statusCode).toBe(403);
    // The name is locked: the right password from yet another address changes nothing…
    expect((await change(t.app, TEST_PASSWORD, '192.0.2.99')).statusCode).toBe(403);
    expect((await login(second, 'xa.stolen', TEST_PASSWORD, '192.0.2.98')).statusCode).toBe(429);
    expect(await lockRows(victim)).toHaveLength(1);
    // …while the owner, at the address she signed in from, still changes it.
    expect((await change(second, TEST_PASSWORD, OWNER)).statusCode).toBe(204);
  });
});
