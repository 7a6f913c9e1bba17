/**
 * Story (issue #16 item 1, MUST-SHOW): the same F1 exposure on 20/07/2021, 20/12/2021, 01/03/2022
 * and 20/04/2022 gets the four orders of the rule in force on each exposure date, read from the
 * policy store, proposed the moment the tracer confirms the contact. The commune confirms (the
 * person gets the signed form link by SMS), another commune cannot touch it, a release without a
 * negative test on the test day is refused and the order is extended with a reason instead.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { COMMUNE_A, otherCommune } from '../cases/test-fixtures.ts';
import { queryRows } from '../db/client.ts';
import { checkRollups } from '../indicators/check.ts';
import { exposures } from './test-fixtures.ts';

const DAYS = ['2021-07-20', '2021-12-20', '2022-03-01', '2022-04-20'];

describe('orders follow the rule in force on the exposure date', () => {
  let t: TestApp;
  let officer: Record<string, string>;
  let contacts: Map<string, string>;
  const order = async (day: string) =>
    (
      await queryRows<{
        id: string;
        kind: string;
        status: string;
        start: string;
        qend: string;
        end: string;
        tests: string[];
        rule: string;
      }>(
        t.database.db,
        sql`select id, kind, status, to_char(start_date, 'YYYY-MM-DD') as start, to_char(quarantine_end, 'YYYY-MM-DD') as qend,
          to_char(end_date, 'YYYY-MM-DD') as "end", tests_due as tests, rule_source as rule
          from quarantine_orders where contact_id = ${contacts.get(day)!}`,
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp();
    ({ contacts } = await exposures(t, COMMUNE_A, DAYS));
    ({ headers: officer } = await signInAs(t, 'commune_officer', COMMUNE_A.communeCode));
    for (const day of DAYS) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/contacts/${contacts.get(day)!}/decision`,
        headers: officer,
        payload: { decision: 'confirm' },
      });
      expect(res.statusCode).toBe(200);
    }
  });
  afterAll(() => t?.close());

  it('confirming Lan as an F1 proposes four different orders', async () => {
    expect(await order('2021-07-20')).toMatchObject({
      kind: 'facility_quarantine',
      status: 'proposed',
      qend: '2021-08-03',
      end: '2021-08-17',
      tests: ['2021-07-21', '2021-07-27', '2021-08-03'],
      rule: '5599/BYT-MT',
    });
    // Last dose 172 days before: within 10696's 6 months.
    expect(await order('2021-12-20')).toMatchObject({
      kind: 'home_quarantine',
      qend: '2021-12-27',
      end: '2022-01-03',
      tests: ['2021-12-21', '2021-12-27'],
      rule: '10696/BYT-MT',
    });
    expect(await order('2022-03-01')).toMatchObject({
      kind: 'home_quarantine',
      qend: '2022-03-06',
      end: '2022-03-11',
      tests: ['2022-03-06'],
      rule: '762/BYT-DP',
    });
    expect(await order('2022-04-20')).toMatchObject({
      kind: 'monitoring',
      end: '2022-04-30',
      tests: [],
      rule: '1909/BYT-DP',
    });
  });

  it('another commune’s officer cannot confirm it (404, nothing changed)', async () => {
    const b = await otherCommune(t);
    const { headers } = await signInAs(t, 'commune_officer', b.communeCode);
    const o = await order('2022-03-01');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/quarantine/orders/${o!.id}/confirm`,
      headers,
      payload: {},
    });
    expect(res.statusCode).toBe(404);
    expect((await order('2022-03-01'))!.status).toBe('proposed');
  });

  it('a change needs a reason; confirming in bulk texts Lan the signed form link', async () => {
    const o = await order('2021-07-20');
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/quarantine/orders/${o!.id}/confirm`,
      headers: officer,
      payload: { change: { kind: 'home_quarantine' } },
    });
    expect(noReason.statusCode).toBe(400);
    const changed = await t.app.inject({
      method: 'POST',
      url: `/api/quarantine/orders/${o!.id}/confirm`,
      headers: officer,
      payload: { change: { kind: 'home_quarantine', reason: 'Khu cách ly tập trung đã đầy' } },
    });
    expect(changed.statusCode).toBe(200);
    expect(await order('2021-07-20')).toMatchObject({ kind: 'home_quarantine', status: 'active' });
    const ids = [(await order('2021-12-20'))!.id, (await order('2022-03-01'))!.id];
    const bulk = await t.app.inject({
      method: 'POST',
      url: '/api/quarantine/orders/confirm',
      headers: officer,
      payload: { ids },
    });
    expect(bulk.json()).toEqual({ confirmed: 2 });
    const sms = await queryRows<{ body: string }>(
      t.database.db,
      sql`select payload->>'body' as body from outbox where topic = 'notification.send' and payload->>'to' = '0912000002'`,
    );
    expect(sms).toHaveLength(3);
    expect(sms[0]!.body).toMatch(/\/q\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}/u);
    const audit = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity = 'quarantine_order' and action = 'update'`,
    );
    expect(audit[0]!.n).toBe(3);
  });

  it('confirmed orders that confine feed the situation room’s people-in-quarantine stock, day by day', async () => {
    const inQuarantine = async (day: string) =>
      (
        await queryRows<{ n: number }>(
          t.database.db,
          sql`select coalesce(sum(quarantine_active), 0)::int as n from indicator_day_deltas
            where grain = 2 and commune_code = ${COMMUNE_A.communeCode} and day <= ${day}::date`,
        )
      )[0]!.n;
    // 20/12/2021's order runs to 27/12, 01/03/2022's to 06/03; the still-proposed monitoring does not count.
    expect(await inQuarantine('2021-12-22')).toBe(1);
    expect(await inQuarantine('2021-12-28')).toBe(0);
    expect(await inQuarantine('2022-03-02')).toBe(1);
    expect(await inQuarantine('2022-04-25')).toBe(0);
    // The rollup check recounts the stock from the orders by the same rule: no difference.
    expect(await checkRollups(t.database.db)).toEqual({ differences: 0, sample: [] });
  });

  it('release without a negative test on the test day is refused; extension with a reason instead', async () => {
    const o = await order('2022-03-01');
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/quarantine/orders/${o!.id}/release`,
      headers: { ...officer, 'accept-language': 'en' },
    });
    expect(refused.statusCode).toBe(422);
    const error = refused.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('QUARANTINE_RELEASE_REFUSED');
    expect(error.message).toBe(
      'Release refused: there is no negative test on 2022-03-06. Extend the order instead.',
    );
    const extended = await t.app.inject({
      method: 'POST',
      url: `/api/quarantine/orders/${o!.id}/extend`,
      headers: officer,
      payload: { days: 3, reason: 'Chưa có xét nghiệm ngày 5' },
    });
    expect(extended.statusCode).toBe(200);
    expect(extended.json()).toMatchObject({ endDate: '2022-03-14', testsDue: ['2022-03-06', '2022-03-14'] });
  });
});
