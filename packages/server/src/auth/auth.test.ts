import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, createTestApp, signInAs, TEST_PASSWORD } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { auditLog } from '../db/schema/index.ts';
import { CSRF_HEADER } from '../http/register.ts';
import { ROUTES } from '../routes.ts';
import { SIGN_IN_FAILURES_PER_PAIR } from './rateLimit.ts';
import { MAX_FAILED_LOGINS } from './routes.ts';
import { currentTotp } from './totp.ts';
import { createUser } from './users.ts';

const csrf = { [CSRF_HEADER]: '1' };

describe('signing in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('refuses a source after repeated failures: even the right password, from there, is refused, and it is audited', async () => {
    const id = await createUser(t.database.db, {
      username: 'xa.bruteforce',
      displayName: 'x',
      password: TEST_PASSWORD,
      role: 'commune_officer',
      jurisdictionCode: '28756',
    });
    for (let i = 0; i < SIGN_IN_FAILURES_PER_PAIR; i++) {
      expect((await login('xa.bruteforce', `wrong-password-${i}`)).statusCode).toBe(401);
    }
    const refused = await login('xa.bruteforce', TEST_PASSWORD);
    expect(refused.statusCode).toBe(401);
    expect(refused.cookies).toHaveLength(0);
    const reasons = (
      await t.database.db
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(eq(auditLog.entityId, id))
    ).map((r) => (r.details as { reason?: string } | null)?.reason);
    expect(reasons.filter((r) => r === 'wrong_password')).toHaveLength(SIGN_IN_FAILURES_PER_PAIR);
    expect(reasons).toContain('throttled');
    // The account itself is not locked: from another address the owner signs in.
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '203.0.113.5',
      payload: { username: 'xa.bruteforce', password: TEST_PASSWORD },
    });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const res = await login('nobody.here', 'whatever-password');
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('SIGN_IN_FAILED');
  });

  it('requires TOTP of an administrator: enrol by QR, and until then every other route is 401', async () => {
    await createUser(t.database.db, {
      username: 'tinh.quantri',
      displayName: 'Quản trị',
      password: TEST_PASSWORD,
      role: 'province_admin',
      jurisdictionCode: '83',
    });
    const res = await login('tinh.quantri', TEST_PASSWORD);
    expect(res.json()).toMatchObject({
      stage: 'enrol',
      user: { twoFactor: { required: true, enrolled: false } },
    });
    const pending = { cookie: cookieHeader(res), ...csrf };

    // Skipping the second step: every protected route, called directly, says 401.
    const protectedRoutes = ROUTES.filter((r) => r.auth.kind === 'user' || r.auth.kind === 'official');
    expect(protectedRoutes.length).toBeGreaterThan(10);
    for (const r of protectedRoutes) {
      const url = r.url.replace(/:(\w+)/gu, '00000000-0000-4000-8000-000000000000');
      const probe = await t.app.inject({
        method: r.method,
        url,
        headers: pending,
        payload: r.method === 'GET' ? undefined : {},
      });
      expect(probe.statusCode, `${r.method} ${r.url}`).toBe(401);
    }

    const enrol = await t.app.inject({ method: 'POST', url: '/api/auth/2fa/enrol', headers: pending });
    const { secret, otpauthUrl, qrSvgDataUrl } = enrol.json<Record<string, string>>();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/EpiLink:tinh\.quantri\?/u);
    expect(qrSvgDataUrl).toMatch(/^data:image\/svg\+xml;base64,/u);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/2fa/enrol/confirm',
      headers: pending,
      payload: { code: '000000' },
    });
    expect(bad.statusCode).toBe(401);
    const used = await currentTotp(secret!);
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/auth/2fa/enrol/confirm',
      headers: pending,
      payload: { code: used },
    });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    const active = { cookie: cookieHeader(confirm), ...csrf };
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: active })).statusCode).toBe(
      200,
    );
    // The pending token was swapped for a new one: the old cookie is worth nothing.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: pending })).statusCode,
    ).toBe(401);

    // Next sign-in: stage totp. A used code cannot be replayed; the next one works.
    const again = await login('tinh.quantri', TEST_PASSWORD);
    expect(again.json()).toMatchObject({ stage: 'totp' });
    const waiting = { cookie: cookieHeader(again), ...csrf };
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/persons/search',
          headers: waiting,
          payload: { q: 'a' },
        })
      ).statusCode,
    ).toBe(401);
    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/auth/2fa/verify',
      headers: waiting,
      // The very code used to enrol (asking for the current one again could cross a 30 s step).
      payload: { code: used },
    });
    expect(replay.statusCode).toBe(401);
    const next = await t.app.inject({
      method: 'POST',
      url: '/api/auth/2fa/verify',
      headers: waiting,
      payload: { code: await currentTotp(secret!, Math.floor(Date.now() / 1000) + 30) },
    });
    expect(next.statusCode).toBe(200);

    // A recovery code works once.
    const third = await login('tinh.quantri', TEST_PASSWORD);
    const h3 = { cookie: cookieHeader(third), ...csrf };
    const rec = await t.app.inject({
      method: 'POST',
      url: '/api/auth/2fa/verify',
      headers: h3,
      payload: { code: recoveryCodes[0] },
    });
    expect(rec.statusCode).toBe(200);
    const fourth = await login('tinh.quantri', TEST_PASSWORD);
    const h4 = { cookie: cookieHeader(fourth), ...csrf };
    const reuse = await t.app.inject({
      method: 'POST',
      url: '/api/auth/2fa/verify',
      headers: h4,
      payload: { code: recoveryCodes[0] },
    });
    expect(reuse.statusCode).toBe(401);
  });

  it('locks the account after repeated wrong second-factor codes too', async () => {
    const { username } = await signInAs(t, 'security_officer', '83');
    const res = await login(username, TEST_PASSWORD);
    const h = { cookie: cookieHeader(res), ...csrf };
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/2fa/verify',
        headers: h,
        payload: { code: '123456' },
      });
    }
    // Locked by its second factor: the password step answers like any failure (existence not told).
    const locked = await login(username, TEST_PASSWORD);
    expect(locked.statusCode).toBe(401);
    expect(locked.json<{ error: { code: string } }>().error.code).toBe('SIGN_IN_FAILED');
  });

  it('signs out everywhere', async () => {
    const a = await signInAs(t, 'commune_officer', '28756');
    const second = await login(a.username, TEST_PASSWORD);
    const b = { cookie: cookieHeader(second), ...csrf };
    const list = await t.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: a.headers });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(2);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: a.headers });
    expect(out.json()).toEqual({ revoked: 2 });
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: b });
    expect(after.json()).toEqual({ user: null, stage: 'anonymous' });
    // Nobody is an answer, not a door: the session's own routes still refuse the revoked cookie.
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: b })).statusCode).toBe(
      401,
    );
  });

  it('answers "who am I" for a visitor without a session with nobody (200), not a 401 the browser logs', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ user: null, stage: 'anonymous' });
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: 'epilink_session=not-a-token' },
    });
    expect(forged.json()).toEqual({ user: null, stage: 'anonymous' });
    // A signed-in official still gets themself.
    const a = await signInAs(t, 'commune_officer', '28756');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: a.headers });
    expect(me.json<{ user: { id: string }; stage: string }>()).toMatchObject({
      user: { id: a.userId },
      stage: 'active',
    });
  });

  it('counts a wrong current password on a password change like a failed sign-in, and keeps the count', async () => {
    const a = await signInAs(t, 'commune_officer', '28756');
    const change = (currentPassword: string, remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        remoteAddress,
        headers: a.headers,
        payload: { currentPassword, newPassword: 'a long and unusual new passphrase 83' },
      });
    // Someone holding the session but not the password guesses from one address…
    for (let i = 0; i < SIGN_IN_FAILURES_PER_PAIR; i++) {
      expect((await change(`guess-${i}`, '198.51.100.7')).statusCode).toBe(403);
    }
    // …and from there even the right one is now refused: the failures were counted although each
    // request failed, and each left its audit row.
    expect((await change(TEST_PASSWORD, '198.51.100.7')).statusCode).toBe(403);
    const reasons = (
      await t.database.db
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(eq(auditLog.entityId, a.userId))
    ).map((r) => (r.details as { reason?: string } | null)?.reason);
    expect(reasons.filter((r) => r === 'wrong_current_password')).toHaveLength(SIGN_IN_FAILURES_PER_PAIR);
    expect(reasons).toContain('throttled');
    // The owner, elsewhere, is not locked out, and the change is audited.
    expect((await change(TEST_PASSWORD, '203.0.113.9')).statusCode).toBe(204);
    const actions = await t.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, a.userId));
    expect(actions.map((r) => r.action)).toContain('password_change');
  });

  it('refuses a state change without the CSRF header', async () => {
    const a = await signInAs(t, 'commune_officer', '28756');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout-all',
      headers: { cookie: a.headers.cookie! },
    });
    expect(res.statusCode).toBe(403);
  });

  it('sets HttpOnly, SameSite=Strict session cookies and security headers', async () => {
    await createUser(t.database.db, {
      username: 'xa.cookie',
      displayName: 'x',
      password: TEST_PASSWORD,
      role: 'tracer',
      jurisdictionCode: '28756',
    });
    const res = await login('xa.cookie', TEST_PASSWORD);
    const cookie = res.cookies.find((c) => c.name === 'epilink_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('rate limits', () => {
  it('answers 429 past the per-IP limit', async () => {
    const t = await createTestApp({ RATE_LIMIT_PER_IP: '5' });
    try {
      const codes = [];
      for (let i = 0; i < 7; i++)
        codes.push((await t.app.inject({ method: 'GET', url: '/api/meta' })).statusCode);
      expect(codes.slice(0, 5).every((c) => c === 200)).toBe(true);
      expect(codes.slice(5)).toEqual([429, 429]);
    } finally {
      await t.close();
    }
  });
});
