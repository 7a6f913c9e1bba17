/**
 * Dose reminders that reach people. `queueReminders` (POST /api/vaccination/reminders) writes one
 * `vaccination.dose_due` outbox event per person due and not yet reminded for that dose (and not
 * already queued); it marks nobody. The outbox worker's `reminderHandler` then sends each one as
 * an SMS (the notification channels: SMS gateway, or the demo inbox in demo mode) with a message
 * in Vietnamese and English, and only after the channel accepted it marks the person reminded for
 * that dose, in the same transaction. No phone on file, or the dose no longer due: nothing sent,
 * the person stays pending. A channel failure throws: the worker retries with backoff.
 */
import { maskPhone, today, translate } from '@epilink/core';
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { persons, vaccinationStatus } from '../db/schema/index.ts';
import type { ChannelSet } from '../notify/channels.ts';
import { enqueue } from '../outbox/outbox.ts';
import type { OutboxHandler } from '../outbox/worker.ts';
import { communesCovered } from '../registry/units/scope.ts';

/** The payload of a `vaccination.dose_due` event (no personal data beyond the person's id). */
export interface DoseDuePayload {
  personId: string;
  disease: string;
  doseNumber: number;
  dueDate: string;
}

/** People read per batch: the click queues everyone due, a batch at a time (issue #11 item 1). */
export const REMINDER_BATCH = 5000;

/** Queue reminders for everyone due by `asOf` in the caller's jurisdiction; returns how many. */
export async function queueReminders(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  input: { asOf: string; communeCode?: string | undefined },
): Promise<number> {
  const batch = () =>
    tx
      .select()
      .from(vaccinationStatus)
      .where(
        and(
          lte(vaccinationStatus.nextDue, input.asOf),
          or(
            isNull(vaccinationStatus.lastReminderFor),
            sql`${vaccinationStatus.lastReminderFor} <> ${vaccinationStatus.nextDoseNumber}`,
          ),
          // Not already waiting in the outbox for this dose (a second click queues nothing twice).
          sql`not exists (select 1 from outbox o where o.topic = 'vaccination.dose_due' and o.delivered_at is null
          and o.payload->>'personId' = ${vaccinationStatus.personId}::text
          and (o.payload->>'doseNumber')::int = ${vaccinationStatus.nextDoseNumber})`,
          // Today's commune also holds the status rows recorded in the old communes that went into it.
          input.communeCode
            ? sql`${vaccinationStatus.communeCode} = any(${communesCovered(input.communeCode)})`
            : undefined,
          scopeFor(access, vaccinationStatus),
        ),
      )
      .limit(REMINDER_BATCH);
  // Each queued event takes its person out of the next batch (the `not exists` above), so the loop
  // ends when everyone due is queued: nobody is left behind by a per-click cap.
  const seen = new Set<string>();
  for (let due = await batch(); due.length > 0; due = due.length < REMINDER_BATCH ? [] : await batch()) {
    // A row the batch returns again could not be queued (no dose number): stop rather than loop.
    due = due.filter((s) => !seen.has(`${s.personId}:${s.disease}`));
    for (const s of due) {
      seen.add(`${s.personId}:${s.disease}`);
      const payload: DoseDuePayload = {
        personId: s.personId,
        disease: s.disease,
        doseNumber: s.nextDoseNumber!,
        dueDate: s.nextDue!,
      };
      await enqueue(tx, 'vaccination.dose_due', { ...payload });
    }
  }
  const queued = seen.size;
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'vaccination_reminder',
    details: { queued },
  });
  return queued;
}

const dmy = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The reminder text: Vietnamese, then English (an SMS goes to whoever holds the phone). */
export function reminderText(p: { doseNumber: number; dueDate: string }): string {
  const params = { doseNumber: p.doseNumber, dueDate: dmy(p.dueDate) };
  return `${translate('vi', 'vaccination.reminder.doseDue', params)}\n${translate('en', 'vaccination.reminder.doseDue', params)}`;
}

function isDoseDue(p: Record<string, unknown>): p is Record<string, unknown> & DoseDuePayload {
  return (
    typeof p.personId === 'string' &&
    typeof p.disease === 'string' &&
    typeof p.doseNumber === 'number' &&
    typeof p.dueDate === 'string'
  );
}

/** The outbox handler of `vaccination.dose_due`: send, then mark reminded; else leave pending. */
export function reminderHandler(channels: ChannelSet): OutboxHandler {
  return async (payload, tx) => {
    if (!isDoseDue(payload)) return { invalid: true };
    const [row] = await tx
      .select({
        phone: persons.phone,
        next: vaccinationStatus.nextDoseNumber,
        last: vaccinationStatus.lastReminderFor,
      })
      .from(vaccinationStatus)
      .innerJoin(persons, eq(persons.id, vaccinationStatus.personId))
      .where(
        and(eq(vaccinationStatus.personId, payload.personId), eq(vaccinationStatus.disease, payload.disease)),
      )
      .for('update', { of: vaccinationStatus });
    if (!row || row.next !== payload.doseNumber || row.last === payload.doseNumber) {
      return { ...payload, outcome: 'not_due' };
    }
    if (!row.phone) return { ...payload, outcome: 'pending_no_phone' };
    if (!channels.sms) throw new Error('no sms channel configured');
    await channels.sms.send(
      { channel: 'sms', to: row.phone, subject: null, body: reminderText(payload) },
      tx,
    );
    await tx
      .update(vaccinationStatus)
      .set({ lastReminderFor: payload.doseNumber, lastReminderOn: today() })
      .where(
        and(eq(vaccinationStatus.personId, payload.personId), eq(vaccinationStatus.disease, payload.disease)),
      );
    return { ...payload, outcome: 'sent', to: maskPhone(row.phone), via: channels.sms.name };
  };
}
