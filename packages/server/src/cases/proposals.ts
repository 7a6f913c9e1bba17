/**
 * Contact proposals: household members, venue check-in overlap in the infectious window, people
 * named at interview, and (when an F1 is confirmed) the F1's household as F2 candidates. Proposals
 * are edges with status `proposed`; a tracer confirms or dismisses them. Everything runs in the
 * caller's transaction.
 */
import { localDate } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { systemAccess } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { findCheckinContactsInTx } from '../checkin/overlap.ts';
import type { CheckinContact } from '../checkin/overlap.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import type { LiveEvent } from '../events/publish.ts';
import { caseRule } from './policy.ts';

/** One proposed edge before insertion. */
export interface Proposal {
  personId: string;
  exposureType: 'household' | 'workplace' | 'venue' | 'proximity' | 'care' | 'travel' | 'other';
  exposureDate: string | null;
  durationMinutes: number | null;
  source: 'household' | 'checkin' | 'interview' | 'manual';
  venueId: string | null;
  note?: string | null;
}

/** The investigation an edge belongs to and who exposed. */
export interface EdgeOrigin {
  caseId: string;
  sourcePersonId: string;
  diseaseCode: string;
}

/**
 * Insert proposals (one statement; the contact's jurisdiction columns come from the person; an
 * existing edge is left alone). Returns the new contacts as live events.
 */
export async function insertProposals(
  db: DbOrTx,
  edge: EdgeOrigin,
  proposals: readonly Proposal[],
): Promise<LiveEvent[]> {
  const rows = proposals
    .filter((p) => p.personId !== edge.sourcePersonId)
    .map((p) => ({
      person_id: p.personId,
      exposure_type: p.exposureType,
      exposure_date: p.exposureDate,
      duration_minutes: p.durationMinutes,
      source: p.source,
      venue_id: p.venueId,
      note: p.note ?? null,
    }));
  if (rows.length === 0) return [];
  const inserted = await queryRows<{
    id: string;
    person_id: string;
    province_code: string;
    district_code: string | null;
    commune_code: string | null;
  }>(
    db,
    sql`insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type, exposure_date,
        duration_minutes, source, venue_id, note, province_code, district_code, commune_code)
      select distinct on (p.id) ${edge.caseId}::uuid, ${edge.sourcePersonId}::uuid, p.id, ${edge.diseaseCode},
        x.exposure_type, x.exposure_date, x.duration_minutes, x.source, x.venue_id, x.note,
        p.province_code, p.district_code, p.commune_code
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(person_id uuid, exposure_type text,
        exposure_date date, duration_minutes int, source text, venue_id uuid, note text)
      join persons p0 on p0.id = x.person_id
      join persons p on p.id = coalesce(p0.merged_into, p0.id)
      where p.id <> ${edge.sourcePersonId}::uuid
      order by p.id, x.duration_minutes desc nulls last
      on conflict (case_id, source_person_id, person_id) do nothing
      returning id, person_id, province_code, district_code, commune_code`,
  );
  return inserted.map((r) => ({
    kind: 'contact' as const,
    id: r.id,
    personId: r.person_id,
    caseId: edge.caseId,
    place: { provinceCode: r.province_code, districtCode: r.district_code, communeCode: r.commune_code },
  }));
}

