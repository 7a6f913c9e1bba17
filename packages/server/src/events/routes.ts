/**
 * `GET /api/events`: server-sent events of changes in the caller's jurisdiction (cases,
 * contacts, epidemiological status, follow-ups). Each event names its kind and ids only; screens
 * reload what changed through the scoped API.
 */
import type { FastifyInstance } from 'fastify';
import { placeWithin } from '../access/context.ts';
import { defineRoute } from '../http/route.ts';
import { subscribe } from './hub.ts';

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
          if (closed || !placeWithin(access, event.place)) return;
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
      return undefined;
    },
  }),
];
