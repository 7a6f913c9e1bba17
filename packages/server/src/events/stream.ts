/**
 * One server-sent event stream: `id:` lines (the stored event id), replay of what the client
 * missed (`Last-Event-ID` header, as EventSource sends on reconnect, or `?lastEventId=`), a cap on
 * open streams per caller, and an end at once when the caller's access goes (logout, revoked
 * session or API key, deactivated or re-scoped account: triggers announce it on `epilink_access`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from '../access/context.ts';
import { authenticateApiKey, bearerApiKey } from '../auth/apiKeys.ts';
import { authenticate } from '../auth/session.ts';
import { authenticateCitizen } from '../citizens/session.ts';
import type { AppDeps } from '../deps.ts';
import type { AccessChange } from './hub.ts';
import { subscribe } from './hub.ts';
import type { LiveEvent } from './publish.ts';
import { replayEvents } from './replay.ts';

/** Milliseconds between keep-alive comments (proxies close idle streams). */
const KEEPALIVE_MS = 25_000;
/**
 * A stream ends after this long and the browser's EventSource reconnects (with Last-Event-ID),
 * so the session and jurisdiction are checked again even without a trigger's word.
 */
const MAX_STREAM_MS = 5 * 60_000;
/** Open streams per caller and process: a new one beyond this ends the caller's oldest. */
export const MAX_STREAMS_PER_CALLER = 6;

interface OpenStream {
  caller: string;
  end: () => void;
}

/** Open streams per app, so shutting the app down ends them (a stream never ends on its own). */
const openStreams = new WeakMap<FastifyInstance, Set<OpenStream>>();

/** End every open event stream of an app (its preClose hook), so `app.close()` does not wait on them. */
export function closeEventStreams(app: FastifyInstance): void {
  for (const s of openStreams.get(app) ?? []) s.end();
}

/** The caller a stream belongs to, for the cap and for access changes. */
function callerOf(access: Access): { key: string; concerns: (c: AccessChange) => boolean } {
  const { actor } = access;
  if (actor.kind === 'user') return { key: `u:${actor.userId}`, concerns: (c) => c.userId === actor.userId };
  if (actor.kind === 'citizen')
    return { key: `c:${actor.citizenId}`, concerns: (c) => c.citizenId === actor.citizenId };
  if (actor.kind === 'apiKey')
    return { key: `k:${actor.keyId}`, concerns: (c) => c.apiKeyId === actor.keyId };
  return { key: `s:${actor.kind}`, concerns: () => false };
}

/** Whether the request's credentials still give the same caller (checked after an access change). */
async function stillAuthorised(deps: AppDeps, request: FastifyRequest, access: Access): Promise<boolean> {
  const { actor } = access;
  const db = deps.database.db;
  if (actor.kind === 'citizen')
    return (await authenticateCitizen(deps.database, request))?.citizenId === actor.citizenId;
  if (actor.kind === 'apiKey') {
    const key = bearerApiKey(request);
    const again = key ? await authenticateApiKey(db, key) : null;
    return again?.actor.kind === 'apiKey' && again.actor.keyId === actor.keyId;
  }
  if (actor.kind === 'user') {
    const session = await authenticate(deps, request);
    return session?.stage === 'active' && session.user.id === actor.userId;
  }
  return false;
}

/** The id the client last saw: the Last-Event-ID header (EventSource reconnect) or `?lastEventId=`. */
export function lastEventIdOf(request: FastifyRequest): string | null {
  const header = request.headers['last-event-id'];
  const query = (request.query as Record<string, unknown> | undefined)?.lastEventId;
  const raw = typeof header === 'string' ? header : typeof query === 'string' ? query : null;
  return raw !== null && /^\d{1,18}$/u.test(raw) ? raw : null;
}

/** The SSE frame of an event with its kind and ids (the officials' and citizens' streams). */
function frame(event: LiveEvent): string {
  const data = {
    kind: event.kind,
    id: event.id,
    personId: event.personId ?? null,
    caseId: event.caseId ?? null,
  };
  return `${event.eventId ? `id: ${event.eventId}\n` : ''}event: ${event.kind}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Hijack the reply into a server-sent event stream of the events `accept` lets through (kinds and
 * ids only; `frameOf` may send less). It ends when the client leaves, the app closes, the listener
 * is lost, the caller's access goes, the caller opens too many streams, or after MAX_STREAM_MS.
 */
export async function streamEvents(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  access: Access,
  accept: (event: LiveEvent) => boolean,
  frameOf: (event: LiveEvent) => string = frame,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const caller = callerOf(access);
  let closed = false;
  let end: () => void = () => undefined;
  // Live events wait here until the replay is written, so nothing is sent twice or out of order.
  let held: LiveEvent[] | null = [];
  let lastSent = BigInt(lastEventIdOf(request) ?? '0');
  const send = (event: LiveEvent) => {
    if (closed || !accept(event)) return;
    if (event.eventId) {
      const id = BigInt(event.eventId);
      if (id <= lastSent) return;
      lastSent = id;
    }
    res.write(frameOf(event));
  };
  const unsubscribe = await subscribe(
    deps.database,
    (event) => {
      if (held) held.push(event);
      else send(event);
    },
    () => {
      end();
    },
    (change) => {
      if (closed || !caller.concerns(change)) return;
      if (change.account) {
        end();
        return;
      }
      stillAuthorised(deps, request, access).then(
        (ok) => {
          if (!ok) end();
        },
        () => {
          end();
        },
      );
    },
  );
  res.write(': connected\n\n');
  const from = lastEventIdOf(request);
  if (from !== null) {
    const replay = await replayEvents(deps.database.db, from);
    if (replay.gap) res.write('event: reset\ndata: {}\n\n');
    for (const event of replay.events) send(event);
  }
  const waiting = held;
  held = null;
  for (const event of waiting) send(event);

  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
  keepAlive.unref();
  const expire = setTimeout(() => {
    end();
  }, MAX_STREAM_MS);
  expire.unref();
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    clearTimeout(expire);
    void unsubscribe();
  };
  const streams = openStreams.get(request.server) ?? new Set<OpenStream>();
  openStreams.set(request.server, streams);
  const self: OpenStream = {
    caller: caller.key,
    end: () => {
      streams.delete(self);
      close();
      res.end();
    },
  };
  end = self.end;
  // The cap: the caller's oldest streams end (Set keeps insertion order).
  const mine = [...streams].filter((s) => s.caller === caller.key);
  for (const old of mine.slice(0, Math.max(0, mine.length + 1 - MAX_STREAMS_PER_CALLER))) old.end();
  streams.add(self);
  request.raw.on('close', () => {
    streams.delete(self);
    close();
  });
  res.on('close', close);
  if (closed) self.end();
}