/** The household members of a person (active records, not the person). */
export async function householdOf(db: DbOrTx, personId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select m.id from persons p join persons m on m.household_id = p.household_id
      where p.id = ${personId} and p.household_id is not null and m.id <> p.id and m.merged_into is null`,
  );
  return rows.map((r) => r.id);
}

/** Propose a person's household members as contacts of that person (exposure type household). */
export async function proposeHousehold(
  db: DbOrTx,
  edge: EdgeOrigin,
  exposureDate: string | null,
): Promise<LiveEvent[]> {
  const members = await householdOf(db, edge.sourcePersonId);
  return insertProposals(
    db,
    edge,
    members.map((personId) => ({
      personId,
      exposureType: 'household',
      exposureDate,
      durationMinutes: null,
      source: 'household',
      venueId: null,
    })),
  );
}

/**
 * The household members of `person` not yet in the investigation `caseId` (its case's person or a
 * contact of it), as a JSON array of ids: a column of a statement reading them beside its own row
 * (a tracer's decision reads them with the contact), or on its own (`proposeNextDegree`).
 */
export function nextDegreeMembersJson(person: SQL, caseId: SQL): SQL<string[]> {
  return sql<string[]>`(select coalesce(json_agg(m.id), '[]'::json) from persons p
      join persons m on m.household_id = p.household_id
      where p.id = ${person} and p.household_id is not null and m.id <> p.id and m.merged_into is null
        and not exists (select 1 from cases c where c.id = ${caseId} and c.person_id = m.id)
        and not exists (select 1 from contacts k where k.case_id = ${caseId} and k.person_id = m.id))`;
}

/**
 * When an F1 is confirmed: their household members as F2 candidates, leaving out the people
 * already in this investigation (the case's own person and anyone with an edge in it). A household
 * F1's housemates are the case and its other F1s; proposing them again "exposed by" the F1 would
 * put the F0 on her own contact list.
 */
export async function proposeNextDegree(
  db: DbOrTx,
  edge: EdgeOrigin,
  exposureDate: string | null,
  /** The members `nextDegreeMembersJson` gave, when the caller read them with its own row. */
  known?: readonly string[],
): Promise<LiveEvent[]> {
  const members =
    known ??
    (
      await queryRows<{ ids: string[] }>(
        db,
        sql`select ${nextDegreeMembersJson(sql`${edge.sourcePersonId}::uuid`, sql`${edge.caseId}::uuid`)} as ids`,
      )
    )[0]!.ids;
  if (members.length === 0) return [];
  return insertProposals(
    db,
    edge,
    members.map((personId) => ({
      personId,
      exposureType: 'household' as const,
      exposureDate,
      durationMinutes: null,
      source: 'household' as const,
      venueId: null,
    })),
  );
}

/** Windows longer than this are searched over their last part (the overlap search's own limit). */
const MAX_WINDOW_MS = 60 * 86_400_000;

/**
 * Propose the people whose check-ins overlapped the case's in its infectious window (through the
 * check-in module's transaction-taking search, audited with the case as purpose), as far as the
 * F1 criteria in force at the window's start allow (policy `contact.f1Criteria`.checkin: minimum
 * overlap, venue types; without it every overlap), longest overlap first. Guests not yet linked to
 * the registry are skipped (the tracer sees them with `findCheckinContacts`).
 */
export async function proposeCheckinContacts(
  db: DbOrTx,
  edge: EdgeOrigin,
  window: { from: Date; to: Date | null },
  origin: AuditOrigin,
  now: Date = new Date(),
  /** Only the overlaps this keeps (a corrected check-in proposes its own stay's overlaps alone). */
  keep: (c: CheckinContact) => boolean = () => true,
): Promise<LiveEvent[]> {
  const to = window.to ?? now;
  if (!(to > window.from)) return [];
  const from =
    to.getTime() - window.from.getTime() > MAX_WINDOW_MS
      ? new Date(to.getTime() - MAX_WINDOW_MS)
      : window.from;
  const { contacts } = await findCheckinContactsInTx(
    db,
    systemAccess('case-contact-proposals'),
    { personIds: [edge.sourcePersonId], from, to, purpose: `case ${edge.caseId}: contact proposals` },
    origin,
  );
  const criteria = (await caseRule(db, 'contact.f1Criteria', localDate(from), edge.diseaseCode))?.value
    .checkin;
  const types =
    criteria && contacts.length > 0
      ? new Map(
          (
            await queryRows<{ id: string; type: string }>(
              db,
              sql`select id, type from venues where id = any(${`{${[...new Set(contacts.map((c) => c.venue.id))].join(',')}}`}::uuid[])`,
            )
          ).map((v) => [v.id, v.type]),
        )
      : null;
  const byPerson = new Map<string, Proposal>();
  for (const c of contacts) {
    if (!c.personId || !keep(c)) continue;
    if (criteria) {
      const type = types?.get(c.venue.id) ?? '';
      if (criteria.venueTypes !== null && !criteria.venueTypes.includes(type)) continue;
      const maskOff = criteria.maskOffVenueTypes?.includes(type) ?? false;
      if (!maskOff && c.overlapMinutes < criteria.minOverlapMinutes) continue;
    }
    const prev = byPerson.get(c.personId);
    if (prev && (prev.durationMinutes ?? 0) >= c.overlapMinutes) continue;
    byPerson.set(c.personId, {
      personId: c.personId,
      exposureType: 'venue',
      exposureDate: c.exposureDate,
      durationMinutes: c.overlapMinutes,
      source: 'checkin',
      venueId: c.venue.id,
    });
  }
  const ranked = [...byPerson.values()].sort((a, b) => (b.durationMinutes ?? 0) - (a.durationMinutes ?? 0));
  return insertProposals(db, edge, ranked);
}

/** Today's local date in the province (the one clock in core). */
export function today(now: Date = new Date()): string {
  return localDate(now);
}
