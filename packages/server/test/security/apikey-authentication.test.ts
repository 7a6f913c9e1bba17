/**
 * Issue 9 (both databases): API-key authentication skips CSRF and two-factor, so its walls get
 * their own story. A key issued by an administrator reaches only what its scopes allow, only
 * inside its unit; a revoked or expired key is refused; it never reaches official-only, signing-in
 * or citizen routes, nor any cookie-only flow (password change, sign-out everywhere).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { addPeople, createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

const HOME = { provinceCode: '83', districtCode: '829', communeCode: '28756' };
let t: TestApp;
let admin: Record<string, string>;
let inside = '';
let outside = '';
let readKey = '';

async function issueKey(scopes: string[], jurisdictionCode: string, expiresAt: string | null = null) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/admin/api-keys',
    headers: admin,
    payload: { name: `lab system ${scopes.join('+')}`, scopes, jurisdictionCode, expiresAt },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ apiKey: { id: string }; key: string }>();
}

const withKey = (key: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await createTestApp();
  admin = (await signInAs(t, 'province_admin', '83')).headers;
  const [other] = await queryRows<{ code: string; parent_code: string }>(
    t.database.db,
    sql`select code, parent_code from admin_units where level = 'commune' and province_code = '83'
        and parent_code <> '829' order by code limit 1`,
  );
  const [a, b] = await addPeople(t.database, [
    { fullName: 'Phạm Văn Trong', ...HOME },
    {
      fullName: 'Phạm Văn Ngoài',
      provinceCode: '83',
      districtCode: other!.parent_code,
      communeCode: other!.code,
    },
  ]);
  inside = a!.personId;
  outside = b!.personId;
  readKey = (await issueKey(['person:read'], HOME.communeCode)).key;
});
afterAll(async () => {
  await t?.close();
});

describe("a key's scopes and unit limit it", () => {
  it('reads a person of its commune (audited as the key), and one elsewhere is not found', async () => {
    expect((await withKey(readKey, 'GET', `/api/persons/${inside}`)).statusCode).toBe(200);
    expect((await withKey(readKey, 'GET', `/api/persons/${outside}`)).statusCode).toBe(404);
    const search = await withKey(readKey, 'POST', '/api/persons/search', { q: 'Phạm' });
    expect(search.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([inside]);
    const [audit] = await queryRows<{ actor_role: string; actor_name: string }>(
      t.database.db,
      sql`select actor_role, actor_name from audit_log where person_id = ${inside} order by id desc limit 1`,
    );
    expect(audit).toMatchObject({ actor_role: 'api_key' });
  });

  it('a read-only key cannot write (no CSRF header needed, still refused by scope); nothing stored', async () => {
    const res = await withKey(readKey, 'POST', '/api/persons', {
      fullName: 'Người Mới',
      dateOfBirth: null,
      sex: null,
      communeCode: HOME.communeCode,
    });
    expect(res.statusCode).toBe(403);
    const [n] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from persons where full_name = 'Người Mới'`,
    );
    expect(n!.n).toBe(0);
  });

  it('no key reaches a permission outside the key scopes (cases, audit, accounts)', async () => {
    const key = (await issueKey(['person:read', 'person:write', 'unit:read'], '83')).key;
    for (const url of ['/api/cases', '/api/audit', '/api/admin/users', '/api/admin/api-keys']) {
      expect((await withKey(key, 'GET', url)).statusCode, url).toBe(403);
    }
  });
});

describe('revoked and expired keys', () => {
  it('a revoked key is refused at once', async () => {
    const { apiKey, key } = await issueKey(['person:read'], HOME.communeCode);
    expect((await withKey(key, 'GET', `/api/persons/${inside}`)).statusCode).toBe(200);
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/api/admin/api-keys/${apiKey.id}/revoke`,
      headers: admin,
    });
    expect(revoke.statusCode, revoke.body).toBeLessThan(300);
    expect((await withKey(key, 'GET', `/api/persons/${inside}`)).statusCode).toBe(401);
  });

  it('an expired key is refused', async () => {
    const { apiKey, key } = await issueKey(['person:read'], HOME.communeCode);
    await t.database.db.execute(
      sql`update api_keys set expires_at = now() - interval '1 minute' where id = ${apiKey.id}`,
    );
    expect((await withKey(key, 'GET', `/api/persons/${inside}`)).statusCode).toBe(401);
  });

  it('a made-up key is refused like no key', async () => {
    const res = await withKey(`epk_${'A'.repeat(43)}`, 'GET', `/api/persons/${inside}`);
    expect(res.statusCode).toBe(401);
  });
});

describe('a key never acts as an official or a citizen', () => {
  it('official-only, signing-in, citizen and cookie-only routes answer 401 to a key', async () => {
    const key = (await issueKey(['person:read', 'person:write', 'unit:read', 'policy:read'], '83')).key;
    const probes: ['GET' | 'POST', string, object?][] = [
      ['GET', '/api/auth/sessions'],
      ['POST', '/api/auth/logout-all', {}],
      ['POST', '/api/auth/password', { currentPassword: 'x', newPassword: 'a much longer new one' }],
      ['POST', '/api/auth/2fa/enrol', {}],
      ['POST', '/api/auth/2fa/verify', { code: '123456' }],
      ['GET', '/api/me/certificates'],
    ];
    for (const [method, url, payload] of probes) {
      const res = await withKey(key, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
    // And /api/auth/me does not take a key for a signed-in official: with a key, nobody is signed in.
    expect((await withKey(key, 'GET', '/api/auth/me')).json()).toEqual({ user: null, stage: 'anonymous' });
  });
});
