/**
 * A tracer's decision runs statements built once and reused (cases/decide.ts: the decision read per
 * scope condition, the write per shape; issue #11 item 2). Reuse must never carry one caller's
 * jurisdiction to another, and the reused write must store what the decision always stored: the
 * contact, its follow-up days, the proposed order (JSON columns as JSON, no JSON null) and the
 * audit rows with the order's id.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { exposures } from '../quarantine/test-fixtures.ts';
import { COMMUNE_A, otherCommune } from './test-fixtures.ts';

describe('decisions through statements built once', () => {
  let t: TestApp;
  let contacts: Map<string, string>;
  const decide = (id: string, headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/contacts/${id}/decision`,
      headers,
      payload: { decision: 'confirm' },
    });
  const stored = async (id: string) =>
    (
      await queryRows<{
        status: string;
        decided_by: string | null;
        follow_up_status: string | null;
        monitoring_until: string | null;
        days: number;
        order_id: string | null;
        order_status: string | null;
        eligibility_json_null: boolean | null;
        tests_due_type: string | null;
        decide_audits: number;
        order_audits: number;
      }>(
        t.database.db,
        sql`select c.status, c.decided_by, c.follow_up_status, to_char(c.monitoring_until, 'YYYY-MM-DD') as monitoring_until,
            (select count(*)::int from contact_followups f where f.contact_id = c.id) as days,
            q.id as order_id, q.status as order_status, jsonb_typeof(q.eligibility) = 'null' as eligibility_json_null,
            jsonb_typeof(q.tests_due) as tests_due_type,
            (select count(*)::int from audit_log a where a.entity = 'contact' and a.action = 'decide' and a.entity_id = c.id::text) as decide_audits,
            (select count(*)::int from audit_log a where a.entity = 'quarantine_order' and a.entity_id = q.id::text) as order_audits
          from contacts c left join quarantine_orders q on q.contact_id = c.id where c.id = ${id}`,
      )
    )[0]!;

  beforeAll(async () => {
    t = await createTestApp();
    ({ contacts } = await exposures(t, COMMUNE_A, ['2022-03-01', '2022-04-20']));
  });

  it('a statement built for one commune never serves another; the write stores the whole decision', async () => {
    const first = contacts.get('2022-03-01')!;
    const second = contacts.get('2022-04-20')!;
    const a = await signInAs(t, 'tracer', COMMUNE_A.communeCode);
    const b = await signInAs(t, 'tracer', (await otherCommune(t)).communeCode);

    // Commune A's tracer first: the read is built with A's condition.
    const ok = await decide(first, a.headers);
    expect(ok.statusCode, ok.body).toBe(200);
    const one = await stored(first);
    expect(one).toMatchObject({
      status: 'confirmed',
      decided_by: a.userId,
      follow_up_status: 'active',
      order_status: 'proposed',
      tests_due_type: 'array',
      decide_audits: 1,
      order_audits: 1,
    });
    expect(one.monitoring_until).not.toBeNull();
    expect(one.days).toBeGreaterThan(0);
    expect(one.eligibility_json_null).not.toBe(true);

    // Commune B's tracer on A's contact: not found, nothing written.
    const refused = await decide(second, b.headers);
    expect(refused.statusCode).toBe(404);
    expect(await stored(second)).toMatchObject({
      status: 'proposed',
      decided_by: null,
      days: 0,
      order_id: null,
      decide_audits: 0,
    });

    // And B's statement, built now, does not stand in for A's.
    const again = await decide(second, a.headers);
    expect(again.statusCode, again.body).toBe(200);
    expect(await stored(second)).toMatchObject({
      status: 'confirmed',
      decided_by: a.userId,
      decide_audits: 1,
    });
  });
});
