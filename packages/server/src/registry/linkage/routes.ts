import { z } from 'zod';
import { listAuditEntries } from '../../audit/results.ts';
import { nextCursorSchema, pageQuery } from '../../http/page.ts';
import { defineRoute } from '../../http/route.ts';
import { personSummarySchema } from '../persons/presenter.ts';
import { decideReview, listReviews, undoMerge } from './reviews.ts';
const reviewSchema = z.object({
  id: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
  status: z.enum(['open', 'merged', 'distinct']),
  createdAt: z.string(),
  a: personSummarySchema,
  b: personSummarySchema,
  /** For a merged pair whose merge still stands: the record that was merged (to undo it). */
  mergedId: z.string().nullable(),
});

export const linkageRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/linkage/reviews',
    summary: 'Likely duplicates awaiting review (both records inside your jurisdiction)',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'person:merge' },
    personalData: true,
    query: z.strictObject({
      status: z.enum(['open', 'merged', 'distinct']).default('open'),
      ...pageQuery(50, 200),
    }),
    response: z.object({
      items: z.array(reviewSchema),
      /** The next page's cursor; null when this page is the last. */
      nextCursor: nextCursorSchema,
    }),
    async handler({ tx, access, query, audit }) {
      const page = await listReviews(tx, access, query);
      await audit(
        listAuditEntries(
          'linkage_review',
          page.items.flatMap((r) => [r.a.id, r.b.id]),
        ),
      );
      return page;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/linkage/reviews/:id/decide',
    summary: 'Decide a review: merge the two records (history kept) or mark them as different people',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'person:merge' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ decision: z.enum(['merge', 'distinct']), keepId: z.uuid().optional() }),
    response: z.object({ ok: z.literal(true), personId: z.string().optional() }),
    async handler({ tx, access, params, body, origin }) {
      return decideReview(tx, access, origin, params.id, body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/linkage/merges/:mergedId/undo',
    summary:
      'Undo a merge (automatic or decided): both records are separate again with their own doses, results, cases and contacts; audited',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'person:merge' },
    personalData: true,
    params: z.strictObject({ mergedId: z.uuid() }),
    response: z.object({
      ok: z.literal(true),
      survivorId: z.string(),
      mergedId: z.string(),
      restoredFields: z.array(z.string()),
    }),
    async handler({ tx, access, params, origin }) {
      const outcome = await undoMerge(tx, access, origin, params.mergedId);
      return { ok: true as const, ...outcome };
    },
  }),
];
