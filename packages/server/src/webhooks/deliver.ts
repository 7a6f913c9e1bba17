/**
 * Webhook delivery: due deliveries are POSTed with `x-epilink-webhook-timestamp` (Unix seconds)
 * and `x-epilink-webhook-signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" under the
 * subscription's secret>` (the receiver recomputes it and rejects old timestamps). A non-2xx answer
 * or a network error is retried with exponential backoff up to MAX_DELIVERY_ATTEMPTS; after
 * MAX_CONSECUTIVE_FAILURES failed attempts in a row the subscription is disabled and the official
 * who created it is told (e-mail through the outbox). The log is the `webhook_deliveries` table.
 */
import { createHmac } from 'node:crypto';
import { translate } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { enqueueNotification } from '../notify/notify.ts';
import { backoffMs } from '../outbox/worker.ts';

export const MAX_DELIVERY_ATTEMPTS = 8;
export const MAX_CONSECUTIVE_FAILURES = 5;

/** The signature header value of a body sent at a timestamp (Unix seconds). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

interface Due {
  id: string;
  subscription_id: string;
  body: unknown;
  attempts: number;
  url: string;
  secret: string;
  name: string;
  created_by: string | null;
}

async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number) {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    return { status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
  } catch (e) {
    return { status: null, error: (e instanceof Error ? e.message : String(e)).slice(0, 200) };
  }
}

/** Deliver every due delivery now (tests, and each worker tick); returns how many were tried. */
export async function drainWebhooks(
  db: Db,
  options: { baseBackoffMs?: number; timeoutMs?: number; max?: number } = {},
): Promise<number> {
  let tried = 0;
  const max = options.max ?? 200;
  while (tried < max) {
    const done = await db.transaction(async (tx) => {
      const [d] = await queryRows<Due>(
        tx,
        sql`select d.id::text as id, d.subscription_id, d.body, d.attempts, s.url, s.secret, s.name, s.created_by
          from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id
          where d.status = 'pending' and d.available_at <= now() and s.disabled_at is null
          order by d.id limit 1 for update of d skip locked`,
      );
      if (!d) return false;
      const body = JSON.stringify(d.body);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const { status, error } = await post(
        d.url,
        {
          'content-type': 'application/json',
          'x-epilink-webhook-id': d.id,
          'x-epilink-webhook-timestamp': timestamp,
          'x-epilink-webhook-signature': webhookSignature(d.secret, timestamp, body),
        },
        body,
        options.timeoutMs ?? 10_000,
      );
      if (error === null) {
        await tx.execute(sql`update webhook_deliveries set status = 'delivered', attempts = attempts + 1,
          last_status = ${status}, last_error = null, delivered_at = now() where id = ${d.id}::bigint`);
        await tx.execute(
          sql`update webhook_subscriptions set consecutive_failures = 0 where id = ${d.subscription_id}::uuid`,
        );
        return true;
      }
      const attempts = d.attempts + 1;
      const delay = backoffMs(attempts, options.baseBackoffMs ?? 1000);
      await tx.execute(sql`update webhook_deliveries set attempts = ${attempts}, last_status = ${status},
        last_error = ${error}, status = ${attempts >= MAX_DELIVERY_ATTEMPTS ? 'failed' : 'pending'},
        available_at = now() + (${delay} * interval '1 millisecond') where id = ${d.id}::bigint`);
      const [sub] = await queryRows<{ consecutive_failures: number }>(
        tx,
        sql`update webhook_subscriptions set consecutive_failures = consecutive_failures + 1
          where id = ${d.subscription_id}::uuid returning consecutive_failures`,
      );
      if (sub && sub.consecutive_failures >= MAX_CONSECUTIVE_FAILURES) {
        await tx.execute(
          sql`update webhook_subscriptions set disabled_at = now() where id = ${d.subscription_id}::uuid`,
        );
        const [owner] = d.created_by
          ? await queryRows<{ email: string | null }>(
              tx,
              sql`select email from users where id = ${d.created_by}::uuid`,
            )
          : [];
        if (owner?.email)
          await enqueueNotification(tx, {
            channel: 'email',
            to: owner.email,
            subject: translate('vi', 'fhir.webhooks.title'),
            body: translate('vi', 'fhir.webhooks.disabledNotice', {
              name: d.name,
              count: sub.consecutive_failures,
            }),
          });
      }
      return true;
    });
    if (!done) break;
    tried += 1;
  }
  return tried;
}

/** Run the delivery worker every `pollMs`; returns a stop function that waits for the current tick. */
export function startWebhookWorker(
  db: Db,
  pollMs: number,
  onError: (e: unknown) => void,
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = drainWebhooks(db)
      .catch(onError)
      .finally(() => {
        running = null;
      });
  }, pollMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
