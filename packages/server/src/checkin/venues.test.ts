/**
 * The story of a venue: an owner registers it, the commune health station approves it, citizens
 * and guests check in by its QR token (once, however often they tap), check out, see their
 * history; the venue scans visitors' personal and CCCD QR codes; bad input changes nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { approvedVenue, countCheckins, signInCitizen } from '../../test/checkin/fixtures.ts';
import { CSRF_HEADER } from '../http/register.ts';

const H = { [CSRF_HEADER]: '1' };

describe('venue check-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('a venue awaits approval before it accepts check-ins; the owner sees its token and counts', async () => {
    const owner = await signInAs(t, 'venue_owner', '28756');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/venues',
      headers: owner.headers,
      payload: { name: 'Chợ Phú Khương', type: 'market', address: 'Ấp 2', communeCode: '28756' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { venue } = res.json<{ venue: { id: string; token: string; status: string } }>();
    expect(venue.status).toBe('pending');
    expect(venue.token).toMatch(/^[A-Za-z0-9_-]{22}$/u);
    const guest = await t.app.inject({
      method: 'POST',
      url: `/api/checkin/${venue.token}/guest`,
      headers: H,
      payload: { phone: '0912345001', fullName: 'Lê Văn Khách' },
    });
    expect(guest.statusCode).toBe(409);
    expect(guest.json<{ error: { code: string } }>().error.code).toBe('VENUE_NOT_OPEN');
    expect(await countCheckins(t)).toBe(0);
    // Another commune's owner cannot register here, nor see this venue.
    const far = await signInAs(t, 'venue_owner', '28759');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/venues',
      headers: far.headers,
      payload: { name: 'X', type: 'shop', address: 'Y', communeCode: '28756' },
    });
    expect(bad.statusCode).toBe(400);
    const mine = await t.app.inject({ method: 'GET', url: '/api/venues/mine', headers: far.headers });
    expect(mine.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('a guest checks in with phone and name; a second tap and a retried request store nothing twice', async () => {
    const v = await approvedVenue(t, { name: 'Quán cà phê Dừa' });
    const page = await t.app.inject({ method: 'GET', url: `/api/checkin/${v.token}` });
    expect(page.statusCode).toBe(200);
    expect(page.json<{ venue: { name: string; retentionDays: number } }>().venue).toMatchObject({
      name: 'Quán cà phê Dừa',
      retentionDays: 30,
    });
    const tap = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/checkin/${v.token}/guest`,
        headers: H,
        payload: { phone: '+84 912 345 002', fullName: 'Trần Thị Hoà' },
      });
    const [a, b, c] = await Promise.all([tap(), tap(), tap()]);
    for (const r of [a, b, c]) expect(r.statusCode, r.body).toBe(200);
    const dupes = [a, b, c].map((r) => r.json<{ visits: { duplicate: boolean }[] }>().visits[0]!.duplicate);
    expect(dupes.filter((d) => !d)).toHaveLength(1);
    // Only the tap that created the stay holds its check-out token.
    const tokens = [a, b, c].map((r) => r.json<{ checkoutToken: string | null }>().checkoutToken);
    expect(tokens.filter((x) => x !== null)).toHaveLength(1);
    const checkoutToken = tokens.find((x) => x !== null)!;
    // The same guest typed without diacritics is the same visitor.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/checkin/${v.token}/guest`,
      headers: H,
      payload: { phone: '0912345002', fullName: 'TRAN THI HOA' },
    });
    expect(again.json<{ visits: { duplicate: boolean }[] }>().visits[0]!.duplicate).toBe(true);
    expect(await countCheckins(t, sql`venue_id = ${v.id}`)).toBe(1);

    // Check-out (with the token), then check-out again: nothing to check out.
    const out = await t.app.inject({
      method: 'POST',
      url: `/api/checkin/${v.token}/guest/checkout`,
      headers: H,
      payload: { checkoutToken },
    });
    expect(out.statusCode, out.body).toBe(200);
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/checkin/${v.token}/guest/checkout`,
      headers: { ...H, 'accept-language': 'en' },
      payload: { checkoutToken },
    });
    expect(twice.statusCode).toBe(409);
    const err = twice.json<{ error: { code: string; message: string } }>().error;
    expect(err.code).toBe('NOT_CHECKED_IN');
    expect(err.message).toContain('not checked in');

    // The owner sees counts, never identities.
    const mine = await t.app.inject({ method: 'GET', url: '/api/venues/mine', headers: v.owner });
    const body = mine.body;
    expect(mine.json<{ items: { counts: { today: number } }[] }>().items[0]!.counts.today).toBe(1);
    expect(body).not.toContain('0912345002');
    expect(body).not.toContain('Hoà');
  });

  it('refuses forged, malformed and revoked tokens and bad guest input, storing nothing', async () => {
    const v = await approvedVenue(t);
    const before = await countCheckins(t);
    const forged = await t.app.inject({
      method: 'POST',
      url: `/api/checkin/${'A'.repeat(22)}/guest`,
      headers: H,
      payload: { phone: '0912345003', fullName: 'Võ Văn Giả' },
    });
    expect(forged.statusCode).toBe(404);
    expect(forged.json<{ error: { code: string } }>().error.code).toBe('VENUE_TOKEN_INVALID');
    const malformed = await t.app.inject({
      method: 'GET',
      url: `/api/checkin/${encodeURIComponent("x' or 1=1 --")}`,
    });
    expect(malformed.statusCode).toBe(400);
    for (const payload of [
      { phone: '12345', fullName: 'Võ Văn Giả' },
      { phone: '0912345003', fullName: '<script>alert(1)</script>' },
      { phone: '0912345003', fullName: 'Võ Văn Giả', extra: 1 },
    ]) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/checkin/${v.token}/guest`,
        headers: H,
        payload,
      });
      expect(r.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
    }
    const re = await t.app.inject({ method: 'POST', url: `/api/venues/${v.id}/token`, headers: v.owner });
    expect(re.statusCode, re.body).toBe(200);
    const fresh = re.json<{ venue: { token: string } }>().venue.token;
    expect(fresh).not.toBe(v.token);
    const old = await t.app.inject({
      method: 'POST',
      url: `/api/checkin/${v.token}/guest`,
      headers: H,
      payload: { phone: '0912345003', fullName: 'Võ Văn Giả' },
    });
    expect(old.statusCode).toBe(410);
    expect(old.json<{ error: { code: string; message: string } }>().error.code).toBe('VENUE_TOKEN_REVOKED');
    expect(await countCheckins(t)).toBe(before);
  });

  it('a signed-in citizen checks in with one tap, with a child of the household, sees it in history and checks out', async () => {
    const v = await approvedVenue(t, { name: 'Nhà sách Bến Tre' });
    const [hh] = await t.database.db
      .execute(
        sql`insert into households (province_code, district_code, commune_code, address)
      values ('83', '829', '28756', 'Ấp 3') returning id`,
      )
      .then((r) => (r as { rows: { id: string }[] }).rows);
    const citizen = await signInCitizen(t, {
      fullName: 'Phạm Văn Cha',
      phone: '0912345004',
      householdId: hh!.id,
    });
    const { addPeople } = await import('../../test/helpers.ts');
    const [child] = await addPeople(t.database, [
      { fullName: 'Phạm Bé Con', dateOfBirth: '2018-05-05', householdId: hh!.id },
    ]);
    const tap = await t.app.inject({
      method: 'POST',
      url: '/api/me/checkins',
      headers: citizen.headers,
      payload: { token: v.token, personIds: [citizen.personId, child!.personId] },
    });
    expect(tap.statusCode, tap.body).toBe(200);
    expect(tap.json<{ visits: unknown[] }>().visits).toHaveLength(2);
    // Someone else's record cannot be checked in.
    const stranger = await addPeople(t.database, [{ fullName: 'Người Lạ', dateOfBirth: '1990-01-01' }]);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/me/checkins',
      headers: citizen.headers,
      payload: { token: v.token, personIds: [stranger[0]!.personId] },
    });
    expect(bad.statusCode).toBe(404);
    const history = await t.app.inject({ method: 'GET', url: '/api/me/checkins', headers: citizen.headers });
    const items = history.json<{ items: { id: string; open: boolean; venue: { name: string } }[] }>().items;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ open: true, venue: { name: 'Nhà sách Bến Tre' } });
    const out = await t.app.inject({
      method: 'POST',
      url: `/api/me/checkins/${items[0]!.id}/checkout`,
      headers: citizen.headers,
    });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json<{ visits: unknown[] }>().visits).toHaveLength(2);
    const after = await t.app.inject({ method: 'GET', url: '/api/me/checkins', headers: citizen.headers });
    expect(after.json<{ items: { open: boolean }[] }>().items.every((i) => !i.open)).toBe(true);
  });

  it('the venue scans a personal QR and a CCCD card QR, stored as evidence about the code (not linked)', async () => {
    const v = await approvedVenue(t, { name: 'Siêu thị Co.op' });
    const { addPeople } = await import('../../test/helpers.ts');
    const [known] = await addPeople(t.database, [
      { fullName: 'Nguyễn Văn Đức', dateOfBirth: '1985-03-14', cccd: '083085001234', sex: 'male' },
    ]);
    const personal = await t.app.inject({
      method: 'POST',
      url: `/api/venues/${v.id}/scan`,
      headers: v.owner,
      payload: { qr: '083085001234|NGUYEN VAN DUC|1985-03-14|0|QID123|' },
    });
    expect(personal.statusCode, personal.body).toBe(200);
    // A QR can be typed by hand: the scan never links to the registry person with that CCCD.
    expect(await countCheckins(t, sql`venue_id = ${v.id} and person_id = ${known!.personId}`)).toBe(0);
    expect(await countCheckins(t, sql`venue_id = ${v.id} and visitor_key like 'q:083085001234:%'`)).toBe(1);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/venues/${v.id}/scan`,
      headers: v.owner,
      payload: { qr: '083085001234|NGUYEN VAN DUC|1985-03-14|0|QID123|' },
    });
    expect(again.json<{ visit: { duplicate: boolean } }>().visit.duplicate).toBe(true);
    const cccd = await t.app.inject({
      method: 'POST',
      url: `/api/venues/${v.id}/scan`,
      headers: v.owner,
      payload: { qr: '083190004321||Lê Thị Mai|01021990|Nữ|Ấp 4, Phú Khương, Bến Tre|15062021' },
    });
    expect(cccd.statusCode, cccd.body).toBe(200);
    expect(cccd.json<{ name: string }>().name).toBe('Lê Thị Mai');
    expect(await countCheckins(t, sql`venue_id = ${v.id} and method = 'scan' and person_id is null`)).toBe(2);
    for (const qr of ['hello', '083085001234|NGUYEN VAN DUC|14/03/1985|0|Q|']) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/venues/${v.id}/scan`,
        headers: { ...v.owner, 'accept-language': 'en' },
        payload: { qr },
      });
      expect(r.statusCode, qr).toBe(422);
      expect(r.json<{ error: { code: string; message: string } }>().error.message).toMatch(/personal QR/u);
    }
    // A NUL byte is refused at validation, before any QR parsing (400, the field named).
    const nul = await t.app.inject({
      method: 'POST',
      url: `/api/venues/${v.id}/scan`,
      headers: { ...v.owner, 'accept-language': 'en' },
      payload: { qr: 'a|b\u0000|c|d|e|f' },
    });
    expect(nul.statusCode, nul.body).toBe(400);
    expect(await countCheckins(t, sql`venue_id = ${v.id}`)).toBe(2);
    // Another owner's venue is not found.
    const other = await signInAs(t, 'venue_owner', '28756');
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/venues/${v.id}/scan`,
      headers: other.headers,
      payload: { qr: '083085001234|NGUYEN VAN DUC|1985-03-14|0|QID123|' },
    });
    expect(r.statusCode).toBe(404);
  });

  it('prints A4 and A5 posters, and all of a commune’s posters in one PDF', async () => {
    const v = await approvedVenue(t, { name: 'Tiệm vàng Kim Hoàn' });
    for (const size of ['A4', 'A5']) {
      const pdf = await t.app.inject({
        method: 'GET',
        url: `/api/venues/${v.id}/poster.pdf?size=${size}`,
        headers: v.owner,
      });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toContain('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const bulk = await t.app.inject({
      method: 'GET',
      url: '/api/venues/posters.pdf?communeCode=28756',
      headers: v.officer,
    });
    expect(bulk.statusCode).toBe(200);
    const pages = (bulk.rawPayload.toString('latin1').match(/\/Type \/Page\b/gu) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(2);
  });
});
