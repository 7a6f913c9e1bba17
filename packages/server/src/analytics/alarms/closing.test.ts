import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { policyRules } from '../../db/schema/index.ts';
import { createTestApp, signInAs } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import type { AlarmView } from './service.ts';
import { catchUpScans, scanAlarms } from './scan.ts';

/** Cases by report over the 11 days before the burst day (oldest first), then the burst. */
const COUNTS = [2, 3, 2, 1, 2, 3, 2, 2, 3, 2, 1, 30];

/**
 * Xã Trà Côn (29836) has a burst of COVID-19 cases on day D, and nothing after. The server was
 * down for two days before D: the scan catches those days up without raising anything twice. The
 * commune's officer resolves one alarm with a note; the others stay tasks while the 7-day
 * incidence stays high, and close themselves once the commune has raised no alarm for the
 * province's rule of 3 quiet days — audited, announced, and no longer in the active list.
 */
describe('early-warning alarms: catching up missed days and closing', () => {
  let t: TestApp;
  let officer: Record<string, string>;
  let officerId: string;
  let otherCommune: Record<string, string>;
  const day = today();

  beforeAll(async () => {
    t = await createTestApp();
    await t.database.db.execute(sql`
      with counts(k, n) as (select k, n::int from jsonb_array_elements_text(${JSON.stringify(COUNTS)}::jsonb)
        with ordinality as x(n, k)),
      days as (select k, i, ${day}::date - 12 + k::int as report from counts, generate_series(1, n) i),
      people as (
        insert into persons (full_name, name_key, province_code, commune_code, source)
        select 'Ca ' || k || '-' || i, 'ca ' || k || '-' || i, '86', '29836', 'test' from days
        returning id, full_name)
      insert into cases (person_id, disease_code, classification, onset_date, sample_date, status,
                         province_code, district_code, commune_code)
      select p.id, 'COVID-19', 'confirmed', d.report - 2, d.report, 'open', '86', '831', '29836'
      from days d join people p on p.full_name = 'Ca ' || d.k || '-' || d.i`);
    // The commune's 53 registered residents are the cases themselves: a threshold of 50,000 per
    // 100,000 keeps the background weeks (≤ 15 cases) quiet and the weeks with the burst above.
    await t.database.db.insert(policyRules).values([
      {
        key: 'earlyWarning.alarmClosing',
        diseaseCode: 'COVID-19',
        value: { quietDays: 3 },
        effectiveFrom: addDays(day, -30),
        source: { document: 'test: the province closes alarms after 3 quiet days' },
        verification: 'confirmed',
      },
      {
        key: 'earlyWarning.weeklyIncidence',
        diseaseCode: 'COVID-19',
        value: { per100k: 50_000 },
        effectiveFrom: addDays(day, -30),
        source: { document: 'test: a threshold for a commune of 53 residents' },
        verification: 'confirmed',
      },
    ]);
    ({ headers: officer, userId: officerId } = await signInAs(t, 'commune_officer', '29836'));
    ({ headers: otherCommune } = await signInAs(t, 'commune_officer', '28756'));
  });
  afterAll(() => t?.close());

  const list = async (headers: Record<string, string>, status: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/analytics/alarms?status=${status}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ alarms: AlarmView[] }>().alarms;
  };
  const close = (headers: Record<string, string>, id: string, note: string) =>
    t.app.inject({ method: 'POST', url: `/api/analytics/alarms/${id}/close`, headers, payload: { note } });

  it('catches up the days the server missed, and a second pass raises nothing twice', async () => {
    expect(await scanAlarms(t.database, addDays(day, -2))).toMatchObject({ ran: true, raised: 0 });
    const missed = await catchUpScans(t.database, day);
    expect(missed.map((r) => r.day)).toEqual([addDays(day, -2), addDays(day, -1), day]);
    expect(missed.map((r) => r.raised)).toEqual([0, 0, 3]);
    const again = await catchUpScans(t.database, day);
    expect(again.map((r) => [r.day, r.raised])).toEqual([[day, 0]]);
    expect((await list(officer, 'active')).map((a) => a.method)).toEqual(['C1', 'C2', 'weeklyIncidence']);
  });

  it('the officer resolves an alarm with a note; elsewhere it does not exist; twice is refused', async () => {
    const c1 = (await list(officer, 'active')).find((a) => a.method === 'C1')!;
    expect((await close(otherCommune, c1.id, 'Không phải xã tôi')).statusCode).toBe(404);
    expect((await close(officer, c1.id, ' ')).statusCode).toBe(400);
    const res = await close(officer, c1.id, 'Ổ dịch đã khoanh vùng, xét nghiệm xong');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<AlarmView>()).toMatchObject({
      status: 'closed',
      closeReason: 'resolved',
      closeNote: 'Ổ dịch đã khoanh vùng, xét nghiệm xong',
    });
    expect((await close(officer, c1.id, 'Lần nữa')).statusCode).toBe(409);
    const audit = await queryRows<{ actorId: string }>(
      t.database.db,
      sql`select actor_id as "actorId" from audit_log where entity = 'analytics_alarm' and entity_id = ${c1.id}
        and action = 'update'`,
    );
    expect(audit).toEqual([{ actorId: officerId }]);
    expect((await list(officer, 'active')).map((a) => a.method)).toEqual(['C2', 'weeklyIncidence']);
  });

  it('the others close themselves after 3 days without any alarm, not before', async () => {
    // The burst stays in the 7-day incidence for six more days: one alarm a day until D+6.
    const week = await catchUpScans(t.database, addDays(day, 8));
    expect(week.map((r) => r.raised)).toEqual([0, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(week.every((r) => r.closed === 0)).toBe(true);
    expect(await list(officer, 'active')).toHaveLength(8);

    const [third] = await catchUpScans(t.database, addDays(day, 9)).then((r) => r.slice(-1));
    expect(third).toMatchObject({ day: addDays(day, 9), closed: 8 });
    expect(await list(officer, 'active')).toEqual([]);
    const closed = await list(officer, 'closed');
    expect(closed).toHaveLength(9);
    expect(closed.filter((a) => a.closeReason === 'quiet')).toHaveLength(8);
    expect(closed.find((a) => a.method === 'C1')).toMatchObject({ closeReason: 'resolved' });
    const audited = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity = 'analytics_alarm' and action = 'update'
        and actor_id is null and details->>'reason' = 'quiet'`,
    );
    expect(audited[0]!.n).toBe(8);
    // A later pass closes nothing more.
    expect((await catchUpScans(t.database, addDays(day, 10))).map((r) => r.closed)).toEqual([0, 0]);
  });
});
