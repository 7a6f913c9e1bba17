/**
 * Correcting a check-in (a citizen's correction request accepted, #17 item 3): its time moved (the
 * visit keeps its length) or a check-in that was not the person's voided (removed: it never
 * happened, so it must not count at the venue nor expose anyone). The venue's daily counts of the
 * days it left and reached are recounted in the same transaction, and the change is audited with
 * the request it settles. The check-in contacts it produced are looked at again
 * (cases/checkin-revisit.ts) and those the moved stay supports are proposed
 * (cases/checkin-moved.ts). Allowed to an official with `person:write` whose jurisdiction holds
 * the check-in's venue. Runs inside the caller's transaction.
 */
import { AppError, localDay } from '@epilink/core';
import { eq, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { hasPermission, placeWithin } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { proposeMovedCheckinContacts } from '../cases/checkin-moved.ts';
import { revisitCheckinContacts } from '../cases/checkin-revisit.ts';
import type { Tx } from '../db/client.ts';
import { checkins } from '../db/schema/index.ts';
import { recountCheckinDays } from './rollup.ts';

/** What to change: the time it began (ISO instant), or void it. */
export type CheckinCorrection = { checkedInAt: string } | { void: true };

/** What the correction changed (for the request's record of its fix). */
export interface CheckinCorrected {
  entity: 'checkin';
  entityId: string;
  fields: string[];
}

function refuse(key: string, path: string): AppError {
  return new AppError('VALIDATION_FAILED', { details: [{ path, messageKey: key }] });
}

/** Move or void check-in `checkinId`, linked to `link.correctionRequestId` in its audit row. */
export async function correctCheckin(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  checkinId: string,
  change: CheckinCorrection,
  link: { correctionRequestId: string },
): Promise<CheckinCorrected> {
  if (!hasPermission(access, 'person:write')) throw new AppError('FORBIDDEN');
  if (!/^\d{1,18}$/u.test(checkinId)) throw new AppError('NOT_FOUND');
  const [row] = await tx
    .select()
    .from(checkins)
    .where(eq(checkins.id, Number(checkinId)))
    .for('update');
  if (!row || !placeWithin(access, row)) throw new AppError('NOT_FOUND');
  const key = sql`${checkins.id} = ${row.id} and ${checkins.checkedInAt} = ${row.checkedInAt}`;
  const days = [{ venueId: row.venueId, day: localDay(row.checkedInAt) }];
  let fields: string[];
  let moved: { checkedInAt: Date; checkedOutAt: Date } | null = null;
  if ('void' in change) {
    await tx.delete(checkins).where(key);
    fields = ['voided'];
  } else {
    const at = new Date(change.checkedInAt);
    if (Number.isNaN(at.getTime()) || at.getTime() > Date.now())
      throw refuse('errors.field.invalidValue', 'body.fix.checkedInAt');
    if (at.getTime() === row.checkedInAt.getTime()) throw refuse('corrections.refusal.noChange', 'body.fix');
    const [taken] = await tx
      .select({ id: checkins.id })
      .from(checkins)
      .where(
        sql`${checkins.visitorKey} = ${row.visitorKey} and ${checkins.venueId} = ${row.venueId} and ${checkins.checkedInAt} = ${at}`,
      );
    if (taken) throw new AppError('CONFLICT');
    const shift = at.getTime() - row.checkedInAt.getTime();
    moved = { checkedInAt: at, checkedOutAt: new Date(row.checkedOutAt.getTime() + shift) };
    await tx.update(checkins).set(moved).where(key);
    // A move within the day recounts that day once (a pair twice fails the recount's upsert).
    if (localDay(at) !== days[0]!.day) days.push({ venueId: row.venueId, day: localDay(at) });
    fields = ['checkedInAt', 'checkedOutAt'];
  }
  await recountCheckinDays(tx, days);
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'checkin',
    entityId: String(row.id),
    personId: row.personId,
    fields,
    details: { correctionRequestId: link.correctionRequestId },
  });
  // The venue-overlap contacts this visit alone supported are dismissed (proposed) or flagged (confirmed).
  await revisitCheckinContacts(
    tx,
    access,
    origin,
    {
      checkinId: String(row.id),
      personId: row.personId,
      venueId: row.venueId,
      day: localDay(row.checkedInAt),
    },
    link,
  );
  // The new stay's overlaps with F0s' stays are proposed as a check-in entered then would be.
  if (moved)
    await proposeMovedCheckinContacts(
      tx,
      access,
      origin,
      { checkinId: String(row.id), personId: row.personId, venueId: row.venueId, ...moved },
      link,
    );
  return { entity: 'checkin', entityId: String(row.id), fields };
}
