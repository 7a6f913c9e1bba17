import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import type { DbOrTx } from '../db/client.ts';
import { outboxHandlers } from '../workers.ts';
import { feedHandlers, feedSignature } from './feed.ts';
import { OUTBOX_TOPICS, enqueue, enqueueMany } from './outbox.ts';
import { pruneOutbox } from './retention.ts';
import { drainOutbox, withoutSql } from './worker.ts';

/** A real HTTP endpoint standing in for the provincial data warehouse. */
function warehouse(): Promise<{
  server: Server;
  url: string;
  received: { body: string; signature: string }[];
  failNext: { n: number };
}> {
  const received: { body: string; signature: string }[] = [];
  const failNext = { n: 0 };
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (failNext.n > 0) {
        failNext.n -= 1;
        res.writeHead(503).end();
        return;
      }
      received.push({ body, signature: String(req.headers['x-epilink-signature'] ?? '') });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/epilink-feed`, received, failNext });
    });
  });
}

describe('the outbox: every topic is consumed, delivered rows do not pile up', () => {
  let t: TestApp;
  let wh: Awaited<ReturnType<typeof warehouse>>;
  const secret = 'feed-secret-for-the-test-0123';

  beforeAll(async () => {
    wh = await warehouse();
    t = await createTestApp({
      OUTBOX_FEED_URL: wh.url,
      OUTBOX_FEED_SECRET: secret,
      OUTBOX_RETENTION_DAYS: '7',
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => wh.server.close(r));
  });

  it('has a consumer registered for every topic the product may write', () => {
    const outbox = outboxHandlers({ config: t.config, database: t.database });
    outbox.close();
    const { handlers } = outbox;
    const missing = OUTBOX_TOPICS.filter((topic) => !handlers[topic]);
    expect(missing).toEqual([]);
  });

  it('delivers a domain event to the configured feed, signed, retrying after a failure', async () => {
    const personId = '0b5e3b8e-6a5c-4a43-9c7c-3a1f7d4b2c11';
    await t.database.db.transaction(async (tx) => {
      await enqueue(tx, 'case.confirmed', { caseId: 'c-1', personId, diseaseCode: 'covid19' });
    });
    const outbox = outboxHandlers({ config: t.config, database: t.database });
    const { handlers } = outbox;
    wh.failNext.n = 1;
    await drainOutbox(t.database.db, handlers, { baseBackoffMs: 60_000 });
    expect(wh.received).toHaveLength(0);
    const [pending] = await queryRows<{ attempts: number; last_error: string }>(
      t.database.db,
      sql`select attempts, last_error from outbox where topic = 'case.confirmed'`,
    );
    expect(pending).toMatchObject({ attempts: 1, last_error: 'integration feed answered 503' });

    // Not before its backoff has passed; then the next tick delivers it.
    await drainOutbox(t.database.db, handlers);
    expect(wh.received).toHaveLength(0);
    await t.database.db.execute(sql`update outbox set available_at = now() where topic = 'case.confirmed'`);
    await drainOutbox(t.database.db, handlers);
    outbox.close();
    expect(wh.received).toHaveLength(1);
    const got = wh.received[0]!;
    expect(got.signature).toBe(feedSignature(secret, got.body));
    expect(JSON.parse(got.body)).toMatchObject({
      topic: 'case.confirmed',
      payload: { caseId: 'c-1', personId, diseaseCode: 'covid19' },
    });
    const [row] = await queryRows<{ delivered: boolean }>(
      t.database.db,
      sql`select delivered_at is not null as delivered from outbox where topic = 'case.confirmed'`,
    );
    expect(row!.delivered).toBe(true);
  });

  it('delivers a batch of rows; a handler whose statement fails costs only its own row', async () => {
    await t.database.db.transaction(async (tx) => {
      for (const n of [1, 2, 3]) await enqueue(tx, 'case.created', { caseId: `batch-${n}` });
    });
    // The second row's handler writes, then fails in the database: its savepoint rolls back.
    const handlers = {
      'case.created': async (payload: Record<string, unknown>, tx: DbOrTx) => {
        await tx.execute(
          sql`insert into outbox (topic, payload) values ('case.created', '{"caseId":"side"}')`,
        );
        if (payload.caseId === 'batch-2') await tx.execute(sql`select 1 / 0`);
        return undefined;
      },
    };
    expect(await drainOutbox(t.database.db, handlers, { baseBackoffMs: 60_000, max: 3 })).toBe(3);
    const rows = await queryRows<{ case_id: string; delivered: boolean; attempts: number; failed: boolean }>(
      t.database.db,
      sql`select payload->>'caseId' as case_id, delivered_at is not null as delivered, attempts,
            last_error is not null as failed
          from outbox where topic = 'case.created' order by id`,
    );
    expect(rows).toEqual([
      { case_id: 'batch-1', delivered: true, attempts: 1, failed: false },
      { case_id: 'batch-2', delivered: false, attempts: 1, failed: true },
      { case_id: 'batch-3', delivered: true, attempts: 1, failed: false },
      { case_id: 'side', delivered: false, attempts: 0, failed: false },
      { case_id: 'side', delivered: false, attempts: 0, failed: false },
    ]);
  });

  it('runs a handler that sends no SQL without a savepoint; its failure still costs only its own row', async () => {
    await t.database.db.transaction(async (tx) => {
      for (const n of [1, 2, 3]) await enqueue(tx, 'vaccination.dose_due', { caseId: `call-${n}` });
    });
    // A handler that only calls out (as the integration feed does): the second call is refused.
    const called: unknown[] = [];
    const handlers = {
      'vaccination.dose_due': withoutSql((payload: Record<string, unknown>) => {
        called.push(payload.caseId);
        if (payload.caseId === 'call-2') return Promise.reject(new Error('the receiver answered 503'));
        return Promise.resolve(undefined);
      }),
    };
    expect(await drainOutbox(t.database.db, handlers, { baseBackoffMs: 60_000, max: 3 })).toBe(3);
    expect(called).toEqual(['call-1', 'call-2', 'call-3']);
    const rows = await queryRows<{ case_id: string; delivered: boolean; error: string | null }>(
      t.database.db,
      sql`select payload->>'caseId' as case_id, delivered_at is not null as delivered, last_error as error
          from outbox where payload->>'caseId' like 'call-%' order by id`,
    );
    expect(rows).toEqual([
      { case_id: 'call-1', delivered: true, error: null },
      { case_id: 'call-2', delivered: false, error: 'the receiver answered 503' },
      { case_id: 'call-3', delivered: true, error: null },
    ]);
  });

  it('a tick delivers every row committed before it, however many — the worker keeps up with the requests', async () => {
    // 1,000 declarations a second leave 1,000 rows a second; a tick capped at 500 fell behind for good.
    await enqueueMany(
      t.database.db,
      Array.from({ length: 750 }, (_, n) => ({
        topic: 'vaccination.dose_due' as const,
        payload: { caseId: `tick-${n}` },
      })),
    );
    const seen = new Set<unknown>();
    const handlers = {
      'vaccination.dose_due': withoutSql((payload: Record<string, unknown>) => {
        seen.add(payload.caseId);
        return Promise.resolve(undefined);
      }),
    };
    expect(await drainOutbox(t.database.db, handlers)).toBe(750);
    expect(seen.size).toBe(750);
    const [left] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from outbox where payload->>'caseId' like 'tick-%' and delivered_at is null`,
    );
    expect(left!.n).toBe(0);
    // ...and a tick with nothing due ends at once.
    expect(await drainOutbox(t.database.db, handlers)).toBe(0);
  });

  it('acknowledges unsent, in one statement a batch, the events of a feed nobody configured', async () => {
    await enqueueMany(
      t.database.db,
      Array.from({ length: 150 }, (_, n) => ({
        topic: 'declaration.submitted' as const,
        payload: { declarationId: `unsent-${n}` },
      })),
    );
    const handlers = feedHandlers(null);
    // (with whatever earlier rows of the feed's topics were still due)
    expect(await drainOutbox(t.database.db, handlers)).toBeGreaterThanOrEqual(150);
    const [row] = await queryRows<{ delivered: number; pending: number; attempts: number[] }>(
      t.database.db,
      sql`select count(*) filter (where delivered_at is not null)::int as delivered,
            count(*) filter (where delivered_at is null)::int as pending,
            array_agg(distinct attempts) as attempts
          from outbox where payload->>'declarationId' like 'unsent-%'`,
    );
    expect(row).toEqual({ delivered: 150, pending: 0, attempts: [1] });
    // A configured feed still receives each event (the test above): only "no one" is short-cut.
    expect(wh.received.some((r) => r.body.includes('unsent-'))).toBe(false);
  });

  it('claims without re-reading the rows delivered since the last vacuum, whatever the statistics say', async () => {
    // Statistics taken while the table was small, then thousands of deliveries and no vacuum
    // (PGlite has no autovacuum; a server may run without it): the conditions under which the
    // planner once chose a bitmap scan that re-read every delivered row version on every claim.
    await t.database.db.execute(sql`analyze outbox`);
    await t.database.db.execute(sql`insert into outbox (topic, payload)
      select 'case.created', jsonb_build_object('n', g) from generate_series(1, 3000) g`);
    await t.database.db.execute(sql`update outbox set delivered_at = now(), attempts = 1
      where delivered_at is null and payload ? 'n'`);
    const [fn] = await queryRows<{ body: string; config: string[] }>(
      t.database.db,
      sql`select prosrc as body, proconfig as config from pg_proc where proname = 'outbox_claim'`,
    );
    const plan = await t.database.db.transaction(async (tx) => {
      // The function's own settings, then its statement with its parameters filled in.
      for (const setting of fn!.config) {
        const [name, value] = setting.split('=');
        await tx.execute(sql`select set_config(${name}, ${value}, true)`);
      }
      const statement = fn!.body
        .replace(/p_topics/gu, "array['case.created']")
        .replace(/p_max_attempts/gu, '8')
        .replace(/p_limit/gu, '100');
      const rows = await queryRows<{ 'QUERY PLAN': string }>(tx, sql.raw(`explain (costs off) ${statement}`));
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Scan using outbox_pending_idx/u);
    expect(plan).not.toMatch(/Bitmap|Seq Scan|Sort/u);
  });

  it('prunes delivered rows after the retention period, keeping recent and undelivered ones', async () => {
    await t.database.db.execute(sql`insert into outbox (topic, payload, delivered_at, created_at) values
      ('person.created', '{"n":"old"}', now() - interval '8 days', now() - interval '8 days'),
      ('person.created', '{"n":"recent"}', now() - interval '1 day', now() - interval '1 day'),
      ('person.created', '{"n":"failed"}', null, now() - interval '30 days')`);
    const deleted = await pruneOutbox(t.database.db, t.config.events.outboxRetentionDays);
    expect(deleted).toBe(1);
    const left = await queryRows<{ n: string }>(
      t.database.db,
      sql`select payload->>'n' as n from outbox where topic = 'person.created' order by id`,
    );
    expect(left.map((r) => r.n)).toEqual(['recent', 'failed']);
  });
});
