/**
 * Replay and retention of stored live events (`live_events`). A stream that reconnects is sent
 * the events after the id it last saw, oldest first; if that id is older than what is kept (or
 * too much happened meanwhile), the stream says `reset` and the screen reloads everything.
 */
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import type { LiveEvent } from './publish.ts';

/** At most this many events are replayed; beyond it the client is told to reload. */
const MAX_REPLAY = 2000;

/** The events after `afterId`, and whether some may be missing (pruned, or more than MAX_REPLAY). */
export async function replayEvents(
  db: DbOrTx,
  afterId: string,
): Promise<{ events: LiveEvent[]; gap: boolean }> {
  const rows = await queryRows<{ id: string; event: LiveEvent }>(
    db,
    sql`select id::text as id, event from live_events where id > ${afterId}::bigint order by live_events.id limit ${MAX_REPLAY + 1}`,
  );
  const [oldest] = await queryRows<{ id: string | null }>(
    db,
    sql`select min(id)::text as id from live_events`,
  );
  // Pruning removes the oldest first: if the oldest kept event comes after the next one the client
  // expects, some may be gone (or were never committed): the client reloads to be sure.
  const pruned = oldest?.id != null && BigInt(oldest.id) > BigInt(afterId) + 1n;
  return {
    events: rows.slice(0, MAX_REPLAY).map((r) => ({ ...r.event, eventId: r.id })),
    gap: rows.length > MAX_REPLAY || pruned,
  };
}

/** Delete stored events older than `minutes`; returns how many. */
export async function pruneLiveEvents(db: Db, minutes: number): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with d as (delete from live_events where at < now() - make_interval(mins => ${minutes}) returning 1)
      select count(*)::int as n from d`,
  );
  return rows[0]?.n ?? 0;
}
