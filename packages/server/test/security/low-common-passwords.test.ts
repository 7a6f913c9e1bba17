/**
 * Issue 9, low item (both databases): passwords had only a length rule, so `qwertyuiop` or
 * `password123` — among the first an attacker tries — were accepted for an official. The most
 * common passwords (a shipped list, assets/passwords/SOURCES.md) are now refused wherever a
 * password is set: account creation, an administrator's reset, the official's own change.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { createTestApp, signInAs, TEST_PASSWORD } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await signInAs(t, 'district_officer', '829')).headers;
});
afterAll(async () => {
  await t?.close();
});

const refusedAsCommon = (res: { statusCode: number; body: string }) => {
  expect(res.statusCode, res.body).toBe(400);
  const { error } = JSON.parse(res.body) as { error: { details: { path: string; message: string }[] } };
  expect(error.details).toEqual([
    expect.objectContaining({
      message: 'This password is one of the most common ones and easily guessed. Choose another.',
    }),
  ]);
};

it('an administrator cannot create an account with a common password; nothing is stored', async () => {
  for (const password of ['qwertyuiop', '1234567890', 'Password123', 'q1w2e3r4t5']) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { ...admin, 'accept-language': 'en' },
      payload: {
        username: 'xa.weak',
        displayName: 'Weak',
        password,
        role: 'commune_officer',
        jurisdictionCode: '28756',
      },
    });
    refusedAsCommon(res);
  }
  const [row] = await queryRows<{ n: number }>(
    t.database.db,
    sql`select count(*)::int as n from users where username = 'xa.weak'`,
  );
  expect(row!.n).toBe(0);
  // A long, uncommon one is fine.
  const ok = await t.app.inject({
    method: 'POST',
    url: '/api/admin/users',
    headers: admin,
    payload: {
      username: 'xa.strong',
      displayName: 'Strong',
      password: TEST_PASSWORD,
      role: 'commune_officer',
      jurisdictionCode: '28756',
    },
  });
  expect(ok.statusCode, ok.body).toBe(201);
});

it('nor reset one to a common password, and an official cannot choose one; nothing is changed or audited', async () => {
  const { userId, headers } = await signInAs(t, 'commune_officer', '28756');
  const reset = await t.app.inject({
    method: 'POST',
    url: `/api/admin/users/${userId}/reset-password`,
    headers: { ...admin, 'accept-language': 'en' },
    payload: { password: 'password123' },
  });
  refusedAsCommon(reset);
  const change = await t.app.inject({
    method: 'POST',
    url: '/api/auth/password',
    headers: { ...headers, 'accept-language': 'en' },
    payload: { currentPassword: TEST_PASSWORD, newPassword: '1q2w3e4r5t' },
  });
  refusedAsCommon(change);
  const [audit] = await queryRows<{ n: number }>(
    t.database.db,
    sql`select count(*)::int as n from audit_log where action in ('password_change', 'password_reset') and entity_id = ${userId}`,
  );
  expect(audit!.n).toBe(0);
});
