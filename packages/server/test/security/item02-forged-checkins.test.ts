/**
 * Item 2 — forged check-ins. Anyone who knows a person's phone and name checks in "as" them, a
 * venue owner scans a hand-typed CCCD QR, and anyone checks a guest out. A guest check-in is
 * evidence about a phone number: it never becomes (or links to) a registry person by itself, so
 * it shows neither in the real person's history nor as their contact; check-out needs the token
 * the check-in returned; forty anonymous check-ins add no one to the registry. The tracer's
 * overlap search still shows the guest, by phone.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemAccess } from '../../src/access/context.ts';
import { runFrequent } from '../../src/checkin/maintenance.ts';
import { findCheckinContacts } from '../../src/checkin/overlap.ts';
import { queryRows } from '../../src/db/client.ts';
import { CSRF_HEADER } from '../../src/http/register.ts';
import { approvedVenue, countCheckins, signInCitizen } from '../checkin/fixtures.ts';
import { addPeople, createTestApp } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { auditRows } from './places.ts';

const H = { [CSRF_HEADER]: '1' };
const LETTERS = 'ABCDEGHKLM';
let t: TestApp;

async function personCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from persons`);
  return row!.n;
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('item 2: a guest check-in is evidence about a phone number, not a person', () => {
  it('forty anonymous guest check-ins add no one to the registry, even after maintenance and a search', async () => {
    const v = await approvedVenue(t, { name: 'Chợ đêm' });
    const before = await personCount();
    for (let i = 0; i < 40; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/checkin/${v.token}/guest`,
        headers: H,
        payload: {
          phone: `0977${String(i).padStart(6, '0')}`,
          fullName: `Khách ${LETTERS[i % 10]!}${LETTERS[Math.floor(i / 10)]!}`,
        },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    await runFrequent(t.database);
    expect(await personCount()).toBe(before);
    expect(await countCheckins(t, sql`venue_id = ${v.id} and person_id is null`)).toBe(40);
  });

  it('someone else’s phone and name do not put a check-in into that person’s history', async () => {
    const victim = await signInCitizen(t, { fullName: 'Trần Thị Thật', phone: '0912777001' });
    const v = await approvedVenue(t, { name: 'Quán nhậu' });
    const forged = await t.app.inject({
      method: 'POST',
      url: `/api/checkin/${v.token}/guest`,
      headers: H,
      payload: { phone: '0912777001', fullName: 'Trần Thị Thật' },
    });
    expect(forged.statusCode).toBe(200);
    await runFrequent(t.database);
    // The tracer's overlap search shows the guest by phone (it is how the phone is called)…
    const [f0] = await addPeople(t.database, [{ fullName: 'Ca Bệnh Quán', dateOfBirth: '1970-01-01' }]);
    await t.database.db.execute(
      sql`insert into checkins (venue_id, visitor_key, person_id, method, checked_in_at, checked_out_at,
          province_code, district_code, commune_code)
        select id, ${`p:${f0!.personId}`}, ${f0!.personId}, 'self', now() - interval '5 minutes', now() + interval '1 hour',
          province_code, district_code, commune_code from venues where id = ${v.id}`,
    );
    const found = await findCheckinContacts(t.database.db, systemAccess('contact-tracing'), {
      personIds: [f0!.personId],
      from: new Date(Date.now() - 3_600_000),
      to: new Date(Date.now() + 3_600_000),
      purpose: 'story item 2',
    });
    const guest = found.contacts.find((c) => c.guestPhone === '0912777001');
    // …but never as the registry person: no link, nothing in her history.
    expect(guest).toMatchObject({ personId: null, fullName: 'Trần Thị Thật' });
    expect(await countCheckins(t, sql`person_id = ${victim.personId}`)).toBe(0);
    const history = await t.app.inject({ method: 'GET', url: '/api/me/checkins', headers: victim.headers });
    expect(history.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('check-out needs the token the check-in returned; a phone and a name are not enough', async () => {
    const v = await approvedVenue(t, { name: 'Tiệm tóc' });
    const checkin = await t.app.inject({
      method: 'POST',
      url: `/api/checkin/${v.token}/guest`,
      headers: H,
      payload: { phone: '0912777002', fullName: 'Lê Văn Khách' },
    });
    const { checkoutToken, visits } = checkin.json<{ checkoutToken: string; visits: { id: string }[] }>();
    expect(checkoutToken).toMatch(/^\d+\.[A-Za-z0-9_-]{22}$/u);
    const stillOpen = () => countCheckins(t, sql`venue_id = ${v.id} and checked_out_at > now()`);

    // The old way (phone + name) is refused; a forged token answers like "not checked in".
    const byName = await t.app.inject({
      method: 'POST',
      url: `/api/checkin/${v.token}/guest/checkout`,
      headers: H,
      payload: { phone: '0912777002', fullName: 'Lê Văn Khách' },
    });
    expect(byName.statusCode).toBe(400);
    for (const forged of [`${visits[0]!.id}.${'A'.repeat(22)}`, 'nonsense', `${visits[0]!.id}.`]) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/checkin/${v.token}/guest/checkout`,
        headers: H,
        payload: { checkoutToken: forged },
      });
      expect(r.statusCode, forged).toBe(409);
      expect(r.json<{ error: { code: string } }>().error.code).toBe('NOT_CHECKED_IN');
    }
    expect(await stillOpen()).toBe(1);
    // A repeated tap with the same phone and name gets no token.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/checkin/${v.token}/guest`,
      headers: H,
      payload: { phone: '0912777002', fullName: 'Lê Văn Khách' },
    });
    expect(again.json<{ checkoutToken: string | null }>().checkoutToken).toBeNull();
    // The token holder checks out.
    const out = await t.app.inject({
      method: 'POST',
      url: `/api/checkin/${v.token}/guest/checkout`,
      headers: H,
      payload: { checkoutToken },
    });
    expect(out.statusCode, out.body).toBe(200);
    expect(await stillOpen()).toBe(0);
  });

  it('a venue owner’s hand-typed CCCD QR does not link the check-in to the real person', async () => {
    const v = await approvedVenue(t, { name: 'Nhà sách' });
    const [real] = await addPeople(t.database, [
      { fullName: 'Phan Văn Thật', dateOfBirth: '1988-08-08', cccd: '083088009999', sex: 'male' },
    ]);
    const before = await personCount();
    const typed = await t.app.inject({
      method: 'POST',
      url: `/api/venues/${v.id}/scan`,
      headers: v.owner,
      payload: { qr: '083088009999||Phan Văn Thật|08081988|Nam|Ấp 2, Bến Tre|01012021' },
    });
    expect(typed.statusCode, typed.body).toBe(200);
    expect(await countCheckins(t, sql`person_id = ${real!.personId}`)).toBe(0);
    expect(await countCheckins(t, sql`venue_id = ${v.id} and method = 'scan' and person_id is null`)).toBe(1);
    expect(await personCount()).toBe(before);
    // The scan is audited (who scanned, at which venue), without a person.
    const audits = await auditRows(t, 'checkin');
    expect(audits.some((a) => a.actor_role === 'venue_owner' && a.person_id === null)).toBe(true);
  });
});
