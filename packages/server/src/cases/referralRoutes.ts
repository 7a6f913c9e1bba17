/** Cross-jurisdiction contact referrals: the named contact's own commune lists and decides them. */
import { z } from 'zod';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { decideReferral, listReferrals } from './referrals.ts';

const referralSchema = z.object({
  id: z.string(),
  status: z.enum(['pending', 'linked', 'dismissed']),
  fullName: z.string(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  exposureType: z.string(),
  exposureDate: z.string().nullable(),
  communeCode: z.string().nullable(),
  personId: z.string().nullable(),
  createdAt: z.string(),
});

export const referralRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/tracing/referrals',
    summary:
      'Contacts named at interviews in other jurisdictions who live in yours: review them (link or dismiss)',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:trace' },
    personalData: true,
    query: z.strictObject({
      status: z.enum(['pending', 'linked', 'dismissed']).default('pending'),
      ...pageQuery(50, 200),
    }),
    response: z.object({
      items: z.array(referralSchema),
      /** The next (older) page's cursor; null when this page is the last. */
      nextCursor: nextCursorSchema,
    }),
    async handler({ tx, access, query, audit }) {
      const { items, nextCursor } = await listReferrals(tx, access, query);
      await audit([
        {
          action: 'search',
          entity: 'contact_referral',
          fields: ['namedContact'],
          details: { results: items.length, referralIds: items.map((i) => i.id) },
        },
        ...items.flatMap((i) =>
          i.personId
            ? [
                {
                  action: 'read' as const,
                  entity: 'contact_referral',
                  personId: i.personId,
                  fields: ['namedContact'],
                },
              ]
            : [],
        ),
      ]);
      return { items, nextCursor };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/tracing/referrals/:id/decision',
    summary:
      'Decide a referral: link (record linkage in your commune, contact proposed on your resident) or dismiss',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:trace' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({
      decision: z.enum(['link', 'dismiss']),
      /** Link to this resident (found by the tracer) instead of matching the named details. */
      personId: z.uuid().optional(),
    }),
    response: referralSchema,
    async handler({ tx, access, params, body, origin }) {
      return decideReferral(tx, access, origin, params.id, body.decision, body.personId);
    },
  }),
];
