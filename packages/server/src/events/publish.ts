/**
 * Live events (docs/tracing.md): a change publishes `pg_notify('epilink_events', json)` inside its
 * transaction, so it is delivered on commit — on PostgreSQL and PGlite alike — to every API
 * process listening. Events carry kinds and ids only (no personal data) plus the place codes the
 * listener filters by jurisdiction; the place is not forwarded to clients.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';

/** The notification channel. */
export const EVENTS_CHANNEL = 'epilink_events';

/** What changed. */
export type LiveEventKind = 'case' | 'contact' | 'epiStatus' | 'followUp';

/** One live event: what changed (kind, id, the person it concerns) and where (for filtering). */
export interface LiveEvent {
  kind: LiveEventKind;
  id: string;
  personId?: string;
  caseId?: string;
  place: { provinceCode: string; districtCode: string | null; communeCode: string | null };
}

/** PostgreSQL's payload limit is 8000 bytes: events travel in batches below it. */
const MAX_PAYLOAD = 7000;

/** Publish events in the caller's transaction (delivered when it commits). */
export async function publishEvents(db: DbOrTx, events: readonly LiveEvent[]): Promise<void> {
  if (events.length === 0) return;
  const payloads: string[] = [];
  let batch: LiveEvent[] = [];
  let size = 0;
  for (const e of events) {
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
