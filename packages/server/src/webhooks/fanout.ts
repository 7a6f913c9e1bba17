/**
 * Webhook fan-out: the outbox handlers of the subscribable topics first queue one delivery per
 * matching subscription (active, subscribed to the topic, its jurisdiction containing the event's
 * place) in the outbox row's transaction, then run the topic's own consumer. A retried outbox row
 * queues nothing twice (unique subscription + outbox id).
 */
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import type { OutboxTopic } from '../outbox/outbox.ts';
import type { OutboxHandler, OutboxHandlers, OutboxRowMeta } from '../outbox/worker.ts';

/** Topics other systems may subscribe to: new case, result, dose, a unit's epidemic level change. */
export const WEBHOOK_TOPICS = [
  'case.created',
  'testing.result_recorded',
  'vaccination.dose_recorded',
  'level.changed',
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** Where an event happened: a query returning one row of province, district and commune codes. */
function placeQuery(topic: WebhookTopic, payload: Record<string, unknown>): SQL | null {
  const id = (k: string) => (typeof payload[k] === 'string' ? payload[k] : null);
  switch (topic) {
    case 'case.created':
      return id('caseId')
        ? sql`select province_code, district_code, commune_code from cases where id = ${id('caseId')}::uuid`
        : null;
    case 'testing.result_recorded':
      return id('resultId')
        ? sql`select province_code, district_code, commune_code from test_results where id = ${id('resultId')}::uuid`
        : null;
    case 'vaccination.dose_recorded':
      return id('doseId')
        ? sql`select province_code, district_code, commune_code from vaccination_doses where id = ${id('doseId')}::uuid`
        : null;
    case 'level.changed':
      // The unit's own place (a district row carries its code as district_code, the province none).
      return id('provinceCode')
        ? sql`select ${id('provinceCode')}::text as province_code, ${id('districtCode')}::text as district_code,
            ${id('communeCode')}::text as commune_code`
        : null;
  }
}

/** Queue the deliveries of one outbox event (ids and codes only: the payload as the outbox holds it). */
export async function fanOut(
  tx: DbOrTx,
  topic: WebhookTopic,
  payload: Record<string, unknown>,
  meta: OutboxRowMeta | undefined,
): Promise<void> {
  const place = placeQuery(topic, payload);
  if (!place || !meta) return;
  const body = JSON.stringify({ id: meta.id, topic, createdAt: meta.createdAt, data: payload });
  await tx.execute(sql`
    with place as (${place})
    insert into webhook_deliveries (subscription_id, outbox_id, topic, body, province_code, district_code, commune_code)
    select s.id, ${meta.id}::bigint, ${topic}, ${body}::jsonb, s.province_code, s.district_code, s.commune_code
    from webhook_subscriptions s, place p
    where s.disabled_at is null and ${topic} = any(s.topics)
      and s.province_code = p.province_code
      and (s.district_code is null or s.district_code = p.district_code)
      and (s.commune_code is null or s.commune_code = p.commune_code)
    on conflict (subscription_id, outbox_id) do nothing`);
}

/** The handlers with webhook fan-out in front of each subscribable topic's consumer. */
export function withWebhooks(handlers: OutboxHandlers): OutboxHandlers {
  const out: OutboxHandlers = { ...handlers };
  for (const topic of WEBHOOK_TOPICS) {
    const inner: OutboxHandler | undefined = handlers[topic as OutboxTopic];
    out[topic] = async (payload, tx, meta) => {
      await fanOut(tx, topic, payload, meta);
      return inner ? inner(payload, tx, meta) : undefined;
    };
  }
  return out;
}
