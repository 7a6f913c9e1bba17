import { bigserial, index, jsonb, pgTable, timestamp } from 'drizzle-orm/pg-core';

/**
 * The live events of the last minutes (events/publish.ts): written with the change that caused
 * them, their `id` is the SSE event id, and a stream that reconnects with `Last-Event-ID` is
 * replayed what it missed. Pruned after `LIVE_EVENT_RETENTION_MINUTES` (events/retention.ts).
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The event as published (kinds, ids and the place codes streams filter by). */
    event: jsonb('event').notNull(),
  },
  (t) => [index('live_events_at_idx').on(t.at)],
);
