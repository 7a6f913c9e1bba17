/**
 * The last statement of a degree update that publishes (a tracer's decision): the changed
 * `person_epi_status` rows, the live events (the caller's, then one `epiStatus` event per changed
 * row), the outbox rows (the caller's, then `epi.status_changed` with the changed people when
 * there are any) and the notification, in ONE statement where they were two (the epi-status write,
 * then `publishEvents`). It is sent under the update's person locks, just before the commit: one
 * round trip fewer there whenever a degree or status changes. Same rows, same events, same order
 * as the two statements; a notification too large for one payload (or an update of more than
 * `EPI_ROWS_BY_LOOKUP` rows, or writes deferred by a batch) goes the two-statement way.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { deferredWritesOf } from '../db/deferred.ts';
import { executeTemplate, statementTemplate } from '../db/named.ts';
import { EVENTS_CHANNEL, MAX_PAYLOAD, notifyStored, publishEvents } from '../events/publish.ts';
import type { LiveEvent } from '../events/publish.ts';
import type { OutboxTopic } from '../outbox/outbox.ts';
import type { EpiRow } from './graph.ts';
import { EPI_ROWS_BY_LOOKUP, epiUpsertSql, storeEpiRows } from './graph.ts';

/** What a decision publishes with its degree update: its live events and outbox rows. */
export interface EpiPublish {
  events: readonly LiveEvent[];
  outbox: readonly { topic: OutboxTopic; payload: Record<string, unknown> }[];
}

/** The status events' outbox row (none when nothing changed), as the decision always wrote it. */
function statusChanged(statusEvents: readonly LiveEvent[]) {
  return statusEvents.length > 0
    ? [{ topic: 'epi.status_changed' as const, payload: { personIds: statusEvents.map((e) => e.id) } }]
    : [];
}

/** Publish `what` with the status events of a degree update already stored (two statements' way). */
export async function publishWithStatus(
  db: DbOrTx,
  what: EpiPublish,
  statusEvents: readonly LiveEvent[],
): Promise<void> {
  await publishEvents(
    db,
    [...what.events, ...statusEvents],
    [...what.outbox, ...statusChanged(statusEvents)],
  );
}

/**
 * The epi-status upsert (`epiUpsertSql`, by lookup), then the live events: the caller's
 * (`events`, in order) and one per changed row (in the upsert's order); the outbox rows: the
 * caller's (`outbox`) and `epi.status_changed`; notified in one payload when it fits (`max`).
 * Returns the status events (`epi` rows) and, when the payload did not fit, the stored events
 * (`unsent`, with their ids) for `notifyStored`. Built once; values as placeholders.
 */
const storeAndPublishTemplate = statementTemplate(
  'epilink_epi_publish',
  sql`with changed as (${epiUpsertSql(true)}),
    epi as (select jsonb_build_object('kind', 'epiStatus', 'id', person_id, 'personId', person_id,
        'place', jsonb_build_object('provinceCode', province_code, 'districtCode', district_code,
          'communeCode', commune_code)) as e, row_number() over () as n
      from changed),
    queued as (insert into outbox (topic, payload)
      select x.t, x.p from jsonb_to_recordset(${sql.placeholder('outbox')}::jsonb) as x(t text, p jsonb)
      union all
      select 'epi.status_changed', jsonb_build_object('personIds', jsonb_agg(e -> 'id' order by n))
      from epi having count(*) > 0),
    stored as (insert into live_events (event)
      select e from (select e, n from jsonb_array_elements(${sql.placeholder('events')}::jsonb) with ordinality as x(e, n)
        union all select e, n + 1000000000 from epi) y order by n
      returning id, event),
    payload as (select jsonb_build_object('events',
        jsonb_agg(event || jsonb_build_object('eventId', id::text) order by id))::text as p from stored),
    sent as (select pg_notify(${sql.placeholder('channel')}, p) from payload
      where octet_length(p) <= ${sql.placeholder('max')}::int)
    select 'epi' as kind, null::text as id, e as event, n from epi
    union all
    select 'unsent', s.id::text, s.event, s.id from stored s
    where (select count(*) from sent) = 0
    order by kind, n`,
);

/**
 * Store `rows` (as `storeEpiRows`) and publish `what` with their status events, in one statement
 * when it can (see above); returns the status events.
 */
export async function storeEpiRowsAndPublish(
  db: DbOrTx,
  diseaseCode: string,
  rows: readonly EpiRow[],
  what: EpiPublish,
): Promise<LiveEvent[]> {
  if (
    rows.length === 0 ||
    rows.length > EPI_ROWS_BY_LOOKUP ||
    what.events.length === 0 ||
    deferredWritesOf(db)
  ) {
    const statusEvents = await storeEpiRows(db, diseaseCode, rows);
    await publishWithStatus(db, what, statusEvents);
    return statusEvents;
  }
  const result = await executeTemplate<{ kind: 'epi' | 'unsent'; id: string | null; event: LiveEvent }>(
    db,
    storeAndPublishTemplate,
    {
      disease: diseaseCode,
      rows: JSON.stringify(rows),
      outbox: JSON.stringify(what.outbox.map((o) => ({ t: o.topic, p: o.payload }))),
      events: JSON.stringify(what.events),
      channel: EVENTS_CHANNEL,
      max: MAX_PAYLOAD,
    },
  );
  // Too large for one notification (rare: many changed people): notified in batches.
  const unsent = result.flatMap((r) => (r.kind === 'unsent' && r.id ? [{ id: r.id, event: r.event }] : []));
  if (unsent.length > 0) await notifyStored(db, unsent);
  return result.filter((r) => r.kind === 'epi').map((r) => r.event);
}
