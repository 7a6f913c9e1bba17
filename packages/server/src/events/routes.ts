/**
 * `GET /api/events`: server-sent events of changes in the caller's jurisdiction (cases,
 * contacts, epidemiological status, follow-ups). Each event names its kind and ids only; screens
 * reload what changed through the scoped API. `GET /api/events/indicators`: the situation room's
 * stream (cases and counts changed in the jurisdiction; the kind only), for whoever reads
 * indicators — the steering committee has no case permission. Ids, replay, the per-caller cap and
 * the end on revocation: events/stream.ts.
 */
import { z } from 'zod';
import { citizenPersonIds, placeWithin } from '../access/context.ts';
import { defineRoute } from '../http/route.ts';
import type { LiveEvent } from './publish.ts';
import { streamEvents } from './stream.ts';

export { closeEventStreams } from './stream.ts';

/** `?lastEventId=` for a client that reconnects by hand (EventSource sends the Last-Event-ID header). */
const replayQuery = z.strictObject({
  lastEventId: z
    .string()
    .regex(/^\d{1,18}$/u)
    .optional(),
});

/** Events after which the situation room's figures may differ: a case changed, or a count did. */
const INDICATOR_KINDS = new Set<LiveEvent['kind']>(['case', 'indicator', 'alarm']);

/** The indicator stream's frame: the stored id (for replay) and the kind, nothing about whom. */
function countsFrame(event: LiveEvent): string {
  const data = JSON.stringify({ kind: event.kind });
  return `${event.eventId ? `id: ${event.eventId}\n` : ''}event: ${event.kind}\ndata: ${data}\n\n`;
}

export const eventRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/events',
    summary: 'Live changes in your jurisdiction as server-sent events (kinds and ids only, no personal data)',
    tags: ['events'],
    auth: { kind: 'user', permission: 'case:read' },
    personalData: false,
    query: replayQuery,
    response: null,
    async handler({ deps, access, request, reply }) {
      await streamEvents(
        deps,
        request,
        reply,
        access,
        (event) => event.kind !== 'indicator' && placeWithin(access, event.place),
      );
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/events/indicators',
    summary:
      'Live word that the situation room’s counts changed in your jurisdiction (server-sent events: the kind only, no ids)',
    tags: ['events'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    query: replayQuery,
    response: null,
    async handler({ deps, access, request, reply }) {
      await streamEvents(
        deps,
        request,
        reply,
        access,
        (event) => INDICATOR_KINDS.has(event.kind) && placeWithin(access, event.place),
        countsFrame,
      );
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
    query: replayQuery,
    response: null,
    async handler({ deps, access, request, reply }) {
      const mine = new Set(citizenPersonIds(access));
      await streamEvents(
        deps,
        request,
        reply,
        access,
        (event) => !!event.personId && mine.has(event.personId),
      );
      return undefined;
    },
  }),
];
