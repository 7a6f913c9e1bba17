/**
 * One listener per process: the first subscriber starts a LISTEN on `epilink_events` (PGlite's
 * `listen()`, or a dedicated PostgreSQL connection), every subscriber of the process shares it,
 * and it stops when the last one leaves. If the PostgreSQL connection drops, every subscriber is
 * told (`onLost`: the event stream ends, the browser's EventSource reconnects) and the next
 * subscription listens afresh.
 */
import pg from 'pg';
import type { Database } from '../db/client.ts';
import type { LiveEvent } from './publish.ts';
import { EVENTS_CHANNEL } from './publish.ts';

/**
 * The channel on which triggers (migration 0028) announce that an account's access changed: a
 * session or citizen session revoked or deleted, an official deactivated or re-scoped, an API key
 * revoked. Streams of that caller check their access again at once.
 */
export const ACCESS_CHANNEL = 'epilink_access';

/** Whose access changed (exactly one id is set). */
export interface AccessChange {
  userId?: string;
  citizenId?: string;
  apiKeyId?: string;
  /** The account itself changed (deactivated, role or jurisdiction): its streams end. */
  account?: boolean;
}

type Subscriber = (event: LiveEvent) => void;
type AccessWatcher = (change: AccessChange) => void;

interface Hub {
  subscribers: Set<Subscriber>;
  lost: Set<() => void>;
  watchers: Set<AccessWatcher>;
  stop: Promise<() => Promise<void>>;
}

const hubs = new WeakMap<Database, Hub>();

function dispatch(hub: Hub, channel: string, payload: string): void {
  if (channel === ACCESS_CHANNEL) {
    let change: AccessChange;
    try {
      change = JSON.parse(payload) as AccessChange;
    } catch {
      return;
    }
    for (const w of hub.watchers) w(change);
    return;
  }
  let events: LiveEvent[];
  try {
    events = (JSON.parse(payload) as { events: LiveEvent[] }).events;
  } catch {
    return;
  }
  for (const e of events) for (const s of hub.subscribers) s(e);
}

/** The listening connection is gone: forget the hub and end its subscribers' streams. */
function loseHub(database: Database, hub: Hub): void {
  if (hubs.get(database) === hub) hubs.delete(database);
  const lost = [...hub.lost];
  hub.lost.clear();
  hub.subscribers.clear();
  hub.watchers.clear();
  for (const fn of lost) fn();
}

async function startListening(database: Database, hub: Hub): Promise<() => Promise<void>> {
  if (database.kind === 'pglite' && database.pglite) {
    const stopEvents = await database.pglite.listen(EVENTS_CHANNEL, (payload) => {
      dispatch(hub, EVENTS_CHANNEL, payload);
    });
    const stopAccess = await database.pglite.listen(ACCESS_CHANNEL, (payload) => {
      dispatch(hub, ACCESS_CHANNEL, payload);
    });
    return async () => {
      await stopEvents();
      await stopAccess();
    };
  }
  if (!database.pool) throw new Error('no database connection to listen on');
  const client = new pg.Client(database.pool.options);
  let stopping = false;
  const dropped = () => {
    if (!stopping) loseHub(database, hub);
  };
  client.on('error', dropped);
  client.on('end', dropped);
  await client.connect();
  client.on('notification', (msg) => {
    if (msg.payload) dispatch(hub, msg.channel, msg.payload);
  });
  await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  await client.query(`LISTEN ${ACCESS_CHANNEL}`);
  return async () => {
    stopping = true;
    await client.end().catch(() => undefined);
  };
}

/**
 * Subscribe to the live events of this process's database; resolves once listening. `onLost` is
 * called if the listening connection drops (no more events will come); `onAccess` when some
 * account's access changed. Returns the unsubscribe function (the listener stops with the last
 * subscriber).
 */
export async function subscribe(
  database: Database,
  fn: Subscriber,
  onLost: () => void = () => undefined,
  onAccess: AccessWatcher = () => undefined,
): Promise<() => Promise<void>> {
  let hub = hubs.get(database);
  if (!hub) {
    const created: Hub = {
      subscribers: new Set(),
      lost: new Set(),
      watchers: new Set(),
      stop: Promise.resolve(() => Promise.resolve()),
    };
    created.stop = startListening(database, created);
    hubs.set(database, created);
    hub = created;
    created.stop.catch(() => hubs.delete(database));
  }
  hub.subscribers.add(fn);
  hub.lost.add(onLost);
  hub.watchers.add(onAccess);
  const current = hub;
  await current.stop;
  return async () => {
    current.subscribers.delete(fn);
    current.lost.delete(onLost);
    current.watchers.delete(onAccess);
    if (current.subscribers.size === 0 && hubs.get(database) === current) {
      hubs.delete(database);
      // The database may already be closing (server shutdown): nothing is left to stop then.
      const stop = await current.stop.catch(() => null);
      await stop?.().catch(() => undefined);
    }
  };
}
