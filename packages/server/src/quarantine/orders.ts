/**
 * The commune's decisions on orders (issue #16 item 1, 5): confirm proposals one by one (with a
 * change and its reason) or in bulk for a list, release when a negative test on the due day exists,
 * extend otherwise. Scoped in SQL (outside the jurisdiction: 404, nothing changed); each request is
 * one transaction with its audit rows, the SMS with the signed form link (outbox) and live events.
 */
import { AppError, addDays, localDayStart, today, translate } from '@epilink/core';
import type { OrderKind } from '@epilink/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId, scopeFor } from '../access/context.ts';
import type { AuditEntry } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { cases, contacts, persons, quarantineOrders } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueueNotification } from '../notify/notify.ts';
import { endStayOnRelease } from './facilities/allocations.ts';
import { formToken } from './links.ts';

type Audit = (entries: AuditEntry | AuditEntry[]) => Promise<void>;
type OrderRow = typeof quarantineOrders.$inferSelect;

/** A change the commune makes to a proposal (a reason is required). */
export interface OrderChange {
  kind?: OrderKind | undefined;
  startDate?: string | undefined;
  endDate?: string | undefined;
  facilityId?: string | null | undefined;
  reason: string;
}

const place = (o: OrderRow) => ({
  provinceCode: o.provinceCode,
  districtCode: o.districtCode,
  communeCode: o.communeCode,
});

/** Orders of the caller's jurisdiction by id, locked; any missing → 404 (nothing changed). */
async function lockInScope(tx: DbOrTx, access: Access, ids: readonly string[]): Promise<OrderRow[]> {
  const rows = await tx
    .select()
    .from(quarantineOrders)
    .where(and(inArray(quarantineOrders.id, [...ids]), scopeFor(access, quarantineOrders)))
    .for('update');
  if (rows.length !== new Set(ids).size) throw new AppError('NOT_FOUND');
  return rows;
}

/** Confirm proposals (a list, or one with a change); texts each person the signed form link. */
export async function confirmOrders(
  tx: DbOrTx,
  access: Access,
  audit: Audit,
  publicUrl: string,
  ids: readonly string[],
  change: OrderChange | null,
): Promise<number> {
  const rows = await lockInScope(tx, access, ids);
  if (rows.some((o) => o.status !== 'proposed')) throw new AppError('CONFLICT');
  const now = new Date();
  for (const o of rows) {
    const set = {
      status: 'active' as const,
      confirmedBy: actorId(access),
      confirmedAt: now,
      updatedAt: now,
      ...(change
        ? {
            ...(change.kind ? { kind: change.kind } : {}),
            ...(change.startDate ? { startDate: change.startDate } : {}),
            ...(change.endDate ? { endDate: change.endDate, quarantineEnd: change.endDate } : {}),
            ...(change.facilityId !== undefined ? { facilityId: change.facilityId } : {}),
            changeReason: change.reason,
          }
        : {}),
    };
    const [u] = await tx.update(quarantineOrders).set(set).where(eq(quarantineOrders.id, o.id)).returning();
    await textFormLink(tx, publicUrl, u!);
  }
  await audit(
    rows.map((o) => ({
      action: 'update' as const,
      entity: 'quarantine_order',
      entityId: o.id,
      personId: o.personId,
      fields: change
        ? ['status', 'changeReason', ...Object.keys(change).filter((k) => k !== 'reason')]
        : ['status'],
      details: { status: 'active', bulk: rows.length > 1, changed: change !== null },
    })),
  );
  await publishEvents(
    tx,
    rows.map((o) => ({ kind: 'quarantine' as const, id: o.id, personId: o.personId, place: place(o) })),
  );
  return rows.length;
}

/** Queue the SMS with the order's signed health-form link (no phone on file: nothing sent). */
async function textFormLink(tx: DbOrTx, publicUrl: string, o: OrderRow): Promise<void> {
  const [p] = await tx.select({ phone: persons.phone }).from(persons).where(eq(persons.id, o.personId));
  if (!p?.phone) return;
  const url = `${publicUrl}/q/${await formToken(tx, o.id)}`;
  await enqueueNotification(tx, {
    channel: 'sms',
    to: p.phone,
    subject: null,
    body: translate('vi', 'quarantine.sms.formLink', {
      kind: translate('vi', `quarantine.kind.${o.kind}`),
      start: o.startDate,
      end: o.endDate,
      url,
    }),
  });
}

