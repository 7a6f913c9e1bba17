/**
 * One listener per process: the first subscriber starts a LISTEN on `epilink_events` (PGlite's
 * `listen()`, or a dedicated PostgreSQL connection), every subscriber of the process shares it,
 * and it stops when the last one leaves.
 */
import pg from 'pg';
import type { Database } from '../db/client.ts';
import type { LiveEvent } from './publish.ts';
import { EVENTS_CHANNEL } from './publish.ts';

type Subscriber = (event: LiveEvent) => void;

interface Hub {
  subscribers: Set<Subscriber>;
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

async function startListening(database: Database, hub: Hub): Promise<() => Promise<void>> {
  if (database.kind === 'pglite' && database.pglite) {
    const unsubscribe = await database.pglite.listen(EVENTS_CHANNEL, (payload) => {
      dispatch(hub, payload);
    });
    return unsubscribe;
  }
  if (!database.pool) throw new Error('no database connection to listen on');
  const client = new pg.Client(database.pool.options);
  client.on('error', () => {
    // The connection dropped: subscribers stay; the next subscription after the last leaves restarts it.
  });
  await client.connect();
  client.on('notification', (msg) => {
    if (msg.channel === EVENTS_CHANNEL && msg.payload) dispatch(hub, msg.payload);
  });
  await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  return async () => {
    await client.end().catch(() => undefined);
  };
}

/**
 * Subscribe to the live events of this process's database; resolves once listening. Returns the
 * unsubscribe function (the listener stops with the last subscriber).
 */
export async function subscribe(database: Database, fn: Subscriber): Promise<() => Promise<void>> {
  let hub = hubs.get(database);
  if (!hub) {
    const created: Hub = { subscribers: new Set(), stop: Promise.resolve(() => Promise.resolve()) };
    created.stop = startListening(database, created);
    hubs.set(database, created);
    hub = created;
    created.stop.catch(() => hubs.delete(database));
  }
  hub.subscribers.add(fn);
  const current = hub;
  await current.stop;
  return async () => {
    current.subscribers.delete(fn);
    if (current.subscribers.size === 0 && hubs.get(database) === current) {
      hubs.delete(database);
      // The database may already be closing (server shutdown): nothing is left to stop then.
      const stop = await current.stop.catch(() => null);
      await stop?.().catch(() => undefined);
    }
  };
}
