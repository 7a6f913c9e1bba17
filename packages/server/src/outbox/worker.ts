/**
 * The outbox worker: delivers outbox rows of the topics it has a handler for, oldest first, one
 * row per transaction (`for update skip locked`, so several processes can run it side by side).
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

async function deliverOne(db: Db, handlers: OutboxHandlers, baseBackoffMs: number): Promise<boolean> {
  const topics = Object.keys(handlers);
  if (topics.length === 0) return false;
  return db.transaction(async (tx) => {
    const [row] = await queryRows<Row>(
      tx,
      sql`select id::text as id, topic, payload, attempts,
            to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at from outbox
          where delivered_at is null and available_at <= now() and attempts < ${MAX_ATTEMPTS}
            and topic in (${sql.join(
              topics.map((t) => sql`${t}`),
              sql`, `,
            )})
          order by id limit 1 for update skip locked`,
    );
    if (!row) return false;
    const handler = handlers[row.topic]!;
    try {
      const rewritten = await handler(row.payload, tx, {
        id: row.id,
        topic: row.topic,
        createdAt: row.created_at,
      });
      await tx.execute(sql`update outbox set delivered_at = now(), attempts = attempts + 1, last_error = null,
        payload = ${JSON.stringify(rewritten ?? row.payload)}::jsonb where id = ${row.id}::bigint`);
    } catch (e) {
      const message = (e instanceof Error ? e.message : String(e)).slice(0, 300);
      const delay = backoffMs(row.attempts + 1, baseBackoffMs);
      await tx.execute(sql`update outbox set attempts = attempts + 1, last_error = ${message},
        available_at = now() + (${delay} * interval '1 millisecond') where id = ${row.id}::bigint`);
    }
    return true;
  });
}

/** Deliver every due row now (tests, and each worker tick); returns how many rows were tried. */
export async function drainOutbox(
  db: Db,
  handlers: OutboxHandlers,
  options: { baseBackoffMs?: number; max?: number } = {},
): Promise<number> {
  let n = 0;
  const max = options.max ?? 500;
  while (n < max && (await deliverOne(db, handlers, options.baseBackoffMs ?? 1000))) n += 1;
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
