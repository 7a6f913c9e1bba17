import { AppError, nameSetOf } from '@epilink/core';
import { and, eq, or, sql } from 'drizzle-orm';
import type { Access } from '../../access/context.ts';
import { actorId } from '../../access/context.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { AuditOrigin } from '../../audit/audit.ts';
import type { Tx } from '../../db/client.ts';
import { linkageReviews, personMerges, persons } from '../../db/schema/index.ts';
import { enqueue } from '../../outbox/outbox.ts';
import { addNameFrequencies } from './frequencies.ts';
import { refreshBlockingKeys } from './keys.ts';

/** Fields a survivor takes from the merged record when it has none of its own. */
export const GAP_FIELDS = [
  'dateOfBirth',
  'sex',
  'cccd',
  'cmnd',
  'passport',
  'phone',
  'address',
  'householdId',
] as const;

/**
 * Merge `mergedId` into `survivorId` in the caller's transaction. Both rows stay: the merged one
 * points at the survivor (its ID keeps resolving), a snapshot of it is kept, and the survivor
 * fills its empty fields from it (and is found by them: its blocking keys follow). Open reviews of the merged record move to the survivor.
 */
export async function mergePersons(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  input: {
    survivorId: string;
    mergedId: string;
    reviewId?: string | null;
    automatic: boolean;
    reasons: string[];
  },
): Promise<void> {
  const { survivorId, mergedId } = input;
  if (survivorId === mergedId) throw new AppError('CONFLICT');
  const rows = await tx
    .select()
    .from(persons)
    .where(or(eq(persons.id, survivorId), eq(persons.id, mergedId)))
    .for('update');
  const survivor = rows.find((r) => r.id === survivorId);
  const merged = rows.find((r) => r.id === mergedId);
  if (!survivor || !merged) throw new AppError('NOT_FOUND');
  if (survivor.mergedInto || merged.mergedInto) throw new AppError('ALREADY_MERGED');

  const filled: Partial<Pick<typeof persons.$inferInsert, (typeof GAP_FIELDS)[number]>> = {};
  for (const f of GAP_FIELDS) {
    if ((survivor[f] === null || survivor[f] === '') && merged[f] !== null && merged[f] !== '') {
      Object.assign(filled, { [f]: merged[f] });
    }
  }
  const filledFields = Object.keys(filled);
  await tx
    .update(persons)
    .set({ ...filled, version: sql`${persons.version} + 1`, updatedAt: new Date() })
    .where(eq(persons.id, survivorId));
  // The survivor is now found by the values it took from the merged record too.
  await refreshBlockingKeys(tx, [{ before: survivor, after: { ...survivor, ...filled } }]);
  await tx
    .update(persons)
    .set({ mergedInto: survivorId, updatedAt: new Date(), version: sql`${persons.version} + 1` })
    .where(eq(persons.id, mergedId));
  await tx.insert(personMerges).values({
    survivorId,
    mergedId,
    reviewId: input.reviewId ?? null,
    automatic: input.automatic,
    reasons: input.reasons,
    snapshot: merged,
    filledFields,
    decidedBy: actorId(access),
  });
  // The merged record no longer counts as a person of its name (linkage u-probabilities).
  await addNameFrequencies(tx, [nameSetOf(merged.fullName)], -1);
  // Reviews that involved the merged record now concern the survivor; a pair that became
  // (survivor, survivor) is settled by this merge.
  await tx
    .update(linkageReviews)
    .set({ status: 'merged', decidedAt: new Date(), decidedBy: actorId(access) })
    .where(
      and(
        eq(linkageReviews.status, 'open'),
        or(
          and(eq(linkageReviews.personA, mergedId), eq(linkageReviews.personB, survivorId)),
          and(eq(linkageReviews.personA, survivorId), eq(linkageReviews.personB, mergedId)),
        ),
      ),
    );
  await tx.execute(sql`update ${linkageReviews} set person_a = ${survivorId}
    where status = 'open' and person_a = ${mergedId}
      and not exists (select 1 from ${linkageReviews} r2 where r2.person_a = ${survivorId} and r2.person_b = ${linkageReviews.personB})`);
  await tx.execute(sql`update ${linkageReviews} set person_b = ${survivorId}
    where status = 'open' and person_b = ${mergedId}
      and not exists (select 1 from ${linkageReviews} r2 where r2.person_b = ${survivorId} and r2.person_a = ${linkageReviews.personA})`);
  await writeAudit(tx, access, origin, [
    {
      action: 'merge',
      entity: 'person',
      entityId: survivorId,
      personId: survivorId,
      fields: filledFields,
      details: { mergedId, automatic: input.automatic },
    },
    {
      action: 'merge',
      entity: 'person',
      entityId: mergedId,
      personId: mergedId,
      fields: ['mergedInto'],
      details: { survivorId, automatic: input.automatic },
    },
  ]);
  await enqueue(tx, 'person.merged', { survivorId, mergedId, automatic: input.automatic });
}
