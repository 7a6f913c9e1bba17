/**
 * A unit's epidemic level change reaches subscribers (#17 item 6): the committee confirms a week in
 * which one commune goes from level 1 to 2; the confirming transaction holds one `level.changed`
 * outbox event (only the unit that changed); a subscription of that commune's district receives it
 * signed, one of another district does not.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { drainOutbox } from '../outbox/worker.ts';
import { drainWebhooks } from './deliver.ts';
import { withWebhooks } from './fanout.ts';

const PREVIOUS = '2021-11-01';
const WEEK = '2021-11-08';
let t: TestApp;
let server: Server;
const received: { path: string; signature: string; timestamp: string; body: string }[] = [];
const secrets: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ WEBHOOK_ALLOW_LOCAL: 'true' });
  // Last week confirmed (province 1, Phú Khương 1, Phú Tân 2); this week proposed with Phú Khương at 2.
  await t.database.db.execute(sql`
    insert into epidemic_level_weeks (province_code, disease, week, status, assessed_from, assessed_to, rules, compute_ms)
    values ('83', 'COVID-19', ${PREVIOUS}, 'confirmed', '2021-10-25', '2021-10-31', '{}', 1),
           ('83', 'COVID-19', ${WEEK}, 'proposed', '2021-11-01', '2021-11-07', '{}', 1)`);
  await t.database.db.execute(sql`
    insert into epidemic_levels (province_code, district_code, commune_code, disease, week, unit_code, unit_level,
                                 unit_name, proposed_level, confirmed_level, deciding_criterion, inputs)
    select '83', d, c, 'COVID-19', w::date, u, l, u, p, case when w = ${PREVIOUS} then p end, 'cases', '{}'
    from (values ('83', null, null, 'province', 1, 1), ('28756', '829', '28756', 'commune', 1, 2),
                 ('28757', '829', '28757', 'commune', 2, 2)) v(u, d, c, l, before, now_),
         lateral (values (${PREVIOUS}, before), (${WEEK}, now_)) x(w, p)`);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        signature: String(req.headers['x-epilink-webhook-signature']),
        timestamp: String(req.headers['x-epilink-webhook-timestamp']),
        body,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const admin = (await signInAs(t, 'province_admin', '83')).headers;
  const port = (server.address() as AddressInfo).port;
  for (const [path, jurisdictionCode] of [
    ['/ben-tre-city', '829'],
    ['/elsewhere', '831'],
  ] as const) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/webhooks',
      headers: admin,
      payload: {
        name: `levels ${path}`,
        url: `http://127.0.0.1:${port}${path}`,
        topics: ['level.changed'],
        jurisdictionCode,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    secrets[path] = res.json<{ secret: string }>().secret;
  }
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t?.close();
});

describe('a confirmed level change is a webhook event', () => {
  it('the confirming transaction enqueues one event per unit whose level changed', async () => {
    const committee = (await signInAs(t, 'steering_committee', '83')).headers;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/levels/confirm',
      headers: committee,
      payload: { week: WEEK },
    });
    expect(res.statusCode, res.body).toBe(200);
    const events = await queryRows<{ payload: Record<string, unknown> }>(
      t.database.db,
      sql`select payload from outbox where topic = 'level.changed'`,
    );
    expect(events.map((e) => e.payload)).toEqual([
      {
        week: WEEK,
        disease: 'COVID-19',
        unitLevel: 'commune',
        unitCode: '28756',
        level: 2,
        previousLevel: 1,
        provinceCode: '83',
        districtCode: '829',
        communeCode: '28756',
      },
    ]);
  });

  it('the district’s subscriber receives it signed; another district’s does not', async () => {
    await drainOutbox(t.database.db, withWebhooks({}));
    await drainWebhooks(t.database.db);
    expect(received.map((r) => r.path)).toEqual(['/ben-tre-city']);
    const [hit] = received;
    const expected = `sha256=${createHmac('sha256', secrets['/ben-tre-city']!)
      .update(`${hit!.timestamp}.${hit!.body}`)
      .digest('hex')}`;
    expect(hit!.signature).toBe(expected);
    expect(JSON.parse(hit!.body)).toMatchObject({
      topic: 'level.changed',
      data: { unitCode: '28756', level: 2, previousLevel: 1 },
    });
  });
});

describe('the admin page’s actions', () => {
  it('a test event is delivered signed and logged; a disabled subscription’s waits; another province’s is not found', async () => {
    const admin = (await signInAs(t, 'province_admin', '83')).headers;
    const list = await t.app.inject({ method: 'GET', url: '/api/admin/webhooks', headers: admin });
    const subs = list.json<{ items: { id: string; name: string }[] }>().items;
    const id = (path: string) => subs.find((s) => s.name === `levels ${path}`)!.id;
    const off = await t.app.inject({
      method: 'POST',
      url: `/api/admin/webhooks/${id('/elsewhere')}/disable`,
      headers: admin,
    });
    expect(off.statusCode).toBe(204);
    for (const path of ['/ben-tre-city', '/elsewhere']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/admin/webhooks/${id(path)}/test`,
        headers: admin,
      });
      expect(res.statusCode, res.body).toBe(202);
    }
    received.length = 0;
    await drainWebhooks(t.database.db);
    expect(received.map((r) => r.path)).toEqual(['/ben-tre-city']);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ topic: 'webhook.test' });
    const log = await t.app.inject({
      method: 'GET',
      url: `/api/admin/webhooks/${id('/elsewhere')}/deliveries`,
      headers: admin,
    });
    expect(log.json<{ items: { topic: string; status: string }[] }>().items).toMatchObject([
      { topic: 'webhook.test', status: 'pending' },
    ]);
    // A subscription of another province is not found for this province's administrator.
    const [foreign] = await queryRows<{ id: string }>(
      t.database.db,
      sql`insert into webhook_subscriptions (name, url, secret, topics, jurisdiction_code, province_code)
          values ('other province', 'https://example.org/hook', 'whsec_x', array['case.created'], '86', '86')
          returning id`,
    );
    const denied = await t.app.inject({
      method: 'POST',
      url: `/api/admin/webhooks/${foreign!.id}/test`,
      headers: admin,
    });
    expect(denied.statusCode).toBe(404);
    const hidden = await t.app.inject({
      method: 'POST',
      url: `/api/admin/webhooks/${foreign!.id}/disable`,
      headers: admin,
    });
    expect(hidden.statusCode).toBe(404);
  });
});
