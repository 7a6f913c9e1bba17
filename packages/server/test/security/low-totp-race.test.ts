/**
 * Issue 9, low item (both databases): one TOTP code opened two sessions when two requests raced
 * with it. The step update is now conditional (`… where totp_last_step < step returning`), so of
 * concurrent requests with one code exactly one signs in; the other is refused and opens nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { currentTotp } from '../../src/auth/totp.ts';
import { queryRows } from '../../src/db/client.ts';
import { CSRF_HEADER } from '../../src/http/register.ts';
import { cookieHeader, createTestApp, signInAs, TEST_PASSWORD } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function pendingSession(username: string): Promise<Record<string, string>> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: TEST_PASSWORD },
  });
  expect(res.json<{ stage: string }>().stage).toBe('totp');
  return { cookie: cookieHeader(res), [CSRF_HEADER]: '1' };
}

it('one code sent by four sign-ins at once activates exactly one session', async () => {
  const { userId, username, totpSecret } = await signInAs(t, 'provincial_epidemiologist', '83');
  // Enrolment used the current step; as if it had happened one step earlier, the current code is
  // fresh again (no 30-second wait for the next step).
  await t.database.db.execute(sql`update users set totp_last_step = totp_last_step - 1 where id = ${userId}`);
  const pending = await Promise.all([1, 2, 3, 4].map(() => pendingSession(username)));
  const code = await currentTotp(totpSecret!);
  const before = await activeSessions(userId);
  const answers = await Promise.all(
    pending.map((headers) =>
      t.app.inject({ method: 'POST', url: '/api/auth/2fa/verify', headers, payload: { code } }),
    ),
  );
  expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401, 401, 401]);
  expect((await activeSessions(userId)) - before).toBe(1);
});

async function activeSessions(userId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    t.database.db,
    sql`select count(*)::int as n from sessions where user_id = ${userId} and stage = 'active' and revoked_at is null`,
  );
  return row!.n;
}
