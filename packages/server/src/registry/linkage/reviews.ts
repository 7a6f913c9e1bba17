/**
 * The record-linkage review queue: likely duplicates with both records inside the caller's
 * jurisdiction, keyset-paginated (highest score first, then newest), and the reviewer's decision
 * (merge or distinct) and undo — each scoped to the caller's jurisdiction.
 */
import { AppError } from '@epilink/core';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Access } from '../../access/context.ts';
import { actorId, scopeFor } from '../../access/context.ts';
import type { AuditOrigin } from '../../audit/audit.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { DbOrTx } from '../../db/client.ts';
import { linkageReviews, personMerges } from '../../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../../http/page.ts';
import type { KeyPart } from '../../http/page.ts';
import { personSummaries } from '../persons/repository.ts';
import { mergePersons } from './merge.ts';
import { unmergePerson } from './unmerge.ts';

/** The queue's order: highest score first (to the micro-unit), then newest, then id. */
const REVIEW_KEY: KeyPart[] = [
  { column: sql`round(${linkageReviews.score}::numeric * 1000000)::bigint`, type: 'bigint' },
  { column: linkageReviews.createdAt, type: 'timestamptz' },
  { column: linkageReviews.id, type: 'uuid' },
];

/** One page of reviews of a status whose two records the caller sees, with the next cursor. */
export async function listReviews(
  db: DbOrTx,
  access: Access,
  query: { status: 'open' | 'merged' | 'distinct'; limit: number; cursor?: string },
) {
  const [k0, k1, k2] = keyText(REVIEW_KEY);
  const rows = await db
    .select({ r: linkageReviews, k0: k0!, k1: k1!, k2: k2! })
    .from(linkageReviews)
    .where(
      and(
        eq(linkageReviews.status, query.status),
        scopeFor(access, linkageReviews),
        afterCursor(REVIEW_KEY, query.cursor, 'desc'),
      ),
    )
    .orderBy(...orderByKey(REVIEW_KEY, 'desc'))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (x) => [x.k0, x.k1, x.k2]);
  const reviews = page.items.map((x) => x.r);
  const people = await personSummaries(
    db,
    access,
    reviews.flatMap((r) => [r.personA, r.personB]),
  );
  const standing =
    query.status === 'merged' && reviews.length > 0
      ? await db
          .select({ reviewId: personMerges.reviewId, mergedId: personMerges.mergedId })
          .from(personMerges)
          .where(
            and(
              inArray(
                personMerges.reviewId,
                reviews.map((r) => r.id),
              ),
              isNull(personMerges.undoneAt),
            ),
          )
      : [];
  const mergedOf = new Map(standing.map((m) => [m.reviewId, m.mergedId]));
  const items = reviews.flatMap((r) => {
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
  return { items, nextCursor: page.nextCursor };
}

/** Decide an open review whose two records the caller sees: merge (keeping `keepId`) or distinct. */
export async function decideReview(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  id: string,
  body: { decision: 'merge' | 'distinct'; keepId?: string },
): Promise<{ ok: true; personId?: string }> {
  return db.transaction(async (tx) => {
    const [review] = await tx
      .select()
      .from(linkageReviews)
      .where(and(eq(linkageReviews.id, id), scopeFor(access, linkageReviews)))
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
        [review.personA, review.personB].map((personId) => ({
          action: 'decide' as const,
          entity: 'linkage_review',
          entityId: review.id,
          personId,
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
}

/** Undo a standing merge whose records the caller sees (both separate again). */
export async function undoMerge(db: DbOrTx, access: Access, origin: AuditOrigin, mergedId: string) {
  return db.transaction((tx) =>
    unmergePerson(
      tx,
      access,
      origin,
      mergedId,
      async (ids) => (await personSummaries(tx, access, ids)).size === ids.length,
    ),
  );
}
