/**
 * The vaccination module's lists and the AEFI follow-up, as service functions scoped in the data
 * layer (`scopeFor`): the due list and the AEFI list are keyset-paginated with their filters in
 * SQL (issue #11 item 1: no list is silently cut), and the routes pass them the request's `tx`.
 */
import { AppError, OVERDUE_GRACE_DAYS, addDays } from '@epilink/core';
import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { aefiFollowUps, aefiReports, persons, vaccinationStatus, vaccineLots } from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import { communesCovered } from '../registry/units/scope.ts';
import type { KeyPart } from '../http/page.ts';

/** The due list's order: the earliest due first (a person due for two diseases appears twice). */
const DUE_KEY: KeyPart[] = [
  { column: vaccinationStatus.nextDue, type: 'date' },
  { column: vaccinationStatus.personId, type: 'uuid' },
  { column: vaccinationStatus.disease, type: 'text' },
];

/** The AEFI list's order: newest first. */
const AEFI_KEY: KeyPart[] = [
  { column: aefiReports.createdAt, type: 'timestamptz' },
  { column: aefiReports.id, type: 'uuid' },
];

/**
 * One page of the people due (or overdue) by `asOf` in the caller's jurisdiction, each shown in
 * the commune they live in today; `communeCode` (a commune of today's list) also finds the status
 * rows recorded in the old communes that went into it.
 */
export async function dueList(
  db: DbOrTx,
  access: Access,
  q: { asOf: string; communeCode?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const [k0, k1, k2] = keyText(DUE_KEY);
  const rows = await db
    .select({
      s: vaccinationStatus,
      fullName: persons.fullName,
      dateOfBirth: persons.dateOfBirth,
      currentCommune: persons.communeCode,
      k0: k0!,
      k1: k1!,
      k2: k2!,
    })
    .from(vaccinationStatus)
    .innerJoin(persons, eq(persons.id, vaccinationStatus.personId))
    .where(
      and(
        lte(vaccinationStatus.nextDue, q.asOf),
        isNull(persons.mergedInto),
        // A commune of today's list also holds the status rows recorded in the old communes that
        // went into it (status rows keep the commune of their last dose; people are re-homed).
        q.communeCode
          ? sql`${vaccinationStatus.communeCode} = any(${communesCovered(q.communeCode)})`
          : undefined,
        scopeFor(access, vaccinationStatus),
        afterCursor(DUE_KEY, q.cursor, 'asc'),
      ),
    )
    .orderBy(...orderByKey(DUE_KEY, 'asc'))
    .limit(q.limit + 1);
  const page = pageOf(rows, q.limit, (r) => [r.k0, r.k1, r.k2]);
  const overdueBefore = addDays(q.asOf, -OVERDUE_GRACE_DAYS);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      personId: r.s.personId,
      fullName: r.fullName,
      dateOfBirth: r.dateOfBirth,
      communeCode: r.currentCommune ?? r.s.communeCode,
      nextDoseNumber: r.s.nextDoseNumber,
      nextDoseKind: r.s.nextDoseKind,
      nextDue: r.s.nextDue,
      overdue: (r.s.nextDue ?? q.asOf) < overdueBefore,
    })),
  };
}

/** One page of the AEFI reports in the caller's jurisdiction, newest first, with their lot. */
export async function aefiList(
  db: DbOrTx,
  access: Access,
  q: {
    cursor?: string | undefined;
    limit: number;
    status?: 'open' | 'following_up' | 'closed' | undefined;
    serious?: boolean | undefined;
  },
) {
  const [k0, k1] = keyText(AEFI_KEY);
  const rows = await db
    .select({
      r: aefiReports,
      fullName: persons.fullName,
      lotNumber: vaccineLots.lotNumber,
      flagged: vaccineLots.aefiFlaggedAt,
      k0: k0!,
      k1: k1!,
    })
    .from(aefiReports)
    .innerJoin(persons, eq(persons.id, aefiReports.personId))
    .leftJoin(vaccineLots, eq(vaccineLots.id, aefiReports.lotId))
    .where(
      and(
        scopeFor(access, aefiReports),
        q.status ? eq(aefiReports.status, q.status) : undefined,
        q.serious === undefined ? undefined : eq(aefiReports.serious, q.serious),
        afterCursor(AEFI_KEY, q.cursor, 'desc'),
      ),
    )
    .orderBy(...orderByKey(AEFI_KEY, 'desc'))
    .limit(q.limit + 1);
  const page = pageOf(rows, q.limit, (r) => [r.k0, r.k1]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((x) => ({
      ...x.r,
      fullName: x.fullName,
      lotNumber: x.lotNumber,
      lotFlagged: x.flagged !== null,
    })),
  };
}

/** Add a follow-up to an AEFI report in the caller's jurisdiction (NOT_FOUND elsewhere), audited. */
export async function followUpAefi(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  id: string,
  body: { note: string; status: 'following_up' | 'closed'; outcome?: string | undefined },
): Promise<void> {
  const [r] = await tx
    .select()
    .from(aefiReports)
    .where(and(eq(aefiReports.id, id), scopeFor(access, aefiReports)))
    .for('update');
  if (!r) throw new AppError('NOT_FOUND');
  await tx.insert(aefiFollowUps).values({
    reportId: r.id,
    note: body.note,
    status: body.status,
    outcome: body.outcome ?? null,
    by: access.actor.kind === 'user' ? access.actor.userId : null,
  });
  await tx
    .update(aefiReports)
    .set({ status: body.status, outcome: body.outcome ?? r.outcome })
    .where(eq(aefiReports.id, r.id));
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'aefi_report',
    entityId: r.id,
    personId: r.personId,
    fields: ['followUp'],
  });
}
