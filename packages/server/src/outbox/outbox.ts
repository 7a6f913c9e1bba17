import type { DbOrTx } from '../db/client.ts';
import { outbox } from '../db/schema/index.ts';

/** Topics of events the product emits; consumers (notifications, dashboards, webhooks) subscribe. */
export type OutboxTopic =
  | 'person.created'
  | 'person.merged'
  | 'person.updated'
  | 'linkage.review_opened'
  | 'notification.send'
  | 'vaccination.dose_recorded'
  | 'vaccination.status_changed'
  | 'vaccination.dose_due'
  | 'vaccination.aefi_cluster'
  | 'certificate.issued'
  | 'testing.registered'
  | 'testing.specimen_collected'
  | 'testing.result_recorded'
  | 'testing.pool_resulted'
  | 'testing.recalled'
  | 'testing.lab_imported'
  | 'case.created'
  | 'case.updated'
  | 'case.confirmed'
  | 'contact.proposed'
  | 'contact.decided'
  | 'epi.status_changed';

/**
 * Enqueue an event in the caller's transaction (transactional outbox): it is delivered only if
 * the change commits, and never lost if the process dies after the commit.
 */
export async function enqueue(
  db: DbOrTx,
  topic: OutboxTopic,
  payload: Record<string, unknown>,
): Promise<void> {
  await db.insert(outbox).values({ topic, payload });
}
