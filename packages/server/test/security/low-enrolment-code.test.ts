/**
 * Issue #9, low item — "whoever holds an initial or reset password can bind the authenticator
 * first", on PGlite and PostgreSQL. An administrator creates a province account (two-factor
 * required); someone who learnt the initial password signs in before its owner and asks to enrol:
 * without the one-time enrolment code the administrator was shown, no secret is handed out, a
 * wrong code counts as a failed attempt, and the owner with the code enrols. A password reset of
 * an account still to enrol issues a new code and the old one stops working.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/auth/totp.ts';
import { queryRows } from '../../src/db/client.ts';
import { CSRF_HEADER } from '../../src/http/register.ts';
import { cookieHeader, createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signInAs>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAs(t, 'province_admin', '83');
});
afterAll(async () => {
  await t?.close();
});

const PASSWORD = 'a fresh initial passphrase';

async function passwordStep(username: string, password = PASSWORD) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(res.json<{ stage: string }>().stage).toBe('enrol');
  return { cookie: cookieHeader(res), [CSRF_HEADER]: '1' };
}

function enrol(headers: Record<string, string>, enrolmentCode?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/2fa/enrol',
    headers,
    payload: enrolmentCode === undefined ? {} : { enrolmentCode },
  });
}

async function secretOf(userId: string) {
  const [row] = await queryRows<{ totp_secret: string | null; enrolment_code_hash: string | null }>(
    t.database.db,
    sql`select totp_secret, enrolment_code_hash from users where id = ${userId}::uuid`,
  );
  return row!;
}

describe('issue 9 (low): binding the authenticator needs the administrator’s enrolment code', () => {
  it('the holder of the initial password gets no secret; the owner with the code enrols', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers,
      payload: {
        username: 'dichte.moi',
        displayName: 'Dịch tễ mới',
        password: PASSWORD,
        role: 'provincial_epidemiologist',
        jurisdictionCode: '83',
      },
    });
    expect(created.statusCode).toBe(201);
    const { user, enrolment } = created.json<{
      user: { id: string };
      enrolment: { code: string; link: string };
    }>();
    expect(enrolment.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/u);
    expect(enrolment.link).toBe(`/login?enrol=${enrolment.code}`);

    // The attacker knows the password only.
    const attacker = await passwordStep('dichte.moi');
    const bare = await enrol(attacker);
    expect(bare.statusCode).toBe(403);
    expect(bare.json<{ error: { code: string } }>().error.code).toBe('ENROLMENT_CODE_REQUIRED');
    const guessed = await enrol(attacker, 'AAAA-BBBB-CCCC-DDDD');
    expect(guessed.statusCode).toBe(403);
    expect((await secretOf(user.id)).totp_secret).toBeNull();
    const failures = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity_id = ${user.id} and action = 'login_2fa_failed'`,
    );
    expect(failures[0]!.n).toBe(1);

    // The owner, with the code the administrator handed over (lower case and spaces are fine).
    const owner = await passwordStep('dichte.moi');
    const started = await enrol(owner, enrolment.code.toLowerCase().replace(/-/gu, ' '));
    expect(started.statusCode).toBe(200);
    const { secret } = started.json<{ secret: string }>();
    const confirmed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/2fa/enrol/confirm',
      headers: owner,
      payload: { code: await currentTotp(secret) },
    });
    expect(confirmed.statusCode).toBe(200);
    expect((await secretOf(user.id)).enrolment_code_hash).toBeNull();
  });

  it('a password reset before enrolment issues a new code, and the old one stops working', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers,
      payload: {
        username: 'baomat.moi',
        displayName: 'Bảo mật mới',
        password: PASSWORD,
        role: 'security_officer',
        jurisdictionCode: '83',
      },
    });
    const { user, enrolment: first } = created.json<{ user: { id: string }; enrolment: { code: string } }>();
    const reset = await t.app.inject({
      method: 'POST',
      url: `/api/admin/users/${user.id}/reset-password`,
      headers: admin.headers,
      payload: { password: 'another fresh passphrase' },
    });
    expect(reset.statusCode).toBe(200);
    const { enrolment: second } = reset.json<{ enrolment: { code: string } }>();
    expect(second.code).not.toBe(first.code);
    const holder = await passwordStep('baomat.moi', 'another fresh passphrase');
    expect((await enrol(holder, first.code)).statusCode).toBe(403);
    expect((await secretOf(user.id)).totp_secret).toBeNull();
    expect((await enrol(holder, second.code)).statusCode).toBe(200);
  });
});
