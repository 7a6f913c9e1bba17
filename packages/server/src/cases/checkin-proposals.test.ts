/**
 * Check-in overlap proposals follow `contact.f1Criteria` in force on the exposure's date and the
 * case page lists them longest overlap first (issue 10, item 5), on PGlite and PostgreSQL.
 *
 * Hai tests positive today. Yesterday morning he spent an hour at Phú Khương market, where people
 * keep their masks on, so the rule in force (11042/BYT-DP of 29/12/2021: 15 minutes in the same
 * closed space with a mask) needs a 15-minute overlap: Năm shopped beside him for the whole hour,
 * Bốn for exactly 15 minutes, Ba for 14. At lunch he ate at a restaurant, where people eat
 * unmasked and any overlap counts: Sáu sat there with him for 5 minutes. His wife Bảy is a
 * household contact with no duration. At interview Hai says his fever began six days ago: the
 * window moves back and Tư's 90-minute dinner with him five days ago is proposed then, after the
 * others, yet heads the list.
 */
import { localDate } from '@epilink/core';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { approvedVenue, checkinAt } from '../../test/checkin/fixtures.ts';
import { systemAccess } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import { applyTestResult } from './intake.ts';
import { caseRule } from './policy.ts';
import { COMMUNE_A, household } from './test-fixtures.ts';

let t: TestApp;
let tracer: Record<string, string>;
let official: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  tracer = (await signInAs(t, 'tracer', COMMUNE_A.communeCode)).headers;
  official = (await signInAs(t, 'commune_officer', COMMUNE_A.communeCode)).headers;
});
afterAll(async () => {
  await t?.close();
});

/** A local (UTC+7) time of day some days ago, as an ISO instant. */
function daysAgoAt(days: number, hhmm: string): string {
  const day = localDate(new Date(Date.now() - days * 86_400_000));
  return new Date(`${day}T${hhmm}:00+07:00`).toISOString();
}
const yesterdayAt = (hhmm: string): string => daysAgoAt(1, hhmm);

describe('check-in overlap proposals (issue 10, item 5)', () => {
  it('propose 15 minutes at a masked venue but not 14, any overlap where people eat, and list the longest first', async () => {
    const market = await approvedVenue(t, { name: 'Chợ Phú Khương' });
    // The fixture registers restaurants; this one is a market (masks on).
    await t.database.db.execute(sql`update venues set type = 'market' where id = ${market.id}`);
    const restaurant = await approvedVenue(t, { name: 'Quán cơm Bà Tư' });

    const [hai, bay] = await household(t, COMMUNE_A, [
      { fullName: 'Phạm Văn Hai', dateOfBirth: '1968-03-03', sex: 'male' },
      { fullName: 'Lê Thị Bảy', dateOfBirth: '1970-07-07', sex: 'female' },
    ]);
    const [ba] = await household(t, COMMUNE_A, [{ fullName: 'Trần Văn Ba', dateOfBirth: '1975-05-05' }]);
    const [bon] = await household(t, COMMUNE_A, [{ fullName: 'Ngô Thị Bốn', dateOfBirth: '1979-09-09' }]);
    const [nam] = await household(t, COMMUNE_A, [{ fullName: 'Đinh Văn Năm', dateOfBirth: '1981-01-21' }]);
    const [sau] = await household(t, COMMUNE_A, [{ fullName: 'Huỳnh Thị Sáu', dateOfBirth: '1990-10-10' }]);
    const [tu] = await household(t, COMMUNE_A, [{ fullName: 'Mai Văn Tư', dateOfBirth: '1985-04-14' }]);

    // The policy in force yesterday, which the proposals must follow.
    const rule = await caseRule(
      t.database.db,
      'contact.f1Criteria',
      localDate(new Date(Date.now() - 86_400_000)),
      'COVID-19',
    );
    expect(rule?.value.checkin).toMatchObject({ minOverlapMinutes: 15, venueTypes: null });
    expect(rule?.value.checkin?.maskOffVenueTypes).toContain('restaurant');
    expect(rule?.value.checkin?.maskOffVenueTypes).not.toContain('market');

    await checkinAt(t, market.id, hai!, yesterdayAt('09:00'), yesterdayAt('10:00'));
    await checkinAt(t, market.id, nam!, yesterdayAt('09:00'), yesterdayAt('10:00')); // 60 min
    await checkinAt(t, market.id, bon!, yesterdayAt('09:45'), yesterdayAt('10:30')); // 15 min
    await checkinAt(t, market.id, ba!, yesterdayAt('09:46'), yesterdayAt('10:30')); // 14 min
    await checkinAt(t, restaurant.id, hai!, yesterdayAt('12:00'), yesterdayAt('12:30'));
    await checkinAt(t, restaurant.id, sau!, yesterdayAt('12:25'), yesterdayAt('13:00')); // 5 min
    await checkinAt(t, restaurant.id, hai!, daysAgoAt(5, '18:00'), daysAgoAt(5, '19:30'));
    await checkinAt(t, restaurant.id, tu!, daysAgoAt(5, '18:00'), daysAgoAt(5, '19:30')); // 90 min

    const { caseId } = await t.database.db.transaction((tx) =>
      applyTestResult(
        tx,
        systemAccess('test'),
        {
          resultId: randomUUID(),
          personId: hai!,
          diseaseCode: 'COVID-19',
          testType: 'rtPcr',
          outcome: 'positive',
          ct: 22,
          sampledAt: new Date(Date.now() - 3_600_000),
          symptomatic: null,
        },
        { ip: null },
      ),
    );
    expect(caseId).toBeTruthy();

    // Ba's 14 minutes at the market are not proposed; Bốn's 15 are.
    const proposed = await queryRows<{ person_id: string; duration_minutes: number | null }>(
      t.database.db,
      sql`select person_id, duration_minutes from contacts where case_id = ${caseId} and source = 'checkin'`,
    );
    expect(new Map(proposed.map((p) => [p.person_id, p.duration_minutes]))).toEqual(
      new Map([
        [nam!, 60],
        [bon!, 15],
        [sau!, 5],
      ]),
    );

    // At interview: fever since six days ago, so the window starts eight days ago and Tư's dinner
    // five days ago is proposed now, in a later transaction than the others.
    const onset = localDate(new Date(Date.now() - 6 * 86_400_000));
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/cases/${caseId}`,
      headers: official,
      payload: { onsetDate: onset, symptomatic: true },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const [later] = await queryRows<{ later: boolean }>(
      t.database.db,
      sql`select (select created_at from contacts where case_id = ${caseId} and person_id = ${tu!})
          > (select max(created_at) from contacts where case_id = ${caseId} and person_id <> ${tu!}) as later`,
    );
    expect(later!.later).toBe(true);

    // The case page and its contact list: longest overlap first, the household member after.
    const page = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: tracer });
    expect(page.statusCode, page.body).toBe(200);
    const listed = page
      .json<{ contacts: { fullName: string; durationMinutes: number | null; source: string }[] }>()
      .contacts.map((c) => [c.fullName, c.source, c.durationMinutes]);
    expect(listed).toEqual([
      ['Mai Văn Tư', 'checkin', 90],
      ['Đinh Văn Năm', 'checkin', 60],
      ['Ngô Thị Bốn', 'checkin', 15],
      ['Huỳnh Thị Sáu', 'checkin', 5],
      ['Lê Thị Bảy', 'household', null],
    ]);
    const list = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/contacts`, headers: tracer });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ items: { personId: string }[] }>().items.map((c) => c.personId)).toEqual([
      tu,
      nam,
      bon,
      sau,
      bay,
    ]);
  });
});
