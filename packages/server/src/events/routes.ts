/**
 * `GET /api/events`: server-sent events of changes in the caller's jurisdiction (cases,
 * contacts, epidemiological status, follow-ups). Each event names its kind and ids only; screens
 * reload what changed through the scoped API. Ids, replay, the per-caller cap and the end on
 * revocation: events/stream.ts.
 */
import { z } from 'zod';
import { citizenPersonIds, placeWithin } from '../access/context.ts';
import { defineRoute } from '../http/route.ts';
import { streamEvents } from './stream.ts';

export { closeEventStreams } from './stream.ts';

/** `?lastEventId=` for a client that reconnects by hand (EventSource sends the Last-Event-ID header). */
const replayQuery = z.strictObject({
  lastEventId: z
    .string()
    .regex(/^\d{1,18}$/u)
    .optional(),
});

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
      await streamEvents(deps, request, reply, access, (event) => placeWithin(access, event.place));
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
