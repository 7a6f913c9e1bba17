import type { DbOrTx } from '../db/client.ts';
import { deferredWritesOf } from '../db/deferred.ts';
import { outbox } from '../db/schema/index.ts';

/**
 * Topics of events the product emits. Each has a consumer registered in `workers.ts#outboxHandlers`
 * (a test checks it): `notification.send` the notifier, the domain events the integration feed
 * (`outbox/feed.ts`), `vaccination.dose_due` the reminders. A topic without a consumer is not written.
 */
export const OUTBOX_TOPICS = [
  'person.created',
  'person.merged',
  'notification.send',
  'vaccination.dose_recorded',
  'vaccination.status_changed',
  'vaccination.dose_due',
  'vaccination.aefi_cluster',
  'certificate.issued',
  'testing.registered',
  'testing.specimen_collected',
  'testing.result_recorded',
  'testing.pool_resulted',
  'testing.recalled',
  'testing.lab_imported',
  'case.created',
  'case.updated',
  'case.confirmed',
  'contact.proposed',
  'contact.decided',
  'epi.status_changed',
  'declaration.submitted',
  'declaration.flag_changed',
  'correction.requested',
  'correction.resolved',
  'level.changed',
  'testing.result_amended',
] as const;

/** One of OUTBOX_TOPICS. */
export type OutboxTopic = (typeof OUTBOX_TOPICS)[number];

/**
 * Enqueue an event in the caller's transaction (transactional outbox): it is delivered only if
 * the change commits, and never lost if the process dies after the commit.
 */
export async function enqueue(
  db: DbOrTx,
  topic: OutboxTopic,
  payload: Record<string, unknown>,
): Promise<void> {
  const deferred = deferredWritesOf(db); // a batch writes them at its end (db/deferred.ts)
  if (deferred) return void deferred.outbox.push({ topic, payload });
  await db.insert(outbox).values({ topic, payload });
}

/** Enqueue several events in one statement, in the caller's transaction (as `enqueue`). */
export async function enqueueMany(
  db: DbOrTx,
  events: readonly { topic: OutboxTopic; payload: Record<string, unknown> }[],
): Promise<void> {
  if (events.length === 0) return;
  const deferred = deferredWritesOf(db);
  if (deferred) return void deferred.outbox.push(...events);
  await db.insert(outbox).values(events.map((e) => ({ topic: e.topic, payload: e.payload })));
}
