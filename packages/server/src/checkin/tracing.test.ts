/**
 * Tracing from check-ins: a case's infectious window → everyone whose stay overlapped at the same
 * venue (with minutes and exposure date), scoped to the caller's jurisdiction and audited with
 * its purpose; the reverse search for a venue; guests shown by phone, never linked to the registry;
 * adoption indicators; retention by dropping day partitions while an open investigation's rows stay.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { approvedVenue, checkinAt, countCheckins } from '../../test/checkin/fixtures.ts';
import { systemAccess, userAccess } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import { CSRF_HEADER } from '../http/register.ts';
import { findCheckinContacts, holdCheckins } from './overlap.ts';
import { ensurePartitions, listPartitions, purgeCheckins } from './partitions.ts';

describe('tracing from check-ins', () => {
  let t: TestApp;
  let venue: Awaited<ReturnType<typeof approvedVenue>>;
  let farVenue: Awaited<ReturnType<typeof approvedVenue>>;
  let f0: string, near: string, later: string, far: string;
  beforeAll(async () => {
    t = await createTestApp();
    venue = await approvedVenue(t, { name: 'Quán nhậu Ba Tri' });
    farVenue = await approvedVenue(t, { name: 'Quán Mỏ Cày', communeCode: '28759' });
    [f0, near, later, far] = (
      await addPeople(t.database, [
        { fullName: 'Ca Bệnh Một', dateOfBirth: '1980-01-01' },
        { fullName: 'Người Gần', dateOfBirth: '1981-01-01' },
        { fullName: 'Người Đến Sau', dateOfBirth: '1982-01-01' },
        { fullName: 'Người Xa', dateOfBirth: '1983-01-01', communeCode: '28759' },
      ])
    ).map((o) => o.personId) as [string, string, string, string];
    await checkinAt(t, venue.id, f0, '2021-09-03T11:00:00Z', '2021-09-03T12:00:00Z');
    await checkinAt(t, venue.id, near, '2021-09-03T11:40:00Z', '2021-09-03T13:00:00Z'); // 20 min
    await checkinAt(t, venue.id, later, '2021-09-03T12:00:00Z', '2021-09-03T13:00:00Z'); // none
    await checkinAt(t, farVenue.id, f0, '2021-09-04T02:00:00Z', '2021-09-04T03:00:00Z');
    await checkinAt(t, farVenue.id, far, '2021-09-04T02:30:00Z', '2021-09-04T04:00:00Z'); // 30 min, other commune
  });
  afterAll(async () => {
    await t.close();
  });

  const search = (headers: Record<string, string>, personIds: string[]) =>
    t.app.inject({
      method: 'POST',
      url: '/api/checkins/contacts',
      headers,
      payload: {
        personIds,
        from: '2021-09-01T00:00:00+07:00',
        to: '2021-09-15T00:00:00+07:00',
        purpose: 'Điều tra ca bệnh BN-0001',
      },
    });

  it('finds who overlapped a case at the same venue, with minutes and exposure date, and audits the purpose', async () => {
    const tracer = await signInAs(t, 'tracer', '83');
    const res = await search(tracer.headers, [f0]);
    expect(res.statusCode, res.body).toBe(200);
    const { contacts, outsideJurisdiction } = res.json<{
      contacts: {
        personId: string;
        fullName: string;
        overlapMinutes: number;
        exposureDate: string;
        venue: { name: string };
      }[];
      outsideJurisdiction: number;
    }>();
    expect(outsideJurisdiction).toBe(0);
    expect(contacts.map((c) => [c.fullName, c.overlapMinutes, c.exposureDate, c.venue.name])).toEqual([
      ['Người Xa', 30, '2021-09-04', 'Quán Mỏ Cày'],
      ['Người Gần', 20, '2021-09-03', 'Quán nhậu Ba Tri'],
    ]);
    const audit = await queryRows<{ purpose: string; action: string }>(
      t.database.db,
      sql`select purpose, action from audit_log where entity = 'checkin_overlap' and person_id = ${f0}`,
    );
    expect(audit).toEqual([{ purpose: 'Điều tra ca bệnh BN-0001', action: 'search' }]);
    // One row per search names the contacts it showed: the audit viewer finds it under each of them.
    const security = await signInAs(t, 'security_officer', '83');
    const seen = await t.app.inject({
      method: 'GET',
      url: `/api/audit?personId=${near}`,
      headers: security.headers,
    });
    expect(seen.statusCode, seen.body).toBe(200);
    const rows = seen.json<{ items: { entity: string; personId: string; purpose: string }[] }>().items;
    expect(rows.filter((r) => r.entity === 'checkin_overlap')).toMatchObject([
      { personId: f0, purpose: 'Điều tra ca bệnh BN-0001' },
    ]);
  });

  it('shows a commune officer identities only at venues of their commune; a case elsewhere is not found', async () => {
    const officer = await signInAs(t, 'commune_officer', '28756');
    const res = await search(officer.headers, [f0]);
    const body = res.json<{ contacts: { fullName: string }[]; outsideJurisdiction: number }>();
    expect(body.contacts.map((c) => c.fullName)).toEqual(['Người Gần']);
    expect(body.outsideJurisdiction).toBe(1);
    expect((await search(officer.headers, [far])).statusCode).toBe(404);
    const owner = await search(venue.owner, [f0]);
    expect(owner.statusCode).toBe(403);
    const noPurpose = await t.app.inject({
      method: 'POST',
      url: '/api/checkins/contacts',
      headers: officer.headers,
      payload: { personIds: [f0], from: '2021-09-01T00:00:00Z', to: '2021-09-15T00:00:00Z' },
    });
    expect(noPurpose.statusCode).toBe(400);
  });

  it('is a server function the contact-tracing module can call; guests come back by phone, unlinked', async () => {
    const [before] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from persons`,
    );
    await t.database.db
      .execute(sql`insert into checkins (venue_id, visitor_key, method, guest_phone, guest_name,
        checked_in_at, checked_out_at, province_code, district_code, commune_code)
      select id, 'g:0987000111:khach vang lai', 'guest', '0987000111', 'Khách Vãng Lai', '2021-09-03T11:30:00Z',
        '2021-09-03T11:50:00Z', province_code, district_code, commune_code from venues where id = ${venue.id}`);
    const result = await findCheckinContacts(t.database.db, systemAccess('contact-tracing'), {
      personIds: [f0],
      from: new Date('2021-09-01T00:00:00Z'),
      to: new Date('2021-09-15T00:00:00Z'),
      purpose: 'case BN-0001',
    });
    const guest = result.contacts.find((c) => c.fullName === 'Khách Vãng Lai');
    expect(guest).toMatchObject({ personId: null, guestPhone: '0987000111', overlapMinutes: 20 });
    // The guest stays out of the registry until a tracer decides (issue #9 item 2).
    const [after] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from persons`,
    );
    expect(after!.n).toBe(before!.n);
  });

  it('lists everyone at a venue in a window (venue outbreak)', async () => {
    const officer = await signInAs(t, 'district_officer', '829');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/checkins/venue-visits',
      headers: officer.headers,
      payload: {
        venueId: venue.id,
        from: '2021-09-03T11:30:00Z',
        to: '2021-09-03T11:45:00Z',
        purpose: 'Ổ dịch quán nhậu',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const names = res.json<{ visits: { fullName: string }[] }>().visits.map((v) => v.fullName);
    expect(names).toEqual(['Ca Bệnh Một', 'Khách Vãng Lai', 'Người Gần']);
  });

  it('shows adoption: registered vs active venues by district, commune and type, and quiet venues', async () => {
    await t.app.inject({
      method: 'POST',
      url: `/api/checkin/${venue.token}/guest`,
      headers: { [CSRF_HEADER]: '1' },
      payload: { phone: '0912999000', fullName: 'Khách Hôm Nay' },
    });
    const epi = await signInAs(t, 'provincial_epidemiologist', '83');
    const res = await t.app.inject({ method: 'GET', url: '/api/checkins/activity', headers: epi.headers });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json<{
      totals: { registered: number; active: number; checkinsToday: number };
      byCommune: { key: string; registered: number; active: number }[];
      quiet: { name: string }[];
    }>();
    expect(a.totals).toEqual({ registered: 2, active: 1, checkinsToday: 1 });
    expect(a.byCommune.find((c) => c.key === '28756')).toMatchObject({ registered: 1, active: 1 });
    expect(a.quiet.map((q) => q.name)).toEqual(['Quán Mỏ Cày']);
  });

  it('purges past retention by dropping day partitions, keeping what an open investigation holds', async () => {
    const officer = userAccess({
      id: venue.ownerId,
      username: 'x',
      role: 'tracer',
      jurisdiction: { level: 'province', code: '83' },
    });
    const now = new Date('2021-10-20T05:00:00Z');
    // Partitions for the days of the visits; the rows move out of the default partition into them.
    await ensurePartitions(t.database.db, { from: new Date('2021-09-03T00:00:00+07:00'), days: 2 });
    expect((await listPartitions(t.database.db)).map((p) => p.name)).toEqual([
      'checkins_p20210903',
      'checkins_p20210904',
    ]);
    const [inPart] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from checkins_p20210903`,
    );
    expect(inPart!.n).toBe(4);
    await holdCheckins(t.database.db, officer, {
      personId: f0,
      from: new Date('2021-09-03T00:00:00Z'),
      to: new Date('2021-09-04T00:00:00Z'),
      investigation: 'BN-0001',
    });
    const result = await purgeCheckins(t.database.db, now);
    expect(result.droppedPartitions).toEqual(['checkins_p20210903', 'checkins_p20210904']);
    expect(await listPartitions(t.database.db)).toEqual([]);
    // Kept: the case's visit on 3 Sept and those overlapping it (Người Gần, the guest); not "later", not 4 Sept.
    const kept = await queryRows<{ person_id: string | null }>(
      t.database.db,
      sql`select person_id from checkins where checked_in_at < '2021-10-01' order by checked_in_at`,
    );
    expect(kept.map((k) => k.person_id)).toHaveLength(3);
    expect(kept.map((k) => k.person_id)).toContain(near);
    expect(kept.map((k) => k.person_id)).not.toContain(later);
    expect(kept.map((k) => k.person_id)).not.toContain(far);
    // Released: the next purge removes them too (from the default partition, by DELETE).
    await t.database.db.execute(sql`update checkin_holds set released_at = now()`);
    const again = await purgeCheckins(t.database.db, now);
    expect(again.deletedRows).toBe(3);
    expect(await countCheckins(t, sql`checked_in_at < '2021-10-01'`)).toBe(0);
  });
});
