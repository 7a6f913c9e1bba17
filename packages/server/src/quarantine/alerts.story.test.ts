/**
 * Story (issue #16 items 3–4, MUST-SHOW): Lan, an F1 under self-monitoring, fills in her form from
 * the SMS link; at 08:00 her SpO2 is 94 %: an alert is raised at once on the commune's worklist
 * with her phone and the hotlines. Nobody acknowledges it: at the policy delay (30 min) it goes to
 * the district, 30 min later to the province — driven by a controlled clock, every step audited
 * and published live. Two missed forms in a row raise an alert of their own.
 */
import { addDays, localTime, today } from '@epilink/core';
import type { HealthReadings } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { ANONYMOUS } from '../access/context.ts';
import { COMMUNE_A } from '../cases/test-fixtures.ts';
import { queryRows } from '../db/client.ts';
import { quarantineTick } from './alerts.ts';
import { submitForm } from './forms.ts';
import { exposures } from './test-fixtures.ts';

const DAY = today();
const YESTERDAY = addDays(DAY, -1);
const calm: HealthReadings = {
  symptoms: [],
  temperatureC: 37,
  spo2: 98,
  pulse: 80,
  respiratoryRate: 16,
  systolic: 120,
  diastolic: 80,
};

interface Worklist {
  alerts: { items: { id: string; phone: string | null; level: string; signs: { code: string }[] }[] };
}

