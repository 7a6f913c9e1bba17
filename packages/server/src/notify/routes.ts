import { AppError } from '@epilink/core';
import { desc } from 'drizzle-orm';
import { z } from 'zod';
import { demoMessages } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';

/** The demo inbox: what the demo channel "delivered". Exists only in demo mode (else 404). */
export const demoInboxRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/demo/inbox',
    summary: 'Demo mode only: the SMS and e-mails the demo channel received (newest first)',
    tags: ['demo'],
    auth: { kind: 'public' },
    personalData: false,
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
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
    }),
    async handler({ deps, query }) {
      if (!deps.config.demo.enabled) throw new AppError('NOT_FOUND');
      const items = await deps
        .system('demo inbox (demo mode only: synthetic messages)')
        .db.select()
        .from(demoMessages)
        .orderBy(desc(demoMessages.id))
        .limit(query.limit);
      return { items };
    },
  }),
];
