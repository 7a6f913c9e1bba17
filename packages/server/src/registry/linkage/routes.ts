import { AppError } from '@epilink/core';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { actorId, scopeFor } from '../../access/context.ts';
import { writeAudit } from '../../audit/audit.ts';
import { linkageReviews, personMerges } from '../../db/schema/index.ts';
import { defineRoute } from '../../http/route.ts';
import { personSummarySchema } from '../persons/presenter.ts';
import { personSummaries } from '../persons/repository.ts';
import { mergePersons } from './merge.ts';
import { unmergePerson } from './unmerge.ts';

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
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: z.object({ items: z.array(reviewSchema) }),
    async handler({ deps, access, query, origin }) {
      const { db } = deps.database;
      const rows = await db
        .select()
        .from(linkageReviews)
        .where(and(eq(linkageReviews.status, query.status), scopeFor(access, linkageReviews)))
        .orderBy(desc(linkageReviews.score), desc(linkageReviews.createdAt))
        .limit(query.limit);
      const people = await personSummaries(
        db,
        access,
        rows.flatMap((r) => [r.personA, r.personB]),
      );
      const standing =
        query.status === 'merged' && rows.length > 0
          ? await db
              .select({ reviewId: personMerges.reviewId, mergedId: personMerges.mergedId })
              .from(personMerges)
              .where(
                and(
                  inArray(
                    personMerges.reviewId,
                    rows.map((r) => r.id),
                  ),
                  isNull(personMerges.undoneAt),
                ),
              )
          : [];
      const mergedOf = new Map(standing.map((m) => [m.reviewId, m.mergedId]));
      const items = rows.flatMap((r) => {
        const a = people.get(r.personA);
        const b = people.get(r.personB);
        if (!a || !b) return [];
        return [
          {
            id: r.id,
            score: r.score,
            reasons: r.reasons,
            status: r.status,
            createdAt: r.createdAt.toISOString(),
            a,
            b,
            mergedId: mergedOf.get(r.id) ?? null,
          },
        ];
      });
      await writeAudit(db, access, origin, {
        action: 'search',
        entity: 'linkage_review',
        fields: ['summary'],
        details: { results: items.length },
      });
      return { items };
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
    async handler({ deps, access, params, body, origin }) {
      return deps.database.db.transaction(async (tx) => {
        const [review] = await tx
          .select()
          .from(linkageReviews)
          .where(and(eq(linkageReviews.id, params.id), scopeFor(access, linkageReviews)))
          .for('update');
        if (!review) throw new AppError('NOT_FOUND');
        const visible = await personSummaries(tx, access, [review.personA, review.personB]);
        if (visible.size < 2) throw new AppError('NOT_FOUND');
        if (review.status !== 'open') throw new AppError('CONFLICT');
        const decided = { decidedAt: new Date(), decidedBy: actorId(access) };
        if (body.decision === 'distinct') {
          await tx
            .update(linkageReviews)
            .set({ status: 'distinct', ...decided })
            .where(eq(linkageReviews.id, review.id));
          await writeAudit(
            tx,
            access,
            origin,
            [review.personA, review.personB].map((id) => ({
              action: 'decide' as const,
              entity: 'linkage_review',
              entityId: review.id,
              personId: id,
              fields: [],
              details: { decision: 'distinct' },
            })),
          );
          return { ok: true as const };
        }
        const keep = body.keepId ?? review.personA;
        if (keep !== review.personA && keep !== review.personB)
          throw new AppError('VALIDATION_FAILED', {
            details: [{ path: 'body.keepId', messageKey: 'errors.field.invalidValue' }],
          });
        const other = keep === review.personA ? review.personB : review.personA;
        await tx
          .update(linkageReviews)
          .set({ status: 'merged', ...decided })
          .where(eq(linkageReviews.id, review.id));
        await mergePersons(tx, access, origin, {
          survivorId: keep,
          mergedId: other,
          reviewId: review.id,
          automatic: false,
          reasons: review.reasons,
        });
        return { ok: true as const, personId: keep };
      });
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
    async handler({ deps, access, params, origin }) {
      return deps.database.db.transaction(async (tx) => {
        const outcome = await unmergePerson(
          tx,
          access,
          origin,
          params.mergedId,
          async (ids) => (await personSummaries(tx, access, ids)).size === ids.length,
        );
        return { ok: true as const, ...outcome };
      });
    },
  }),
];
