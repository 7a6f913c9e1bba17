/**
 * Nothing in the event tables grows without bound: delivered outbox rows are deleted after
 * `OUTBOX_RETENTION_DAYS` (rows that failed every attempt stay, for an operator to see), and live
 * events after `LIVE_EVENT_RETENTION_MINUTES` (events/replay.ts). Run every minute by the workers.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { pruneLiveEvents } from '../events/replay.ts';

/** Delete outbox rows delivered more than `days` days before `now`; returns how many. */
export async function pruneOutbox(db: Db, days: number, now: Date = new Date()): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with d as (delete from outbox where delivered_at is not null
        and delivered_at < ${now.toISOString()}::timestamptz - make_interval(days => ${days}) returning 1)
      select count(*)::int as n from d`,
  );
  return rows[0]?.n ?? 0;
}

/** Prune both every `intervalMs`; returns a stop function. */
export function startEventRetention(
  db: Db,
  options: {
    outboxDays: number;
    liveEventMinutes: number;
    intervalMs?: number;
    onError?: (e: unknown) => void;
  },
): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = pruneOutbox(db, options.outboxDays)
      .then(() => pruneLiveEvents(db, options.liveEventMinutes))
      .catch((e: unknown) => options.onError?.(e))
      .finally(() => {
        running = null;
      });
  }, options.intervalMs ?? 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
