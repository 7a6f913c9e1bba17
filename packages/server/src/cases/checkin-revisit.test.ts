/**
 * A check-in corrected away takes its venue-overlap contacts with it (#16 item 3), on PGlite and
 * PostgreSQL. Hai tests positive; yesterday he lunched at a restaurant (any overlap counts where
 * people eat) with Sáu beside him for 5 minutes and Năm for 20. The tracer confirms Năm (an order
 * is proposed). Then Hai's correction request is accepted: that lunch check-in was not his (his
 * phone was lent). Sáu's proposal, resting only on it, is dismissed; Năm's contact was a tracer's
 * decision, so it stands and the commune's quarantine worklist gets an alert on his order.
 *
 * A check-in moved by a correction also proposes what its new stay supports: Chín's phone clock
 * put his café visit in the afternoon, when he was there with Tám, who tests positive, in the
 * morning; Tám's own evening check-in at a restaurant really was at lunch, beside Mười.
 */
import { localDate } from '@epilink/core';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedVenue, checkinAt } from '../../test/checkin/fixtures.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { systemAccess } from '../access/context.ts';
import { correctCheckin } from '../checkin/correct.ts';
import { queryRows } from '../db/client.ts';
import { applyTestResult } from './intake.ts';
import { COMMUNE_A, household } from './test-fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const yesterdayAt = (hhmm: string): string =>
  new Date(`${localDate(new Date(Date.now() - 86_400_000))}T${hhmm}:00+07:00`).toISOString();

