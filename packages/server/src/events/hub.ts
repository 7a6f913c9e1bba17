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

type Subscriber = (event: LiveEvent) => void;

interface Hub {
  subscribers: Set<Subscriber>;
  lost: Set<() => void>;
  stop: Promise<() => Promise<void>>;
}

const hubs = new WeakMap<Database, Hub>();

function dispatch(hub: Hub, payload: string): void {
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
  for (const fn of lost) fn();
}

async function startListening(database: Database, hub: Hub): Promise<() => Promise<void>> {
  if (database.kind === 'pglite' && database.pglite) {
    const unsubscribe = await database.pglite.listen(EVENTS_CHANNEL, (payload) => {
      dispatch(hub, payload);
    });
    return unsubscribe;
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
    if (msg.channel === EVENTS_CHANNEL && msg.payload) dispatch(hub, msg.payload);
  });
  await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  return async () => {
    stopping = true;
    await client.end().catch(() => undefined);
  };
}

/**
 * Subscribe to the live events of this process's database; resolves once listening. `onLost` is
 * called if the listening connection drops (no more events will come). Returns the unsubscribe
 * function (the listener stops with the last subscriber).
 */
export async function subscribe(
  database: Database,
  fn: Subscriber,
  onLost: () => void = () => undefined,
): Promise<() => Promise<void>> {
  let hub = hubs.get(database);
  if (!hub) {
    const created: Hub = {
      subscribers: new Set(),
      lost: new Set(),
      stop: Promise.resolve(() => Promise.resolve()),
    };
    created.stop = startListening(database, created);
    hubs.set(database, created);
    hub = created;
    created.stop.catch(() => hubs.delete(database));
  }
  hub.subscribers.add(fn);
  hub.lost.add(onLost);
  const current = hub;
  await current.stop;
  return async () => {
    current.subscribers.delete(fn);
    current.lost.delete(onLost);
    if (current.subscribers.size === 0 && hubs.get(database) === current) {
      hubs.delete(database);
      // The database may already be closing (server shutdown): nothing is left to stop then.
      const stop = await current.stop.catch(() => null);
      await stop?.().catch(() => undefined);
    }
  };
}
