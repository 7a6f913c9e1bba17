/**
 * Story (issue #16 item 7): a campaign over Phường Phú Khương; its round's progress is shown by
 * hamlet, read from the residents' address lines (the registry has no hamlet field); the residents
 * of Khu phố 2 not yet tested are texted an invitation through the SMS outbox (one audit row, the
 * person without a phone counted apart); another area's officer finds no such campaign (404).
 * A coming round gets slots at its site; an officer books a household into one (a full slot is
 * refused); invitations are sent once per person and round, and a resident books the slot they
 * tap on their SMS link, without signing in.
 */
import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { systemAccess } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import { siteAt } from '../testing/test-fixtures.ts';
import { scheduleRound } from './rounds.ts';

const PLACE = { provinceCode: '86', districtCode: '831', communeCode: '28756' };

describe('campaign progress by hamlet and SMS invitations', () => {
  let t: TestApp;
  let officer: Record<string, string>;
  let zoneId: string;
  let roundId: string;
  let siteId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const [zone] = await queryRows<{ id: string }>(
      t.database.db,
      sql`with p as (
            insert into persons (full_name, name_key, province_code, district_code, commune_code, address, phone, source)
            select 'Cư Dân ' || g, 'cu dan ' || g, '86', '831', '28756',
              case when g <= 3 then 'Số ' || g || ', Khu phố 2, Phường Phú Khương'
                   when g <= 5 then 'Số ' || g || ', khu phố 10, Phường Phú Khương'
                   else 'Số ' || g || ' Đồng Khởi' end,
              case when g = 3 then null else '09120000' || lpad(g::text, 2, '0') end, 'test'
            from generate_series(1, 6) g returning id),
          z as (
            insert into zones (kind, name, reason, decision_ref, starts_on, drawn_by, target_percent,
              province_code, district_code, commune_code)
            values ('campaign', 'Xét nghiệm diện rộng Phú Khương', 'sàng lọc', '12/QĐ', '2021-08-01', 'units', 90,
              '86', '831', '28756') returning id),
          u as (insert into zone_units (zone_id, commune_code, district_code) select id, '28756', '831' from z)
          select z.id from z, (select count(*) from p) c`,
    );
    zoneId = zone!.id;
    siteId = await siteAt(t.database.db, PLACE, 'Trường THPT Phú Khương');
    const round = await scheduleRound(t.database.db, systemAccess('test'), { ip: null }, zoneId, {
      startsOn: '2021-08-02',
      endsOn: '2021-08-03',
      siteId,
    });
    roundId = round.id;
    ({ headers: officer } = await signInAs(t, 'district_officer', '831'));
  });
  afterAll(() => t?.close());

  it('shows the round by hamlet, an address without one apart', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/zones/${zoneId}/rounds/${roundId}/hamlets`,
      headers: officer,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ items: unknown[] }>().items).toEqual([
      { communeCode: '28756', hamlet: 'Khu phố 2', members: 3, tested: 0, positives: 0, testedPercent: 0 },
      { communeCode: '28756', hamlet: 'Khu phố 10', members: 2, tested: 0, positives: 0, testedPercent: 0 },
      { communeCode: '28756', hamlet: null, members: 1, tested: 0, positives: 0, testedPercent: 0 },
    ]);
  });

  it('texts the untested of one hamlet through the SMS outbox, audited once; outside: 404', async () => {
    const before = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from outbox where topic = 'notification.send'`,
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/zones/${zoneId}/rounds/${roundId}/invitations`,
      headers: officer,
      payload: { hamlet: 'khu phố 2' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ invited: 2, alreadyInvited: 0, withoutPhone: 1 });
    const sms = await queryRows<{ to: string; body: string }>(
      t.database.db,
      sql`select payload->>'to' as "to", payload->>'body' as body from outbox
          where topic = 'notification.send' order by id desc limit 2`,
    );
    expect(sms.map((s) => s.to).sort()).toEqual(['0912000001', '0912000002']);
    expect(sms[0]!.body).toContain('Xét nghiệm diện rộng Phú Khương');
    expect(sms[0]!.body).toMatch(/http:\/\/\S+\/xn\/[0-9a-f-]{36}\.\S{22}$/u);
    const after = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from outbox where topic = 'notification.send'`,
    );
    expect(after[0]!.n - before[0]!.n).toBe(2);
    const audit = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity = 'zone_invitation' and entity_id = ${roundId}`,
    );
    expect(audit[0]!.n).toBe(1);
    const { headers: other } = await signInAs(t, 'district_officer', '832');
    const outside = await t.app.inject({
      method: 'POST',
      url: `/api/zones/${zoneId}/rounds/${roundId}/invitations`,
      headers: other,
      payload: {},
    });
    expect(outside.statusCode).toBe(404);
  });

  it('books a household into a slot, refuses a full one, invites once and books from the SMS link', async () => {
    const db = t.database.db;
    const day = addDays(today(), 1);
    const coming = await scheduleRound(db, systemAccess('test'), { ip: null }, zoneId, {
      startsOn: day,
      endsOn: addDays(day, 1),
      siteId,
    });
    const base = `/api/zones/${zoneId}/rounds/${coming.id}`;
    const post = (url: string, payload: object, headers = officer) =>
      t.app.inject({ method: 'POST', url, headers, payload });
    const added = await post(`${base}/slots`, {
      siteId,
      day,
      from: '07:00',
      to: '08:00',
      minutes: 30,
      capacity: 2,
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toEqual({ added: 2 });
    const outside = await post(`${base}/slots`, {
      siteId,
      day: '2030-01-01',
      from: '07:00',
      to: '08:00',
      minutes: 30,
      capacity: 2,
    });
    expect(outside.statusCode).toBe(400);
    expect(
      outside.json<{ error: { details: { messageKey: string }[] } }>().error.details[0]!.messageKey,
    ).toBe('campaigns.errors.dayOutside');
    const listed = await t.app.inject({ method: 'GET', url: `${base}/slots`, headers: officer });
    const [site] = listed.json<{ sites: { id: string; sessions: { id: string }[] }[] }>().sites;
    const [first, second] = site!.sessions;
    const people = await queryRows<{ id: string; name: string }>(
      db,
      sql`select id, full_name as name from persons where full_name like 'Cư Dân %' order by full_name`,
    );
    const id = (n: number) => people.find((p) => p.name === `Cư Dân ${n}`)!.id;
    await db.execute(sql`with h as (insert into households (commune_code, district_code, province_code, address)
        values ('28756', '831', '86', 'Số 1') returning id)
      update persons set household_id = (select id from h) where full_name in ('Cư Dân 1', 'Cư Dân 2')`);
    const household = await post(`${base}/bookings`, {
      personId: id(1),
      sessionId: first!.id,
      household: true,
    });
    expect(household.statusCode, household.body).toBe(200);
    expect(household.json()).toMatchObject({ booked: 2, siteName: 'Trường THPT Phú Khương' });
    const full = await post(`${base}/bookings`, { personId: id(3), sessionId: first!.id });
    expect(full.statusCode).toBe(409);
    const invite = await post(`${base}/invitations`, {});
    expect(invite.json()).toEqual({ invited: 5, alreadyInvited: 0, withoutPhone: 1 });
    const again = await post(`${base}/invitations`, {});
    expect(again.json()).toEqual({ invited: 0, alreadyInvited: 5, withoutPhone: 1 });
    const [sms] = await queryRows<{ body: string }>(
      db,
      sql`select payload->>'body' as body from outbox where topic = 'notification.send'
          and payload->>'to' = '0912000004' order by id desc limit 1`,
    );
    const token = /\/xn\/(\S+)$/u.exec(sms!.body)![1]!;
    const page = await t.app.inject({ method: 'GET', url: `/api/public/campaign-bookings/${token}` });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).not.toContain('Cư Dân');
    const offered = page.json<{ current: unknown; sites: { sessions: { id: string }[] }[] }>();
    expect(offered.current).toBeNull();
    expect(offered.sites.flatMap((s) => s.sessions.map((x) => x.id))).toEqual([second!.id]);
    const csrf = { 'x-epilink-csrf': '1' };
    const booked = await post(`/api/public/campaign-bookings/${token}`, { sessionId: second!.id }, csrf);
    expect(booked.statusCode, booked.body).toBe(200);
    const forged = await post(
      `/api/public/campaign-bookings/${token.slice(0, -2)}xx`,
      { sessionId: second!.id },
      csrf,
    );
    expect(forged.statusCode).toBe(404);
    const places = await queryRows<{ booked: number }>(
      db,
      sql`select booked from test_sessions where id in (${first!.id}::uuid, ${second!.id}::uuid) order by starts_at`,
    );
    expect(places.map((p) => p.booked)).toEqual([2, 1]);
  });
});