describe('a warning sign at 08:00 climbs commune → district → province when nobody acknowledges it', () => {
  let t: TestApp;
  let commune: Record<string, string>;
  let district: Record<string, string>;
  let province: Record<string, string>;
  let orderId: string;
  let token: string;
  let alertId: string;
  const at = (h: number, m = 0) => localTime(DAY, h, m);
  const tick = (now: Date) => quarantineTick(t.database.db, now);
  const worklist = async (headers: Record<string, string>) =>
    (await t.app.inject({ method: 'GET', url: '/api/quarantine/worklist', headers })).json<Worklist>();
  const level = async () =>
    (
      await queryRows<{ level: string }>(
        t.database.db,
        sql`select level from quarantine_alerts where id = ${alertId}`,
      )
    )[0]!.level;
  /** The person's form through the service at a controlled time (the link's route uses the real clock). */
  const formAt = (now: Date, readings: HealthReadings, id = orderId) =>
    t.database.db.transaction((tx) =>
      submitForm(
        tx,
        { access: ANONYMOUS, origin: { ip: null } },
        { orderId: id, access: null, workerId: null, readings },
        now,
      ),
    );

  beforeAll(async () => {
    t = await createTestApp();
    const { contacts } = await exposures(t, COMMUNE_A, [YESTERDAY, '2022-03-01']);
    ({ headers: commune } = await signInAs(t, 'commune_officer', COMMUNE_A.communeCode));
    ({ headers: district } = await signInAs(t, 'district_officer', COMMUNE_A.districtCode));
    ({ headers: province } = await signInAs(t, 'provincial_epidemiologist', COMMUNE_A.provinceCode));
    for (const id of contacts.values()) {
      await t.app.inject({
        method: 'POST',
        url: `/api/contacts/${id}/decision`,
        headers: commune,
        payload: { decision: 'confirm' },
      });
    }
    const ids = (
      await queryRows<{ id: string }>(
        t.database.db,
        sql`select id from quarantine_orders order by start_date desc`,
      )
    ).map((r) => r.id);
    orderId = ids[0]!;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/quarantine/orders/confirm',
      headers: commune,
      payload: { ids },
    });
    expect(res.json()).toEqual({ confirmed: 2 });
    const [sms] = await queryRows<{ body: string }>(
      t.database.db,
      sql`select payload->>'body' as body from outbox where topic = 'notification.send' order by id limit 1`,
    );
    token = /\/q\/(\S+)/u.exec(sms!.body)![1]!;
  });
  afterAll(() => t?.close());

  it('the SMS link opens Lan’s form without sign-in; a forged link does not', async () => {
    const open = await t.app.inject({ method: 'GET', url: `/api/public/quarantine/forms/${token}` });
    expect(open.statusCode).toBe(200);
    expect(open.json()).toMatchObject({ kind: 'monitoring', hotlines: { advice: '1022', emergency: '115' } });
    const forged = `${token.slice(0, -2)}xx`;
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/public/quarantine/forms/${forged}`,
      headers: { 'accept-language': 'en' },
    });
    expect(bad.statusCode).toBe(404);
    expect(bad.json<{ error: { message: string } }>().error.message).toBe(
      'The health form link is not valid or the order has ended.',
    );
    const fine = await t.app.inject({
      method: 'POST',
      url: `/api/public/quarantine/forms/${token}`,
      payload: { spo2: 98, pulse: 80 },
    });
    expect(fine.json()).toMatchObject({ signs: [], alertId: null });
    const nonsense = await t.app.inject({
      method: 'POST',
      url: `/api/public/quarantine/forms/${token}`,
      payload: { spo2: 'low' },
    });
    expect(nonsense.statusCode).toBe(400);
  });

  it('08:00 — SpO2 94 %: an alert at once on the commune’s worklist with Lan’s phone, not yet the district’s', async () => {
    const outcome = await formAt(at(8), { ...calm, spo2: 94 });
    expect(outcome.signs).toEqual([{ code: 'spo2', value: 94, threshold: 96 }]);
    alertId = outcome.alertId!;
    const seen = (await worklist(commune)).alerts.items.find((a) => a.id === alertId);
    expect(seen).toMatchObject({ phone: '0912000002', level: 'commune', signs: [{ code: 'spo2' }] });
    expect((await worklist(district)).alerts.items.map((a) => a.id)).not.toContain(alertId);
  });

  it('08:29 still the commune; 08:30 the district; 08:59 still the district; 09:00 the province', async () => {
    await tick(at(8, 29));
    expect(await level()).toBe('commune');
    await tick(at(8, 30));
    expect(await level()).toBe('district');
    expect((await worklist(district)).alerts.items.map((a) => a.id)).toContain(alertId);
    expect((await worklist(province)).alerts.items.map((a) => a.id)).not.toContain(alertId);
    await tick(at(8, 59));
    expect(await level()).toBe('district');
    await tick(at(9));
    expect(await level()).toBe('province');
    expect((await worklist(province)).alerts.items.map((a) => a.id)).toContain(alertId);
  });

  it('every step is audited and published live', async () => {
    const audit = await queryRows<{ action: string; details: { to?: string } }>(
      t.database.db,
      sql`select action, details from audit_log where entity = 'quarantine_alert' and entity_id = ${alertId} order by id`,
    );
    expect(audit.map((a) => [a.action, a.details.to ?? null])).toEqual([
      ['create', null],
      ['update', 'district'],
      ['update', 'province'],
    ]);
    const live = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from live_events where event->>'kind' = 'quarantineAlert' and event->>'id' = ${alertId}`,
    );
    expect(live[0]!.n).toBe(3);
  });

  it('an alert acknowledged in time stays where it is', async () => {
    const second = await formAt(at(10), { ...calm, symptoms: ['breathingDifficulty'] });
    const ack = await t.app.inject({
      method: 'POST',
      url: `/api/quarantine/alerts/${second.alertId!}/acknowledge`,
      headers: commune,
      payload: { note: 'Đã gọi điện, chuyển viện' },
    });
    expect(ack.statusCode).toBe(204);
    await tick(at(12));
    const [row] = await queryRows<{ level: string; status: string }>(
      t.database.db,
      sql`select level, status from quarantine_alerts where id = ${second.alertId!}`,
    );
    expect(row).toEqual({ level: 'commune', status: 'acknowledged' });
  });

  it('two missed forms in a row raise one alert', async () => {
    // The 2022 home quarantine, confirmed at 07:00 on 1/3/2022: the afternoon and next morning forms never came.
    const [old] = await queryRows<{ id: string }>(
      t.database.db,
      sql`update quarantine_orders set confirmed_at = ${localTime('2022-03-01', 7).toISOString()}::timestamptz
        where start_date = '2022-03-01' returning id`,
    );
    expect((await tick(localTime('2022-03-01', 18, 1))).raised).toBe(0);
    expect((await tick(localTime('2022-03-02', 10, 1))).raised).toBe(1);
    expect((await tick(localTime('2022-03-02', 10, 2))).raised).toBe(0);
    const [alert] = await queryRows<{ kind: string; signs: unknown }>(
      t.database.db,
      sql`select kind, signs from quarantine_alerts where order_id = ${old!.id}`,
    );
    expect(alert).toEqual({ kind: 'missedForms', signs: [{ code: 'missedForms', count: 2 }] });
  });
});
