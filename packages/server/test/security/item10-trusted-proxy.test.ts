/**
 * Issue 9, item 10 (both databases): `X-Forwarded-For` is written by whoever sends the request.
 * Trusting all of it let an attacker pick a new address per request — the per-IP limits never
 * bit and the audit trail recorded an address of their choosing. EpiLink now trusts a configured
 * number of proxy hops, or the proxies' addresses, and nothing a client adds in front.
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { queryRows } from '../../src/db/client.ts';
import { createTestApp } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A failed sign-in (audited with the request's client address); returns the recorded address. */
async function failedLoginIp(app: TestApp, request: { remoteAddress: string; forwardedFor: string }) {
  const username = `nobody.${Math.random().toString(36).slice(2)}`;
  const res = await app.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: request.remoteAddress,
    headers: { 'x-forwarded-for': request.forwardedFor },
    payload: { username, password: 'wrong password' },
  });
  expect(res.statusCode).toBe(401);
  const rows = await queryRows<{ ip: string | null }>(
    app.database.db,
    sql`select ip from audit_log where action = 'login_failed' order by id desc limit 1`,
  );
  return rows[0]?.ip ?? null;
}

describe('behind one reverse proxy (TRUST_PROXY=1)', () => {
  it('an attacker rotating forged X-Forwarded-For entries is still one client: the per-IP limit stops them', async () => {
    t = await createTestApp({ TRUST_PROXY: '1', RATE_LIMIT_PER_IP: '5' });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      // The proxy (127.0.0.1 here) appends the address it saw; the attacker chose everything before it.
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}, 203.0.113.66` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Another real client behind the same proxy is not affected.
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.77' },
    });
    expect(other.statusCode).toBe(200);
  });

  it('the audit trail records the address the proxy saw, not the forged one', async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
    const ip = await failedLoginIp(t, { remoteAddress: '127.0.0.1', forwardedFor: '6.6.6.6, 203.0.113.9' });
    expect(ip).toBe('203.0.113.9');
  });
});

describe('behind proxies known by address (TRUST_PROXY=10.0.0.0/8)', () => {
  it('a request through the proxy is the forwarded client; one straight from elsewhere is its own socket address', async () => {
    t = await createTestApp({ TRUST_PROXY: '10.0.0.0/8' });
    expect(await failedLoginIp(t, { remoteAddress: '10.1.2.3', forwardedFor: '6.6.6.6, 198.51.100.7' })).toBe(
      '198.51.100.7',
    );
    // A client that reaches the server directly cannot claim an address.
    expect(await failedLoginIp(t, { remoteAddress: '192.0.2.50', forwardedFor: '198.51.100.7' })).toBe(
      '192.0.2.50',
    );
  });
});

describe('the configuration names what to trust', () => {
  it('TRUST_PROXY=true (trust any client) stops the start with a message naming the variable', () => {
    let error: unknown;
    try {
      loadConfig({ TRUST_PROXY: 'true' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('TRUST_PROXY');
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(ConfigError);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
    expect(loadConfig({}).trustProxy).toBe(false);
  });
});
