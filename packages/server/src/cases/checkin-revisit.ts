/**
 * Venue-overlap contacts after a check-in is corrected (#16 item 3). A contact proposed from the
 * check-ins (`source = 'checkin'`) rests on two stays overlapping at a venue on a day; when one of
 * those check-ins is voided or moved by a correction, each such contact of the person at that
 * venue and day is looked at again against the check-ins that remain (the same overlap function
 * the search uses, `checkin_overlap`). One no longer supported is dismissed while still proposed
 * (nobody decided on it) and, once confirmed (a tracer's decision), left standing with an open
 * quarantine alert `exposureVoided` on its order for the commune to review. Audited with the
 * correction request, `contact.decided` enqueued, degrees recomputed; in the caller's transaction.
 */
import { addDays, localDayStart, provinceTimeZone } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Tx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';
import { alertOrders } from '../quarantine/withdrawn.ts';
import { updateDegreesAroundF0 } from './graphIncremental.ts';

/** The check-in as it was before the correction. */
export interface CorrectedVisit {
  checkinId: string;
  personId: string | null;
  venueId: string;
  /** Local day of the check-in before the correction. */
  day: string;
}

interface Candidate {
  id: string;
  status: 'proposed' | 'confirmed';
  personId: string;
  sourcePersonId: string;
  diseaseCode: string;
}

/** Dismiss or flag the check-in contacts the corrected visit alone supported; returns their ids. */
export async function revisitCheckinContacts(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  visit: CorrectedVisit,
  link: { correctionRequestId: string },
): Promise<{ dismissed: string[]; flagged: string[] }> {
  if (!visit.personId) return { dismissed: [], flagged: [] };
  const from = localDayStart(visit.day).toISOString();
  const to = localDayStart(addDays(visit.day, 1)).toISOString();
  // Still supported: a remaining overlap of the source's and the contact's stays there that day.
  const unsupported = await queryRows<Candidate>(
    tx,
    sql`select c.id, c.status, c.person_id as "personId", c.source_person_id as "sourcePersonId",
          c.disease_code as "diseaseCode"
        from contacts c
        where c.source = 'checkin' and c.venue_id = ${visit.venueId} and c.exposure_date = ${visit.day}::date
          and c.status in ('proposed', 'confirmed')
          and (c.person_id = ${visit.personId} or c.source_person_id = ${visit.personId})
          and not exists (
            select 1 from checkin_overlap(array[c.source_person_id], ${from}::timestamptz, ${to}::timestamptz, ${provinceTimeZone()}::text) o
            where o.person_id::text = c.person_id::text and o.venue_id::text = c.venue_id::text
              and o.exposure_date::text = ${visit.day})
        for update of c`,
  );
  if (unsupported.length === 0) return { dismissed: [], flagged: [] };
  const proposed = unsupported.filter((c) => c.status === 'proposed');
  const confirmed = unsupported.filter((c) => c.status === 'confirmed');
  const details = { checkinId: visit.checkinId, ...link };
  if (proposed.length > 0)
    await tx.execute(sql`update contacts set status = 'dismissed', decided_by = ${actorId(access)},
        decided_at = now(), updated_at = now()
      where id = any(${`{${proposed.map((c) => c.id).join(',')}}`}::uuid[])`);
  await writeAudit(
    tx,
    access,
    origin,
    proposed.map((c) => ({
      action: 'update' as const,
      entity: 'contact',
      entityId: c.id,
      personId: c.personId,
      fields: ['status'],
      details,
    })),
  );
  for (const c of proposed) await enqueue(tx, 'contact.decided', { contactId: c.id, decision: 'dismiss' });
  await alertOrders(tx, access, origin, {
    contactIds: confirmed.map((c) => c.id),
    kind: 'exposureVoided',
    dedup: `checkin:${visit.checkinId}`,
    details,
  });
  for (const disease of new Set(proposed.map((c) => c.diseaseCode))) {
    const sources = proposed.filter((c) => c.diseaseCode === disease).map((c) => c.sourcePersonId);
    const events = await updateDegreesAroundF0(tx, [...new Set(sources)], disease);
    if (events.length > 0) {
      await enqueue(tx, 'epi.status_changed', { personIds: events.map((e) => e.id) });
      await publishEvents(tx, events);
    }
  }
  return { dismissed: proposed.map((c) => c.id), flagged: confirmed.map((c) => c.id) };
}