describe('a voided check-in and the contacts it produced', () => {
  it('dismisses the proposal it alone supported and flags the confirmed contact for review', async () => {
    const restaurant = await approvedVenue(t, { name: 'Quán cơm Bến Tre' });
    const [hai] = await household(t, COMMUNE_A, [{ fullName: 'Phạm Văn Hai', dateOfBirth: '1968-03-03' }]);
    const [sau] = await household(t, COMMUNE_A, [{ fullName: 'Huỳnh Thị Sáu', dateOfBirth: '1990-10-10' }]);
    const [nam] = await household(t, COMMUNE_A, [{ fullName: 'Đinh Văn Năm', dateOfBirth: '1981-01-21' }]);
    await checkinAt(t, restaurant.id, hai!, yesterdayAt('12:00'), yesterdayAt('12:30'));
    await checkinAt(t, restaurant.id, sau!, yesterdayAt('12:25'), yesterdayAt('13:00'));
    await checkinAt(t, restaurant.id, nam!, yesterdayAt('12:10'), yesterdayAt('12:50'));
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
    const contactOf = async (personId: string) =>
      (
        await queryRows<{ id: string; status: string }>(
          t.database.db,
          sql`select id, status from contacts where case_id = ${caseId} and person_id = ${personId}`,
        )
      )[0]!;
    const tracer = await signInAs(t, 'tracer', COMMUNE_A.communeCode);
    const confirm = await t.app.inject({
      method: 'POST',
      url: `/api/contacts/${(await contactOf(nam!)).id}/decision`,
      headers: tracer.headers,
      payload: { decision: 'confirm' },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);

    const [lunch] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id::text from checkins where person_id = ${hai!} and venue_id = ${restaurant.id}`,
    );
    const correctionRequestId = randomUUID();
    await t.database.db.transaction((tx) =>
      correctCheckin(
        tx,
        systemAccess('correction'),
        { ip: null },
        lunch!.id,
        { void: true },
        { correctionRequestId },
      ),
    );

    expect((await contactOf(sau!)).status).toBe('dismissed');
    expect((await contactOf(nam!)).status).toBe('confirmed');
    const alerts = await queryRows<{ kind: string; order_status: string }>(
      t.database.db,
      sql`select a.kind, o.status as order_status from quarantine_alerts a join quarantine_orders o on o.id = a.order_id
        where a.person_id = ${nam!} and a.status = 'open'`,
    );
    expect(alerts).toEqual([{ kind: 'exposureVoided', order_status: 'proposed' }]);
    const trail = await queryRows<{ e: string }>(
      t.database.db,
      sql`select entity || ':' || array_to_string(fields, ',') as e from audit_log
        where details->>'correctionRequestId' = ${correctionRequestId} order by id`,
    );
    expect(trail.map((r) => r.e)).toEqual(['checkin:voided', 'contact:status', 'quarantine_alert:level']);
  });
});

describe('a moved check-in and the contacts its new stay supports', () => {
  it('proposes the F0 met at the corrected time, and the people an F0 met there, once', async () => {
    const cafe = await approvedVenue(t, { name: 'Cà phê Hàm Luông' });
    const quan = await approvedVenue(t, { name: 'Quán cơm Tám Chín' });
    const [tam] = await household(t, COMMUNE_A, [{ fullName: 'Võ Văn Tám', dateOfBirth: '1972-08-08' }]);
    const [chin] = await household(t, COMMUNE_A, [{ fullName: 'Lý Văn Chín', dateOfBirth: '1989-09-09' }]);
    const [muoi] = await household(t, COMMUNE_A, [{ fullName: 'Đỗ Thị Mười', dateOfBirth: '1991-10-10' }]);
    await checkinAt(t, cafe.id, tam!, yesterdayAt('09:00'), yesterdayAt('09:40'));
    await checkinAt(t, cafe.id, chin!, yesterdayAt('15:00'), yesterdayAt('15:30'));
    await checkinAt(t, quan.id, tam!, yesterdayAt('19:00'), yesterdayAt('19:30'));
    await checkinAt(t, quan.id, muoi!, yesterdayAt('12:00'), yesterdayAt('12:45'));
    const { caseId } = await t.database.db.transaction((tx) =>
      applyTestResult(
        tx,
        systemAccess('test'),
        {
          resultId: randomUUID(),
          personId: tam!,
          diseaseCode: 'COVID-19',
          testType: 'rtPcr',
          outcome: 'positive',
          ct: 20,
          sampledAt: new Date(Date.now() - 3_600_000),
          symptomatic: null,
        },
        { ip: null },
      ),
    );
    const contacts = () =>
      queryRows<{ person_id: string; status: string; venue_id: string; duration_minutes: number }>(
        t.database.db,
        sql`select person_id, status, venue_id, duration_minutes from contacts where case_id = ${caseId}
          order by duration_minutes`,
      );
    expect(await contacts()).toEqual([]); // nobody met as checked in
    const checkinOf = async (personId: string, venueId: string) =>
      (
        await queryRows<{ id: string }>(
          t.database.db,
          sql`select id::text from checkins where person_id = ${personId} and venue_id = ${venueId}`,
        )
      )[0]!.id;
    const move = (checkinId: string, checkedInAt: string, correctionRequestId: string) =>
      t.database.db.transaction((tx) =>
        correctCheckin(
          tx,
          systemAccess('correction'),
          { ip: null },
          checkinId,
          { checkedInAt },
          { correctionRequestId },
        ),
      );

    // Chín's visit moved to 09:10: 30 minutes beside Tám.
    const chinFix = randomUUID();
    await move(await checkinOf(chin!, cafe.id), yesterdayAt('09:10'), chinFix);
    expect(await contacts()).toEqual([
      { person_id: chin!, status: 'proposed', venue_id: cafe.id, duration_minutes: 30 },
    ]);
    // Tám's own evening check-in moved to 12:30: Mười is proposed, 15 minutes.
    await move(await checkinOf(tam!, quan.id), yesterdayAt('12:30'), randomUUID());
    expect((await contacts()).map((c) => [c.person_id, c.duration_minutes])).toEqual([
      [muoi!, 15],
      [chin!, 30],
    ]);
    // Moved again within the overlap: the same contact stands, nothing twice.
    await move(await checkinOf(chin!, cafe.id), yesterdayAt('09:05'), randomUUID());
    expect(await contacts()).toHaveLength(2);

    const trail = await queryRows<{ e: string }>(
      t.database.db,
      sql`select entity || ':' || array_to_string(fields, ',') as e from audit_log
        where details->>'correctionRequestId' = ${chinFix} order by id`,
    );
    expect(trail.map((r) => r.e)).toEqual(['checkin:checkedInAt,checkedOutAt', 'contact:proposal']);
    const events = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from outbox where topic = 'contact.proposed' and payload->>'caseId' = ${caseId}`,
    );
    expect(events[0]!.n).toBe(2);
  });
});
