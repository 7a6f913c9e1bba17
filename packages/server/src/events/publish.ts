/**
 * Live events (docs/tracing.md): a change stores its events in `live_events` and publishes
 * `pg_notify('epilink_events', json)` inside its transaction, so they are delivered on commit — on
 * PostgreSQL and PGlite alike — to every API process listening. Events carry kinds and ids only
 * (no personal data) plus the place codes the listener filters by jurisdiction; the place is not
 * forwarded to clients. The stored row's id is the event's SSE id: a stream that reconnects with
 * `Last-Event-ID` is replayed the events it missed (events/replay.ts).
 */
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { queryNamed } from '../db/named.ts';
import { deferredWritesOf } from '../db/deferred.ts';
import { enqueueMany } from '../outbox/outbox.ts';
import type { OutboxTopic } from '../outbox/outbox.ts';

/** The notification channel. */
export const EVENTS_CHANNEL = 'epilink_events';

/**
 * What changed. `indicator`: a count of the situation room changed at the event's place (a test
 * result, a dose, a bed report); it goes to the indicator stream only (events/routes.ts). `alarm`: an
 * early-warning alarm raised at a commune (analytics/alarms), on both streams.
 */
export type LiveEventKind =
  | 'case'
  | 'contact'
  | 'epiStatus'
  | 'followUp'
  | 'indicator'
  | 'alarm'
  /** A quarantine order or health-form alert changed (issue #16). */
  | 'quarantine'
  | 'quarantineAlert'
  /** A declaration flagged for the commune's review, or its flag changed (issue #15). */
  | 'declaration';

/** One live event: what changed (kind, id, the person it concerns) and where (for filtering). */
export interface LiveEvent {
  kind: LiveEventKind;
  id: string;
  personId?: string;
  caseId?: string;
  place: { provinceCode: string; districtCode: string | null; communeCode: string | null };
  /** The stored event's id (`live_events.id`), set when published. */
  eventId?: string;
}

/** PostgreSQL's payload limit is 8000 bytes: events travel in batches below it. */
export const MAX_PAYLOAD = 7000;

/** Whether events fit one notification (jsonb text adds a space after each colon and comma, and each event gets its eventId). */
function fitsOneNotification(events: readonly LiveEvent[]): boolean {
  return JSON.stringify(events).length + events.length * 64 + 16 <= MAX_PAYLOAD;
}

/**
 * {@link publishEvents} of events that fit one notification as two CTEs for the caller's
 * data-modifying statement (`stored_events`, `notified_events`), and the expression its final
 * select must evaluate for the notification to be sent; null when there are none or they need
 * several notifications (then `publishEvents` after the statement).
 */
export function publishEventsCtes(events: readonly LiveEvent[]): { ctes: SQL; evaluate: SQL } | null {
  if (events.length === 0 || !fitsOneNotification(events)) return null;
  return {
    ctes: sql`stored_events as (insert into live_events (event)
        select e from jsonb_array_elements(${JSON.stringify(events)}::jsonb) with ordinality as x(e, n) order by n
        returning id, event),
      notified_events as (select pg_notify(${EVENTS_CHANNEL}, jsonb_build_object('events',
          jsonb_agg(event || jsonb_build_object('eventId', id::text) order by id))::text) from stored_events)`,
    evaluate: sql`(select count(*) from notified_events)`,
  };
}

/**
 * Publish events in the caller's transaction (delivered when it commits). `outbox` rows given
 * here are enqueued too (as `enqueueMany` does), in the same statement when the events fit one
 * notification: one round trip fewer on a hot path (a tracer's decision).
 */
export async function publishEvents(
  db: DbOrTx,
  events: readonly LiveEvent[],
  outbox: readonly { topic: OutboxTopic; payload: Record<string, unknown> }[] = [],
): Promise<void> {
  const deferred = deferredWritesOf(db); // a batch writes them at its end (db/deferred.ts)
  if (deferred) {
    deferred.events.push(...events);
    deferred.outbox.push(...outbox);
    return;
  }
  if (events.length === 0) return enqueueMany(db, outbox);
  // Small enough for one notification (the usual case): stored and notified in one statement.
  if (fitsOneNotification(events)) {
    const rows = outbox.map((o) => ({ t: o.topic, p: o.payload }));
    // Prepared by name (two texts: with and without outbox rows): parsed and planned once per connection.
    await queryNamed(
      db,
      'epilink_events_publish',
      sql`with ${
        rows.length > 0
          ? sql`queued as (insert into outbox (topic, payload)
          select x.t, x.p from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(t text, p jsonb)),`
          : sql``
      } stored as (insert into live_events (event)
          select e from jsonb_array_elements(${JSON.stringify(events)}::jsonb) with ordinality as x(e, n) order by n
          returning id, event)
        select pg_notify(${EVENTS_CHANNEL}, jsonb_build_object('events',
          jsonb_agg(event || jsonb_build_object('eventId', id::text) order by id))::text) from stored`,
    );
    return;
  }
  // Larger: stored (with the outbox rows, as above) in one statement, notified in batches below.
  const queued = outbox.map((o) => ({ t: o.topic, p: o.payload }));
  const stored = await queryRows<{ id: string; event: LiveEvent }>(
    db,
    sql`${
      queued.length > 0
        ? sql`with queued as (insert into outbox (topic, payload)
          select x.t, x.p from jsonb_to_recordset(${JSON.stringify(queued)}::jsonb) as x(t text, p jsonb)) `
        : sql``
    }insert into live_events (event) select e from jsonb_array_elements(${JSON.stringify(events)}::jsonb) as e
      returning id::text as id, event`,
  );
  await notifyStored(db, stored);
}

/**
 * Notify stored events (`live_events` rows: their id and event) in batches below the payload
 * limit, in their order, each event with its `eventId`: one statement.
 */
export async function notifyStored(
  db: DbOrTx,
  stored: readonly { id: string; event: LiveEvent }[],
): Promise<void> {
  const payloads: string[] = [];
  let batch: LiveEvent[] = [];
  let size = 0;
  for (const { id, event } of stored) {
    const e: LiveEvent = { ...event, eventId: id };
    const len = JSON.stringify(e).length + 1;
    if (batch.length > 0 && size + len > MAX_PAYLOAD) {
      payloads.push(JSON.stringify({ events: batch }));
      batch = [];
      size = 0;
    }
    batch.push(e);
    size += len;
  }
  if (batch.length > 0) payloads.push(JSON.stringify({ events: batch }));
  await db.execute(
    sql`select pg_notify(${EVENTS_CHANNEL}, p) from jsonb_array_elements_text(${JSON.stringify(payloads)}::jsonb) as p`,
  );
}

/**
 * Say, in the caller's transaction, that the situation room's counts changed at `place` (a result,
 * a dose, a bed report stored): open dashboards of officials whose jurisdiction covers the place
 * refetch their indicators when it commits. `id` is the stored record's id; nothing else travels.
 */
export function publishIndicatorChange(db: DbOrTx, id: string, place: LiveEvent['place']): Promise<void> {
  return publishEvents(db, [{ kind: 'indicator', id, place }]);
}
