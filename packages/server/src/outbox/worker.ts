/**
 * The outbox worker: delivers outbox rows of the topics it has a handler for, oldest first, up to
 * DELIVERY_BATCH rows per transaction, each handler in its own savepoint (`for update skip
 * locked`, so several processes can run it side by side). One row per transaction cost four
 * statements and a WAL flush per event, in the server's process, competing with the requests'
 * commits — at every declaration or check-in (#15) the worker fell behind the requests.
 * A failed delivery is retried with exponential backoff up to MAX_ATTEMPTS; then the row stays
 * undelivered with its last error, for an operator to see. Rows of other topics are left for
 * their own consumers.
 */
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import type { OutboxTopic } from './outbox.ts';

/** Attempts before a row is given up on. */
export const MAX_ATTEMPTS = 8;

/** Which outbox row a handler delivers (for consumers that pass the event on). */
export interface OutboxRowMeta {
  id: string;
  topic: OutboxTopic;
  createdAt: string;
}

/** Delivers one row's payload; throws to have it retried. May rewrite the payload (redaction). */
export type OutboxHandler = (
  payload: Record<string, unknown>,
  tx: DbOrTx,
  meta?: OutboxRowMeta,
) => Promise<Record<string, unknown> | undefined>;

export type OutboxHandlers = Partial<Record<OutboxTopic, OutboxHandler>>;

/** Handlers that never use the transaction they are given (see `withoutSql`). */
const sqlFree = new WeakSet<OutboxHandler>();

/**
 * Mark a handler that sends no SQL (it only calls out, e.g. the integration feed): the worker
 * runs it without a savepoint, since it has nothing to roll back — two round trips per event
 * fewer (at every declaration, issue #15). A failure still leaves its row to be retried.
 */
export function withoutSql(handler: OutboxHandler): OutboxHandler {
  sqlFree.add(handler);
  return handler;
}

/** Handlers that deliver to no one (see `acknowledgedUnsent`). */
const unsent = new WeakSet<OutboxHandler>();

/**
 * The handler of a topic nobody consumes here (the integration feed when `OUTBOX_FEED_URL` is not
 * set): its rows are acknowledged unsent. The worker marks them delivered in one statement per
 * batch, never reading their payloads — at every declaration (#15) the claim, the handler turn
 * and the update of a row whose event went nowhere cost a few thousand statements' worth of
 * work a minute.
 */
export function acknowledgedUnsent(): OutboxHandler {
  const handler = withoutSql(() => Promise.resolve(undefined));
  unsent.add(handler);
  return handler;
}

/** Delay before attempt n+1 (1 s, 2 s, 4 s … capped at 10 min), scaled by `baseMs`. */
export function backoffMs(attempts: number, baseMs = 1000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 10 * 60 * 1000);
}

interface Row {
  id: string;
  topic: OutboxTopic;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: string;
}

/** Rows delivered per transaction: one commit (a WAL flush) for the batch, not one per row. */
export const DELIVERY_BATCH = 100;
/** Rows nobody consumes acknowledged per statement (no payload leaves the database). */
export const ACKNOWLEDGE_BATCH = 1000;

/**
 * Deliver up to `limit` due rows in one transaction; returns how many were tried. Each handler
 * that may send SQL runs in its own savepoint, so a handler whose statement fails rolls back only its own work and
 * its row is retried later, as when each row had its own transaction; the rows' outcomes are
 * written by one update per kind (delivered, failed).
 */