/** The day whose negative test releases an order: its last test day, or its end. */
export function releaseTestDay(o: Pick<OrderRow, 'testsDue' | 'endDate'>): string | null {
  return o.testsDue.length > 0 ? [...o.testsDue].sort().at(-1)! : null;
}

/** A negative test of the person sampled on a day (for an RT-PCR release rule, an RT-PCR). */
async function negativeOn(tx: DbOrTx, o: OrderRow, day: string): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from test_results where person_id = ${o.personId} and outcome = 'negative'
      and sampled_at >= ${localDayStart(day).toISOString()}::timestamptz
      and sampled_at < ${localDayStart(addDays(day, 1)).toISOString()}::timestamptz
      ${o.releaseTest === 'rtPcrNegative' ? sql`and test_type = 'rtPcr'` : sql``}`,
  );
  return (rows[0]?.n ?? 0) > 0;
}

/**
 * Release an active order: when it asks for a test, a negative one sampled on its test day must
 * exist (else 422: extend instead); without tests, from its end day. The person's follow-up ends
 * (an F1's contact completed) or the case recovers (an F0 released from home isolation).
 */
export async function releaseOrder(tx: DbOrTx, access: Access, audit: Audit, id: string): Promise<OrderRow> {
  const [o] = await lockInScope(tx, access, [id]);
  if (o!.status !== 'active') throw new AppError('CONFLICT');
  const day = releaseTestDay(o!);
  const now = today();
  if (day === null ? now < o!.endDate : !(await negativeOn(tx, o!, day))) {
    throw new AppError('QUARANTINE_RELEASE_REFUSED', { params: { day: day ?? o!.endDate } });
  }
  const [u] = await tx
    .update(quarantineOrders)
    .set({ status: 'released', releasedBy: actorId(access), releasedAt: new Date(), updatedAt: new Date() })
    .where(eq(quarantineOrders.id, id))
    .returning();
  if (o!.contactId) {
    await tx
      .update(contacts)
      .set({ followUpStatus: 'completed', updatedAt: new Date() })
      .where(and(eq(contacts.id, o!.contactId), eq(contacts.followUpStatus, 'active')));
  }
  if (o!.caseId) {
    await tx
      .update(cases)
      .set({ outcome: 'recovered', outcomeDate: now, updatedAt: new Date() })
      .where(and(eq(cases.id, o!.caseId), sql`${cases.outcome} is null`));
  }
  // A facility stay ends with the order: the place is free from today.
  await endStayOnRelease(tx, id);
  await audit({
    action: 'update',
    entity: 'quarantine_order',
    entityId: id,
    personId: o!.personId,
    fields: ['status'],
    details: { status: 'released', testDay: day },
  });
  await publishEvents(tx, [{ kind: 'quarantine', id, personId: o!.personId, place: place(o!) }]);
  return u!;
}

/**
 * Extend an active order by `days` (a new test on the new end day), or a home-isolated case to the
 * policy's latest day when `days` is not given; with a reason, audited.
 */
export async function extendOrder(
  tx: DbOrTx,
  access: Access,
  audit: Audit,
  id: string,
  input: { days?: number | undefined; reason: string },
): Promise<OrderRow> {
  const [o] = await lockInScope(tx, access, [id]);
  if (o!.status !== 'active') throw new AppError('CONFLICT');
  const end = input.days !== undefined ? addDays(o!.endDate, input.days) : o!.latestEnd;
  if (end === null || end <= o!.endDate) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'days', messageKey: 'quarantine.errors.daysRequired' }],
    });
  }
  const [u] = await tx
    .update(quarantineOrders)
    .set({
      endDate: end,
      quarantineEnd: end,
      testsDue: [...o!.testsDue, end],
      extensions: o!.extensions + 1,
      changeReason: input.reason,
      updatedAt: new Date(),
    })
    .where(eq(quarantineOrders.id, id))
    .returning();
  await audit({
    action: 'update',
    entity: 'quarantine_order',
    entityId: id,
    personId: o!.personId,
    fields: ['endDate', 'testsDue', 'changeReason'],
    details: { from: o!.endDate, to: end },
  });
  await publishEvents(tx, [{ kind: 'quarantine', id, personId: o!.personId, place: place(o!) }]);
  return u!;
}
