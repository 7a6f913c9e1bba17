/**
 * The citizen session's readable hint (#19 item 14), on PGlite and PostgreSQL: signing in sets,
 * beside the HttpOnly session cookie, `epilink_citizen_hint=1` that scripts may read (it carries
 * nothing but "a session was started here"), so the citizen pages ask for the citizen's records
 * only when there may be a session; signing out clears both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { citizenSignIn } from '../../test/citizen-signin.ts';
import { CSRF_HEADER } from '../http/register.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await addPeople(t.database, [
    {
      fullName: 'Võ Thị Thu',
      dateOfBirth: '1991-07-07',
      phone: '0987000119',
      communeCode: '28756',
      districtCode: '829',
      provinceCode: '83',
    },
  ]);
});
afterAll(async () => {
  await t?.close();
});

const cookies = (raw: string | string[] | undefined): string[] =>
  raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];

describe('the citizen session hint', () => {
  it('is set readable beside the HttpOnly session cookie and cleared on sign-out', async () => {
    const signedIn = await citizenSignIn(t, '0987000119');
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const set = cookies(signedIn.headers['set-cookie']);
    const session = set.find((c) => c.startsWith('epilink_citizen='));
    const hint = set.find((c) => c.startsWith('epilink_citizen_hint='));
    expect(session).toMatch(/HttpOnly/iu);
    expect(hint).toMatch(/^epilink_citizen_hint=1;/u);
    expect(hint).not.toMatch(/HttpOnly/iu);
    expect(hint).toMatch(/SameSite=Strict/iu);

    const cookie = set.map((c) => c.split(';')[0]).join('; ');
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/me/logout',
      headers: { cookie, [CSRF_HEADER]: '1' },
    });
    expect(out.statusCode).toBeLessThan(300);
    const cleared = cookies(out.headers['set-cookie']);
    expect(cleared.find((c) => c.startsWith('epilink_citizen_hint='))).toMatch(/Expires=Thu, 01 Jan 1970/u);
    expect(cleared.find((c) => c.startsWith('epilink_citizen='))).toMatch(/Expires=Thu, 01 Jan 1970/u);
  });
});
