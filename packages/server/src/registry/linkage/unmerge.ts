/**
 * Undoing a merge. A merge never re-points a record's links: doses, test results, cases,
 * contacts and check-ins keep the merged record's id and are read through `merged_into`. So
 * un-merging gives both records back everything that was theirs by clearing `merged_into`,
 * emptying the survivor fields the merge filled (when still unchanged), making the record
 * findable by linkage again (its blocking keys and its name's frequency) and recording the
 * decision: the merge row is marked undone and the pair is a decided "distinct" review, so
 * linkage does not propose it again. One transaction, audited for both records.
 */
import { AppError, blockingKeys, nameSetOf } from '@epilink/core';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Access } from '../../access/context.ts';
import { actorId } from '../../access/context.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { AuditOrigin } from '../../audit/audit.ts';
import { bulkInsert } from '../../db/bulk.ts';
import type { Tx } from '../../db/client.ts';
import { linkageReviews, personBlockingKeys, personMerges, persons } from '../../db/schema/index.ts';
import { addNameFrequencies } from './frequencies.ts';
import { refreshBlockingKeys } from './keys.ts';
import { GAP_FIELDS } from './merge.ts';

/** What an un-merge did. */
export interface UnmergeOutcome {
  survivorId: string;
  mergedId: string;
  /** Survivor fields emptied again (those the merge had filled and nobody changed since). */
  restoredFields: string[];
}

/**
 * Undo the standing merge of `mergedId` in the caller's transaction. `visible` says whether the
 * caller may see a person (jurisdiction); a merge involving a record they cannot see is not found.
 */
export async function unmergePerson(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  mergedId: string,
  visible: (ids: string[]) => Promise<boolean>,
): Promise<UnmergeOutcome> {
  const [merge] = await tx
    .select()
    .from(personMerges)
    .where(and(eq(personMerges.mergedId, mergedId), isNull(personMerges.undoneAt)))
    .for('update');
  if (!merge) throw new AppError('NOT_FOUND');
  if (!(await visible([merge.survivorId, merge.mergedId]))) throw new AppError('NOT_FOUND');
  const rows = await tx
    .select()
    .from(persons)
    .where(or(eq(persons.id, merge.survivorId), eq(persons.id, merge.mergedId)))
    .for('update');
  const survivor = rows.find((r) => r.id === merge.survivorId);
  const merged = rows.find((r) => r.id === merge.mergedId);
  if (!survivor || !merged || merged.mergedInto !== survivor.id) throw new AppError('CONFLICT');

  // Survivor fields the merge filled go back to empty, unless someone has changed them since.
  const snapshot = merge.snapshot as Partial<Record<(typeof GAP_FIELDS)[number], unknown>>;
  const restored: Record<string, null> = {};
  for (const f of merge.filledFields) {
    const field = GAP_FIELDS.find((g) => g === f);
    if (field && survivor[field] !== null && survivor[field] === snapshot[field]) {
      restored[field] = null;
    }
  }
  const restoredFields = Object.keys(restored);
  const now = new Date();
  if (restoredFields.length > 0) {
    await tx
      .update(persons)
      .set({ ...restored, version: sql`${persons.version} + 1`, updatedAt: now })
      .where(eq(persons.id, survivor.id));
    // No longer found by the values it gave back.
    await refreshBlockingKeys(tx, [{ before: survivor, after: { ...survivor, ...restored } }]);
  }
  await tx
    .update(persons)
    .set({ mergedInto: null, version: sql`${persons.version} + 1`, updatedAt: now })
    .where(eq(persons.id, merged.id));
  await tx
    .update(personMerges)
    .set({ undoneAt: now, undoneBy: actorId(access) })
    .where(eq(personMerges.id, merge.id));

  // Findable by linkage again; and the pair is settled as two people.
  const keys = blockingKeys({
    id: merged.id,
    fullName: merged.fullName,
    dateOfBirth: merged.dateOfBirth,
    sex: merged.sex,
    cccd: merged.cccd,
    cmnd: merged.cmnd,
    passport: merged.passport,
    phone: merged.phone,
    communeCode: merged.communeCode,
    address: merged.address,
  });
  await bulkInsert(
    tx,
    personBlockingKeys,
    keys.map((key) => ({ key, personId: merged.id })),
    { onConflictDoNothing: true },
  );
  await addNameFrequencies(tx, [nameSetOf(merged.fullName)], 1);
  const decided = { status: 'distinct' as const, decidedAt: now, decidedBy: actorId(access) };
  if (merge.reviewId) {
    await tx.update(linkageReviews).set(decided).where(eq(linkageReviews.id, merge.reviewId));
  } else {
    await tx
      .insert(linkageReviews)
      .values({
        personA: survivor.id,
        personB: merged.id,
        score: 1,
        reasons: merge.reasons,
        provinceCode: merged.provinceCode,
        districtCode: merged.districtCode,
        communeCode: merged.communeCode,
        ...decided,
      })
      .onConflictDoUpdate({ target: [linkageReviews.personA, linkageReviews.personB], set: decided });
  }

  await writeAudit(tx, access, origin, [
    {
      action: 'unmerge',
      entity: 'person',
      entityId: survivor.id,
      personId: survivor.id,
      fields: restoredFields,
      details: { mergedId: merged.id, mergeId: merge.id, automatic: merge.automatic },
    },
    {
      action: 'unmerge',
      entity: 'person',
      entityId: merged.id,
      personId: merged.id,
      fields: ['mergedInto'],
      details: { survivorId: survivor.id, mergeId: merge.id, automatic: merge.automatic },
    },
  ]);
  return { survivorId: survivor.id, mergedId: merged.id, restoredFields };
}
