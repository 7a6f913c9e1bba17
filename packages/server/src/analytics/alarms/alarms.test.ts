import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { policyRules } from '../../db/schema/index.ts';
import { createTestApp, signInAs } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import type { AlarmView } from './service.ts';
import { scanAlarms } from './scan.ts';

/** Background cases by report over the 11 days before today (oldest first); 30 today. */
const BACKGROUND = [2, 3, 2, 1, 2, 3, 2, 2, 3, 2, 1];
const BURST = 30;

/**
 * Xã Trà Côn (29836) reports a handful of COVID-19 cases a day for eleven days, then 30 today —
 * inserted in one statement. The hourly scan raises the burst once (EARS C1 and C2 and the weekly
 * incidence; C3's guard band hides nothing here but its two previous days were quiet), even when it
 * runs twice. The commune's officer finds the alarms in the jurisdiction's list and acknowledges
 * one with a note, audited; the officer of another commune (Phường Phú Khương, 28756) can neither
 * see nor acknowledge them.
 */
describe('an early-warning alarm raised, seen and acknowledged', () => {
  let t: TestApp;
  let officer: Record<string, string>;
  let officerId: string;
  let otherCommune: Record<string, string>;
  const day = today();

  beforeAll(async () => {
    t = await createTestApp();
    await t.database.db.execute(sql`
      with counts(k, n) as (select k, n::int from jsonb_array_elements_text(${JSON.stringify([...BACKGROUND, BURST])}::jsonb)
        with ordinality as x(n, k)),
      days as (
        select k, i, ${day}::date - 12 + k::int as report
        from counts, generate_series(1, n) i),
      people as (
        insert into persons (full_name, name_key, province_code, commune_code, source)
        select 'Ca ' || k || '-' || i, 'ca ' || k || '-' || i, '86', '29836', 'test' from days
        returning id, full_name)
      insert into cases (person_id, disease_code, classification, onset_date, sample_date, status,
                         province_code, district_code, commune_code)
      select p.id, 'COVID-19', 'confirmed', d.report - 2, d.report, 'open', '86', '831', '29836'
      from days d join people p on p.full_name = 'Ca ' || d.k || '-' || d.i`);
    ({ headers: officer, userId: officerId } = await signInAs(t, 'commune_officer', '29836'));
    ({ headers: otherCommune } = await signInAs(t, 'commune_officer', '28756'));
  });
  afterAll(() => t?.close());

  const list = async (headers: Record<string, string>, status = 'open') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/analytics/alarms?status=${status}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ alarms: AlarmView[] }>().alarms;
  };
  const acknowledge = (headers: Record<string, string>, id: string, note: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/analytics/alarms/${id}/acknowledge`,
      headers,
      payload: { note },
    });

  it('the scan raises the burst once, even when it runs twice', async () => {
    const first = await scanAlarms(t.database, day);
    expect(first).toMatchObject({ ran: true, raised: 3 });
    expect(first.evaluated).toBeGreaterThanOrEqual(1);
    const second = await scanAlarms(t.database, day);
    expect(second).toMatchObject({ ran: true, raised: 0 });

    const stored = await queryRows<{ method: string; observed: number; threshold: number }>(
      t.database.db,
      sql`select method, observed, threshold from analytics_alarms where commune_code = '29836' order by method`,
    );
    expect(stored.map((a) => a.method)).toEqual(['C1', 'C2', 'weeklyIncidence']);
    expect(stored[0]).toMatchObject({ observed: BURST });
    expect(stored[0]!.threshold).toBeLessThan(BURST);
    // 7 days: 2 + 3 + 2 + 2 + 3 + 2 + 1 + … the last six background days and the burst, per
    // 100,000 of the commune's registered residents (the people inserted above), against 50.
    const week = BACKGROUND.slice(-6).reduce((a, b) => a + b, 0) + BURST;
    const residents = BACKGROUND.reduce((a, b) => a + b, 0) + BURST;
    expect(stored[2]!.observed).toBeCloseTo(Math.round(((week * 100_000) / residents) * 10) / 10, 0);
    expect(stored[2]!.threshold).toBe(50);

    const audited = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity = 'analytics_alarm' and action = 'create'`,
    );
    expect(audited[0]!.n).toBe(3);
    const events = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from live_events where event->>'kind' = 'alarm'`,
    );
    expect(events[0]!.n).toBe(3);
  });

  it("another commune's officer neither sees nor acknowledges them", async () => {
    expect(await list(otherCommune, 'all')).toEqual([]);
    const [alarm] = await list(officer);
    const res = await acknowledge(otherCommune, alarm!.id, 'Không phải xã tôi');
    expect(res.statusCode).toBe(404);
    expect((await list(officer)).map((a) => a.status)).toEqual(['open', 'open', 'open']);
  });

  it("the commune's officer acknowledges one with a note, audited; a second time is refused", async () => {
    const alarms = await list(officer);
    expect(alarms).toHaveLength(3);
    expect(alarms[0]).toMatchObject({ communeCode: '29836', disease: 'COVID-19', day, status: 'open' });
    expect(alarms[0]!.communeName).toBeTruthy();
    const c1 = alarms.find((a) => a.method === 'C1')!;

    const res = await acknowledge(officer, c1.id, 'Đã cử đội điều tra ổ dịch');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<AlarmView>()).toMatchObject({
      id: c1.id,
      status: 'acknowledged',
      note: 'Đã cử đội điều tra ổ dịch',
    });
    expect((await list(officer)).map((a) => a.method)).toEqual(['C2', 'weeklyIncidence']);

    const audit = await queryRows<{ actorId: string; action: string }>(
      t.database.db,
      sql`select actor_id as "actorId", action from audit_log where entity = 'analytics_alarm' and entity_id = ${c1.id}
        and action = 'update'`,
    );
    expect(audit).toEqual([{ actorId: officerId, action: 'update' }]);
    expect((await acknowledge(officer, c1.id, 'Lần nữa')).statusCode).toBe(409);
  });

  it('refuses a note too short and an id that is not one', async () => {
    const [alarm] = await list(officer);
    expect((await acknowledge(officer, alarm!.id, ' ')).statusCode).toBe(400);
    expect((await acknowledge(officer, 'not-an-id', 'Ghi chú')).statusCode).toBe(400);
    expect((await list(officer)).map((a) => a.status)).toEqual(['open', 'open']);
  });

  it('follows the weekly-incidence threshold in force on the day scanned (dated policy)', async () => {
    // Tomorrow the burst is a day old: EARS is quiet, the 7-day incidence still above 50.
    const tomorrow = addDays(day, 1);
    const rule = {
      key: 'earlyWarning.weeklyIncidence',
      diseaseCode: 'COVID-19',
      value: { per100k: 1_000_000 },
      source: { document: 'test: a province raising its threshold' },
      verification: 'confirmed' as const,
    };
    await t.database.db.insert(policyRules).values({ ...rule, effectiveFrom: addDays(day, 2) });
    expect(await scanAlarms(t.database, tomorrow)).toMatchObject({ raised: 1 });
    // Three days on the burst is still in the week, but the province's new threshold is in force.
    expect(await scanAlarms(t.database, addDays(day, 3))).toMatchObject({ raised: 0 });
    const raised = await queryRows<{ day: string; method: string; threshold: number }>(
      t.database.db,
      sql`select day::text as day, method, threshold from analytics_alarms where day > ${day}`,
    );
    expect(raised).toEqual([{ day: tomorrow, method: 'weeklyIncidence', threshold: 50 }]);
  });
});