async function deliverBatch(
  db: Db,
  handlers: OutboxHandlers,
  topics: readonly OutboxTopic[],
  baseBackoffMs: number,
  limit: number,
): Promise<number> {
  if (topics.length === 0 || limit <= 0) return 0;
  return db.transaction(async (tx) => {
    // Planned in the database (migration 0076): an ordered scan of the pending index, so that rows
    // delivered since the last vacuum are skipped, not re-read, by every claim.
    const rows = await queryRows<Row>(
      tx,
      sql`select id, topic, payload, attempts, created_at
        from outbox_claim(${sql.param(topics)}::text[], ${MAX_ATTEMPTS}::int, ${limit}::int)`,
    );
    const delivered: { id: string; payload: Record<string, unknown> | null }[] = [];
    const failed: { id: string; message: string; delay: number }[] = [];
    for (const row of rows) {
      const handler = handlers[row.topic]!;
      try {
        const meta = { id: row.id, topic: row.topic, createdAt: row.created_at };
        const rewritten = sqlFree.has(handler)
          ? await handler(row.payload, tx, meta)
          : await tx.transaction((sp) => handler(row.payload, sp, meta));
        delivered.push({ id: row.id, payload: rewritten ?? null });
      } catch (e) {
        const message = (e instanceof Error ? e.message : String(e)).slice(0, 300);
        failed.push({ id: row.id, message, delay: backoffMs(row.attempts + 1, baseBackoffMs) });
      }
    }
    if (delivered.length > 0)
      await tx.execute(sql`update outbox o set delivered_at = now(), attempts = o.attempts + 1, last_error = null,
          payload = coalesce(x.payload, o.payload)
        from jsonb_to_recordset(${JSON.stringify(delivered)}::jsonb) as x(id bigint, payload jsonb)
        where o.id = x.id`);
    if (failed.length > 0)
      await tx.execute(sql`update outbox o set attempts = o.attempts + 1, last_error = x.message,
          available_at = now() + (x.delay * interval '1 millisecond')
        from jsonb_to_recordset(${JSON.stringify(failed)}::jsonb) as x(id bigint, message text, delay double precision)
        where o.id = x.id`);
    return rows.length;
  });
}

/**
 * Acknowledge up to `limit` due rows of topics nobody consumes, in one statement (claimed as the
 * others are, so two workers never take the same row; their payloads never read); returns how
 * many.
 */
async function acknowledgeBatch(db: Db, topics: readonly OutboxTopic[], limit: number): Promise<number> {
  if (topics.length === 0 || limit <= 0) return 0;
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with c as (select id::bigint as id from outbox_claim(${sql.param(topics)}::text[], ${MAX_ATTEMPTS}::int, ${limit}::int)),
      u as (update outbox o set delivered_at = now(), attempts = o.attempts + 1, last_error = null
        from c where o.id = c.id returning 1)
      select count(*)::int as n from u`,
  );
  return row?.n ?? 0;
}

/**
 * Deliver the due rows now (tests, and each worker tick), batch after batch until one comes back
 * not full — the worker has caught up with the rows committed before it — or `max` rows were
 * tried; returns how many were. A cap of 500 rows per tick (until 5 December 2026) delivered at
 * most 500 a second, so at 1,000 declarations a second the backlog grew for as long as the load
 * lasted. Ending on the first batch not full keeps a tick from chasing the rows committed during
 * it one at a time. The rows nobody consumes go first, in batches of their own.
 */
export async function drainOutbox(
  db: Db,
  handlers: OutboxHandlers,
  options: { baseBackoffMs?: number; max?: number } = {},
): Promise<number> {
  let n = 0;
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const all = Object.keys(handlers) as OutboxTopic[];
  const quiet = all.filter((topic) => unsent.has(handlers[topic]!));
  const topics = all.filter((topic) => !unsent.has(handlers[topic]!));
  for (const [batch, step] of [
    [ACKNOWLEDGE_BATCH, (limit: number) => acknowledgeBatch(db, quiet, limit)],
    [
      DELIVERY_BATCH,
      (limit: number) => deliverBatch(db, handlers, topics, options.baseBackoffMs ?? 1000, limit),
    ],
  ] as const)
    for (;;) {
      const limit = Math.min(batch, max - n);
      const tried = await step(limit);
      n += tried;
      if (tried < limit || n >= max) break;
    }
  return n;
}

/** Run the worker every `pollMs`; returns a stop function that waits for the current tick. */
export function startOutboxWorker(
  db: Db,
  handlers: OutboxHandlers,
  options: { pollMs: number; onError?: (e: unknown) => void },
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = drainOutbox(db, handlers)
      .catch((e: unknown) => options.onError?.(e))
      .finally(() => {
        running = null;
      });
  }, options.pollMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
