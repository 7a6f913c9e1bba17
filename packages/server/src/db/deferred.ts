/**
 * Writes deferred to the end of a batch. While a batch runs in a transaction
 * ({@link withDeferredWrites}), the audit rows (`writeAudit`), outbox events (`enqueue`,
 * `enqueueMany`) and live events (`publishEvents`) its steps write through THAT transaction object
 * are collected instead of sent one statement each, and written when the batch ends: the same rows,
 * in the same transaction, in two statements. For batches whose steps never read those rows back
 * (the cases seam's per-result path: cases/intake.ts). A savepoint (a nested transaction object)
 * writes at once, so a rolled-back savepoint takes its rows with it.
 */
import type { Access } from '../access/context.ts';
import type { AuditEntry, AuditOrigin } from '../audit/audit.ts';
import type { LiveEvent } from '../events/publish.ts';
import type { OutboxTopic } from '../outbox/outbox.ts';
import type { DbOrTx } from './client.ts';

/** What a batch has written so far, to be sent at its end. */
export interface DeferredWrites {
  audit: { access: Access; origin: AuditOrigin; entries: readonly AuditEntry[] }[];
  outbox: { topic: OutboxTopic; payload: Record<string, unknown> }[];
  events: LiveEvent[];
}

const open = new WeakMap<DbOrTx, DeferredWrites>();

/** The open batch's buffer of this transaction object, if any (the writers check it). */
export function deferredWritesOf(db: DbOrTx): DeferredWrites | undefined {
  return open.get(db);
}

/**
 * Run `work` with the writes of `tx` deferred, then hand them to `flush` (with the buffer closed,
 * so `flush` writes for real). Nested in an open batch of the same transaction, `work` just runs:
 * the outer batch flushes. A failure discards the buffer (the transaction rolls back anyway).
 */
export async function deferWrites<T>(
  tx: DbOrTx,
  work: () => Promise<T>,
  flush: (writes: DeferredWrites) => Promise<void>,
): Promise<T> {
  if (open.has(tx)) return work();
  const writes: DeferredWrites = { audit: [], outbox: [], events: [] };
  open.set(tx, writes);
  let result: T;
  try {
    result = await work();
  } finally {
    open.delete(tx);
  }
  await flush(writes);
  return result;
}
