/**
 * `GET /api/events`: server-sent events of changes in the caller's jurisdiction (cases,
 * contacts, epidemiological status, follow-ups). Each event names its kind and ids only; screens
 * reload what changed through the scoped API.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { citizenPersonIds, placeWithin } from '../access/context.ts';
import type { AppDeps } from '../deps.ts';
import { defineRoute } from '../http/route.ts';
import { subscribe } from './hub.ts';
import type { LiveEvent } from './publish.ts';

/** Milliseconds between keep-alive comments (proxies close idle streams). */
const KEEPALIVE_MS = 25_000;
/**
 * A stream ends after this long and the browser's EventSource reconnects, so the session and
 * jurisdiction are checked again (a revoked or expired session stops hearing events).
 */
const MAX_STREAM_MS = 5 * 60_000;

/** Open streams per app, so shutting the app down ends them (a stream never ends on its own). */
const openStreams = new WeakMap<FastifyInstance, Set<() => void>>();

/** End every open event stream of an app (its preClose hook), so `app.close()` does not wait on them. */
export function closeEventStreams(app: FastifyInstance): void {
  for (const end of openStreams.get(app) ?? []) end();
}

/**
 * Hijack the reply into a server-sent event stream of the events `accept` lets through (kinds and
 * ids only). It ends when the client leaves, the app closes, the listener is lost, or after
 * MAX_STREAM_MS (the browser reconnects and is authenticated again).
 */
async function streamEvents(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  accept: (event: LiveEvent) => boolean,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let closed = false;
  let end: () => void = () => undefined;
  const unsubscribe = await subscribe(
    deps.database,
    (event) => {
      if (closed || !accept(event)) return;
      const data = {
        kind: event.kind,
        id: event.id,
        personId: event.personId ?? null,
        caseId: event.caseId ?? null,
      };
      res.write(`event: ${event.kind}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    () => {
      end();
    },
  );
  res.write(': connected\n\n');
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
  const streams = openStreams.get(request.server) ?? new Set<() => void>();
  openStreams.set(request.server, streams);
  end = () => {
    close();
    res.end();
  };
  streams.add(end);
  request.raw.on('close', () => {
    streams.delete(end);
    close();
  });
  res.on('close', close);
}

export const eventRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/events',
    summary: 'Live changes in your jurisdiction as server-sent events (kinds and ids only, no personal data)',
    tags: ['events'],
    auth: { kind: 'user', permission: 'case:read' },
    personalData: false,
    response: null,
    async handler({ deps, access, request, reply }) {
      await streamEvents(deps, request, reply, (event) => placeWithin(access, event.place));
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/events',
    summary: 'Live changes of my own records and those of my wards (server-sent events, kinds and ids only)',
    tags: ['citizen'],
    auth: { kind: 'citizen' },
    personalData: false,
    response: null,
    async handler({ deps, access, request, reply }) {
      const mine = new Set(citizenPersonIds(access));
      await streamEvents(deps, request, reply, (event) => !!event.personId && mine.has(event.personId));
      return undefined;
    },
  }),
];
