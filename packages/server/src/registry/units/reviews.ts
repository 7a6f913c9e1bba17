import { AppError } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { actorId, actorJurisdiction } from '../../access/context.ts';
import type { Access } from '../../access/context.ts';
import type { AuditOrigin } from '../../audit/audit.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { DbOrTx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { unitRehomingReviews } from '../../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../../http/page.ts';
import type { KeyPart } from '../../http/page.ts';
import { refreshBlockingKeys } from '../linkage/keys.ts';
import type { KeyedPerson } from '../linkage/keys.ts';
import { provincesCovered } from './scope.ts';

/**
 * The re-homing queue is the province's: only a province-level official (or the system) sees it,
 * for the provinces their province covers after the reform. Deny by default.
 */
function queueScope(access: Access): SQL {
  if (access.actor.kind === 'system') return sql`true`;
  const j = actorJurisdiction(access);
  if (!j || j.level !== 'province') return sql`false`;
  return sql`${unitRehomingReviews.provinceCode} = any(${provincesCovered(j.code)})`;
}

const REVIEW_KEY: KeyPart[] = [
  { column: unitRehomingReviews.createdAt, type: 'timestamptz' },
  { column: unitRehomingReviews.id, type: 'uuid' },
];

/**
 * A page of the open reviews of the caller's province, oldest first (no personal data: entity kind
 * and id), with the divided commune's name and the candidates' names (the change table's).
 */
export async function listRehomingReviews(
  db: DbOrTx,
  access: Access,
  page: { cursor?: string | undefined; limit: number },
) {
  const [k0, k1] = keyText(REVIEW_KEY);
  const rows = await db
    .select({
      id: unitRehomingReviews.id,
      changeSet: unitRehomingReviews.changeSet,
      entity: unitRehomingReviews.entity,
      entityId: unitRehomingReviews.entityId,
      oldCode: unitRehomingReviews.oldCode,
      // The divided commune's name in the list in force the day before its change table.
      oldName: sql<
        string | null
      >`(select u.name from admin_units u join unit_change_sets s on s.change_set = ${unitRehomingReviews.changeSet}
        where u.code = ${unitRehomingReviews.oldCode} and u.level = 'commune' and u.valid_from < s.effective_date
        order by u.valid_from desc limit 1)`,
      candidates: unitRehomingReviews.candidates,
      k0: k0!,
      k1: k1!,
    })
    .from(unitRehomingReviews)
    .where(
      and(
        eq(unitRehomingReviews.status, 'open'),
        queueScope(access),
        afterCursor(REVIEW_KEY, page.cursor, 'asc'),
      ),
    )
    .orderBy(...orderByKey(REVIEW_KEY, 'asc'))
    .limit(page.limit + 1);
  const { items, nextCursor } = pageOf(rows, page.limit, (r) => [r.k0, r.k1]);
  return { items: items.map(({ k0: _k0, k1: _k1, ...r }) => r), nextCursor };
}

/** Each entity's table and commune column (a household's members follow it). */
const PLACES = {
  household: { table: 'households', commune: 'commune_code' },
  person: { table: 'persons', commune: 'commune_code' },
  venue: { table: 'venues', commune: 'commune_code' },
  test_site: { table: 'test_sites', commune: 'commune_code' },
  facility: { table: 'facilities', commune: 'unit_code' },
  user: { table: 'users', commune: 'commune_code' },
} as const;

/** The keyed fields of the persons an update moved (their blocking keys follow). */
const KEYED = sql`returning id, full_name as "fullName", date_of_birth::text as "dateOfBirth", sex, cccd, cmnd,
  passport, phone, commune_code as "communeCode", address`;

/**
 * Decide a review: the row moves to the chosen candidate (a household with its members; an
 * official's jurisdiction with them; a person's blocking keys with the person), in one transaction
 * with its audit row. NOT_FOUND outside the
 * caller's queue; VALIDATION_FAILED for a commune that is not a candidate; CONFLICT when decided.
 */
export async function decideRehoming(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  reviewId: string,
  communeCode: string,
): Promise<void> {
  const [review] = await db
    .select()
    .from(unitRehomingReviews)
    .where(and(eq(unitRehomingReviews.id, reviewId), queueScope(access)))
    .for('update');
  if (!review) throw new AppError('NOT_FOUND');
  if (review.status !== 'open') throw new AppError('CONFLICT');
  if (!review.candidates.some((c) => c.code === communeCode)) {
    throw new AppError('VALIDATION_FAILED', {
      details: [
        {
          path: 'communeCode',
          messageKey: 'registry.units.problems.notACandidate',
          params: { code: communeCode },
        },
      ],
    });
  }
  const place = PLACES[review.entity];
  const id = sql`${review.entityId}`;
  const province = review.provinceCode;
  const jurisdiction = review.entity === 'user' ? sql`, jurisdiction_code = ${communeCode}` : sql``;
  const moved = await queryRows<KeyedPerson>(
    db,
    sql`update ${sql.raw(place.table)} set ${sql.raw(place.commune)} = ${communeCode}, province_code = ${province}${jurisdiction}
        where id::text = ${id} and ${sql.raw(place.commune)} = ${review.oldCode}
        ${review.entity === 'person' ? KEYED : sql``}`,
  );
  if (review.entity === 'household') {
    moved.push(
      ...(await queryRows<KeyedPerson>(
        db,
        sql`update persons set commune_code = ${communeCode}, province_code = ${province}
            where household_id::text = ${id} and commune_code = ${review.oldCode} ${KEYED}`,
      )),
    );
  }
  await refreshBlockingKeys(
    db,
    moved.map((after) => ({ before: { ...after, communeCode: review.oldCode }, after })),
  );
  await db
    .update(unitRehomingReviews)
    .set({ status: 'decided', decidedCode: communeCode, decidedBy: actorId(access), decidedAt: new Date() })
    .where(eq(unitRehomingReviews.id, reviewId));
  await writeAudit(db, access, origin, {
    action: 'decide',
    entity: 'unit_rehoming_review',
    entityId: reviewId,
    details: { entity: review.entity, entityId: review.entityId, from: review.oldCode, to: communeCode },
  });
}
