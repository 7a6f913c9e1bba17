import { AppError } from '@epilink/core';
import { z } from 'zod';
import { demoMessages } from '../db/schema/index.ts';
import { afterCursor, nextCursorSchema, orderByKey, pageOf, pageQuery } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';

/** The inbox's order: newest message first (ids only grow). */
const INBOX_KEY: KeyPart[] = [{ column: demoMessages.id, type: 'bigint' }];

/** The demo inbox: what the demo channel "delivered". Exists only in demo mode (else 404). */
export const demoInboxRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/demo/inbox',
    summary: 'Demo mode only: the SMS and e-mails the demo channel received (newest first, keyset-paginated)',
    tags: ['demo'],
    auth: { kind: 'public' },
    personalData: false,
    query: z.strictObject(pageQuery(50, 200)),
    response: z.object({
      items: z.array(
        z.object({
          id: z.number(),
          channel: z.enum(['sms', 'email']),
          recipient: z.string(),
          subject: z.string().nullable(),
          body: z.string(),
          createdAt: z.date(),
        }),
      ),
      nextCursor: nextCursorSchema,
    }),
    async handler({ deps, query }) {
      if (!deps.config.demo.enabled) throw new AppError('NOT_FOUND');
      const rows = await deps
        .system('demo inbox (demo mode only: synthetic messages)')
        .db.select()
        .from(demoMessages)
        .where(afterCursor(INBOX_KEY, query.cursor, 'desc'))
        .orderBy(...orderByKey(INBOX_KEY, 'desc'))
        .limit(query.limit + 1);
      return pageOf(rows, query.limit, (r) => [String(r.id)]);
    },
  }),
];
