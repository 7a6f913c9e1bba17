/**
 * The integration feed: the consumer of the domain-event topics (people, tests, cases, contacts,
 * vaccination, certificates). Each event is POSTed as JSON — `{id, topic, createdAt, payload}`,
 * ids and codes only, never names — to the system configured in `OUTBOX_FEED_URL` (a provincial
 * data warehouse, the national surveillance system), signed with HMAC-SHA256 under
 * `OUTBOX_FEED_SECRET` in `x-epilink-signature: sha256=<hex>`. A non-2xx answer or a network error
 * throws, so the outbox worker retries with backoff. Without a configured feed the events are
 * acknowledged unsent (delivered to no one) and pruned with the other delivered rows.
 */
import { createHmac } from 'node:crypto';
import { OUTBOX_TOPICS } from './outbox.ts';
import type { OutboxTopic } from './outbox.ts';
import { acknowledgedUnsent, withoutSql } from './worker.ts';
import type { OutboxHandler, OutboxHandlers } from './worker.ts';

/** Topics with a consumer of their own (workers.ts): notifications and dose reminders. */
const OWN_CONSUMERS = new Set<OutboxTopic>(['notification.send', 'vaccination.dose_due']);

/** The topics the feed consumes: every other domain event. */
export const FEED_TOPICS: readonly OutboxTopic[] = OUTBOX_TOPICS.filter((topic) => !OWN_CONSUMERS.has(topic));

/** Where the feed goes, or null (no subscriber: events are acknowledged unsent). */
export interface FeedTarget {
  url: string;
  secret: string | null;
  /** Milliseconds before a delivery is abandoned (and retried later). */
  timeoutMs?: number;
}

/** The signature header value of a body. */
export function feedSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A feed topic's handler: it only POSTs (no SQL), so the worker runs it without a savepoint. */
function feedHandler(topic: OutboxTopic, target: FeedTarget | null): OutboxHandler {
  if (!target) return acknowledgedUnsent();
  return withoutSql(async (payload, _tx, meta) => {
    const body = JSON.stringify({ id: meta?.id ?? null, topic, createdAt: meta?.createdAt ?? null, payload });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (target.secret) headers['x-epilink-signature'] = feedSignature(target.secret, body);
    const res = await fetch(target.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new Error(`integration feed answered ${res.status}`);
    return undefined;
  });
}

/** One handler per feed topic. */
export function feedHandlers(target: FeedTarget | null): OutboxHandlers {
  return Object.fromEntries(FEED_TOPICS.map((topic) => [topic, feedHandler(topic, target)]));
}
