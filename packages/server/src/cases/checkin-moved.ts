/**
 * Contacts a moved check-in's new stay supports (#16 item 3, the other half of checkin-revisit.ts).
 * When a correction moves a check-in to another time, what the old stay no longer supports is
 * looked at by `revisitCheckinContacts`; the new stay's overlaps with an F0's stays (an open
 * confirmed or probable case whose infectious window reaches the stay) are proposed here as the
 * check-in overlap path proposes them (`proposeCheckinContacts`: the same search, F1 criteria in
 * force on the day, an existing edge of the investigation left alone), limited to the moved stay's
 * venue and days: the moved person as a contact of an F0 met there, and, when the moved person is
 * the F0, the people met there. Audited with the correction request, `contact.proposed` enqueued,
 * degrees recomputed, live events published; in the caller's transaction.
 */
import { addDays, localDay, localDayStart } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Access } from '../access/context.ts';
import type { CheckinContact } from '../checkin/overlap.ts';
import type { Tx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';
import { updateDegreesAroundF0 } from './graphIncremental.ts';
import { proposeCheckinContacts } from './proposals.ts';

/** The check-in after the correction moved it. */
export interface MovedVisit {
  checkinId: string;
  personId: string | null;
  venueId: string;
  checkedInAt: Date;
  checkedOutAt: Date;
}

interface F0Case {
  id: string;
  personId: string;
  diseaseCode: string;
  fromMs: number;
  toMs: number | null;
  /** The moved check-in's person (after merges). */
  me: string;
}

/** The F0 cases the moved stay meets (see the module comment). */
async function casesMet(tx: Tx, visit: MovedVisit & { personId: string }): Promise<F0Case[]> {
  const start = visit.checkedInAt.toISOString();
  const end = visit.checkedOutAt.toISOString();
  return queryRows<F0Case>(
    tx,
    sql`with me as (select coalesce(merged_into, id) as id from persons where id = ${visit.personId}::uuid)
        select c.id, c.person_id as "personId", c.disease_code as "diseaseCode",
          (extract(epoch from c.infectious_from) * 1000)::float8 as "fromMs",
          (extract(epoch from c.infectious_to) * 1000)::float8 as "toMs", me.id as me
        from cases c, me
        where c.status = 'open' and c.classification in ('confirmed', 'probable')
          and c.infectious_from is not null and c.infectious_from < ${end}::timestamptz
          and (c.infectious_to is null or c.infectious_to > ${start}::timestamptz)
          and (c.person_id = me.id or exists (
            select 1 from checkins k join persons p on p.id = k.person_id
            where k.venue_id = ${visit.venueId}::uuid and coalesce(p.merged_into, p.id) = c.person_id
              and k.checked_in_at >= ${start}::timestamptz - interval '720 minutes'
              and k.checked_in_at < ${end}::timestamptz and k.checked_out_at > ${start}::timestamptz))`,
  );
}

/** Propose the contacts the moved stay supports; returns the new contacts' ids. */
export async function proposeMovedCheckinContacts(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  visit: MovedVisit,
  link: { correctionRequestId: string },
): Promise<string[]> {
  if (!visit.personId) return [];
  const found = await casesMet(tx, { ...visit, personId: visit.personId });
  const firstDay = localDay(visit.checkedInAt);
  const lastDay = localDay(visit.checkedOutAt);
  const dayFrom = localDayStart(firstDay).getTime();
  const dayTo = localDayStart(addDays(lastDay, 1)).getTime();
  const ids: string[] = [];
  for (const c of found) {
    // The stay's days inside the case's window: the F0's overlaps there, summed per day and venue
    // as on the normal path, kept for the moved stay's venue (and its person unless it is the F0).
    const from = new Date(Math.max(c.fromMs, dayFrom));
    const to = new Date(Math.min(c.toMs ?? Date.now(), dayTo, Date.now()));
    if (!(to > from)) continue;
    const keep = (k: CheckinContact) =>
      k.venue.id === visit.venueId &&
      k.exposureDate >= firstDay &&
      k.exposureDate <= lastDay &&
      (c.personId === c.me || k.personId === c.me);
    const edge = { caseId: c.id, sourcePersonId: c.personId, diseaseCode: c.diseaseCode };
    const proposed = await proposeCheckinContacts(tx, edge, { from, to }, origin, new Date(), keep);
    if (proposed.length === 0) continue;
    await writeAudit(
      tx,
      access,
      origin,
      proposed.map((p) => ({
        action: 'create' as const,
        entity: 'contact',
        entityId: p.id,
        personId: p.personId ?? null,
        fields: ['proposal'],
        details: { caseId: c.id, checkinId: visit.checkinId, ...link },
      })),
    );
    await enqueue(tx, 'contact.proposed', { caseId: c.id, contactIds: proposed.map((p) => p.id) });
    const people = proposed.flatMap((p) => (p.personId ? [p.personId] : []));
    const statusEvents = await updateDegreesAroundF0(tx, [c.personId], c.diseaseCode, people);
    if (statusEvents.length > 0)
      await enqueue(tx, 'epi.status_changed', { personIds: statusEvents.map((e) => e.id) });
    await publishEvents(tx, [...proposed, ...statusEvents]);
    ids.push(...proposed.map((p) => p.id));
  }
  return ids;
}
