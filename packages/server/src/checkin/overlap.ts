/**
 * Overlap search for contact tracing: who was at the same venue at the same time as a person
 * during a window (an infectious period), and everyone at a venue during a window (a venue
 * outbreak). This is the check-in contact source the contact-tracing module consumes.
 *
 * A stay never outlasts its venue's default stay (automatic check-out; a visitor's check-out only
 * shortens it), so the search looks back that far from each visit: with covering indexes on
 * (venue, time) and (person, time) the search reads index pages only.
 *
 * Authorization: the index person must lie in the caller's jurisdiction (else NOT_FOUND), and
 * check-in data belongs to the venue's jurisdiction: overlaps at venues inside it come with the
 * contact's identity, overlaps at venues outside it only as a count. Every search is audited
 * with its purpose, in the same transaction as the reads.
 */
import { AppError, provinceTimeZone } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { placeWithin, scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { persons, venues } from '../db/schema/index.ts';

/** What the tracer asks: whose visits, over which window, and why (recorded in the audit trail). */
export interface ContactSearch {
  personIds: string[];
  from: Date;
  to: Date;
  purpose: string;
}

/** One possible contact: a person whose stay overlapped the index person's at a venue on a day. */
export interface CheckinContact {
  /** The contact's person record (null for a guest whose phone and name are not yet linked). */
  personId: string | null;
  fullName: string | null;
  /** Guests not yet linked: their phone, so the tracer can still call. */
  guestPhone: string | null;
  venue: { id: string; name: string; communeCode: string };
  /** Local (province time zone) date of the overlap: the exposure date. */
  exposureDate: string;
  /** Minutes of overlap that day at that venue (summed over visits). */
  overlapMinutes: number;
  firstOverlapAt: string;
}

/** The contact list, plus how many overlaps lie at venues outside the caller's jurisdiction. */
export interface ContactResult {
  contacts: CheckinContact[];
  outsideJurisdiction: number;
}

interface OverlapRow {
  person_id: string | null;
  full_name: string | null;
  guest_phone: string | null;
  guest_name: string | null;
  venue_id: string;
  venue_name: string;
  province_code: string;
  district_code: string;
  commune_code: string;
  exposure_date: string;
  overlap_minutes: number | string;
  first_at: string | Date;
}

/**
 * The index people inside the caller's jurisdiction (`given`) and the records merged into them,
 * in one round trip: the search covers every record of a person.
 */
async function indexRecords(
  db: DbOrTx,
  access: Access,
  ids: string[],
): Promise<{ allowed: number; ids: string[] }> {
  const rows = await queryRows<{ id: string; given: boolean }>(
    db,
    sql`select ${persons.id} as id, true as given from ${persons}
        where ${persons.id} = any(${sqlUuidArray(ids)}) and ${scopeFor(access, persons)}
      union all
      select ${persons.id}, false from ${persons} where ${persons.mergedInto} = any(${sqlUuidArray(ids)})`,
  );
  return {
    allowed: rows.filter((r) => r.given).length,
    ids: [...new Set([...ids, ...rows.filter((r) => !r.given).map((r) => r.id)])],
  };
}

function sqlUuidArray(ids: string[]) {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** The raw overlap query (no authorization): shared by the search below and the benchmark. */
export async function overlapRows(
  db: DbOrTx,
  personIds: string[],
  from: Date,
  to: Date,
): Promise<OverlapRow[]> {
  // The SQL lives in the function `checkin_overlap` (migration 0009): a cached generic plan. The
  // exposure day is the local day in the province's zone, the one clock's (migration 0071).
  return queryRows<OverlapRow>(
    db,
    sql`select * from checkin_overlap(${sqlUuidArray(personIds)}, ${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, ${provinceTimeZone()}::text)`,
  );
}

function iso(v: string | Date): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

/** Split raw overlap rows into visible contacts and a count of those outside the jurisdiction. */
function present(access: Access, rows: OverlapRow[]): ContactResult {
  const visible = rows.filter((r) =>
    placeWithin(access, {
      provinceCode: r.province_code,
      districtCode: r.district_code,
      communeCode: r.commune_code,
    }),
  );
  return {
    outsideJurisdiction: rows.length - visible.length,
    contacts: visible.map((r) => ({
      personId: r.person_id,
      fullName: r.person_id ? r.full_name : r.guest_name,
      guestPhone: r.person_id ? null : r.guest_phone,
      venue: { id: r.venue_id, name: r.venue_name, communeCode: r.commune_code },
      exposureDate: r.exposure_date,
      overlapMinutes: Number(r.overlap_minutes),
      firstOverlapAt: iso(r.first_at),
    })),
  };
}

function checkWindow(from: Date, to: Date): void {
  if (!(to > from) || to.getTime() - from.getTime() > 60 * 86_400_000) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'to', messageKey: 'errors.validationFailed' }],
    });
  }
}

/**
 * Every person whose check-in overlapped one of the given people's check-ins at the same venue
 * within [from, to): the contact candidates of a case. The given people must be inside the
 * caller's jurisdiction (NOT_FOUND otherwise). Guests are never linked to the registry here:
 * they come back by phone and name (`personId` null) for the tracer to call and decide.
 */
export async function findCheckinContacts(
  database: Db,
  access: Access,
  search: ContactSearch,
  origin: AuditOrigin = { ip: null },
): Promise<ContactResult> {
  checkWindow(search.from, search.to);
  if (search.personIds.length === 0) return { contacts: [], outsideJurisdiction: 0 };
  return database.transaction((tx) => findCheckinContactsInTx(tx, access, search, origin));
}

/**
 * The same search inside the caller's transaction (contact tracing proposes contacts in the
 * transaction that confirms a case). Guests come back with `personId` null and their phone.
 */
export async function findCheckinContactsInTx(
  tx: DbOrTx,
  access: Access,
  search: ContactSearch,
  origin: AuditOrigin = { ip: null },
): Promise<ContactResult> {
  checkWindow(search.from, search.to);
  if (search.personIds.length === 0) return { contacts: [], outsideJurisdiction: 0 };
  const index = await indexRecords(tx, access, search.personIds);
  if (index.allowed !== new Set(search.personIds).size) throw new AppError('NOT_FOUND');
  const result = present(access, await overlapRows(tx, index.ids, search.from, search.to));
  // One audit row per index person (not one per contact shown: ~300 rows per search were most of
  // its write cost). The row names every contact whose identity was shown (`contactIds`) and
  // counts the guests shown by phone.
  const contactIds = [...new Set(result.contacts.flatMap((c) => (c.personId ? [c.personId] : [])))];
  await writeAudit(
    tx,
    access,
    origin,
    search.personIds.map((personId) => ({
      action: 'search' as const,
      entity: 'checkin_overlap',
      personId,
      fields: ['checkins', 'fullName', 'guestPhone', 'venue', 'overlapMinutes'],
      purpose: search.purpose,
      details: {
        from: search.from.toISOString(),
        to: search.to.toISOString(),
        found: result.contacts.length,
        contactIds,
        guests: result.contacts.filter((c) => c.personId === null).length,
        outsideJurisdiction: result.outsideJurisdiction,
      },
    })),
  );
  return result;
}

/** One visit at a venue (the reverse search, for a venue outbreak). */
export interface VenueVisit {
  personId: string | null;
  fullName: string | null;
  guestPhone: string | null;
  checkedInAt: string;
  checkedOutAt: string;
  method: string;
}

/** Everyone at a venue within [from, to): the venue must be inside the caller's jurisdiction. */
export async function findVenueVisitors(
  database: Db,
  access: Access,
  search: { venueId: string; from: Date; to: Date; purpose: string },
  origin: AuditOrigin = { ip: null },
): Promise<{ venue: { id: string; name: string }; visits: VenueVisit[] }> {
  checkWindow(search.from, search.to);
  return database.transaction(async (tx) => {
    const [venue] = await tx
      .select({ id: venues.id, name: venues.name, stay: venues.defaultStayMinutes })
      .from(venues)
      .where(and(eq(venues.id, search.venueId), scopeFor(access, venues)));
    if (!venue) throw new AppError('NOT_FOUND');
    const rows = await queryRows<{
      person_id: string | null;
      full_name: string | null;
      guest_phone: string | null;
      guest_name: string | null;
      checked_in_at: string | Date;
      checked_out_at: string | Date;
      method: string;
    }>(
      tx,
      sql`select coalesce(p.merged_into, c.person_id) as person_id, coalesce(s.full_name, p.full_name) as full_name,
        c.guest_phone, c.guest_name, c.checked_in_at, c.checked_out_at, c.method
      from checkins c
      left join persons p on p.id = c.person_id
      left join persons s on s.id = p.merged_into
      where c.venue_id = ${venue.id}
        and c.checked_in_at >= ${search.from.toISOString()}::timestamptz - make_interval(mins => ${venue.stay})
        and c.checked_in_at < ${search.to.toISOString()}::timestamptz
        and c.checked_out_at > ${search.from.toISOString()}::timestamptz
      order by c.checked_in_at, c.id`,
    );
    const visits = rows.map((r) => ({
      personId: r.person_id,
      fullName: r.full_name ?? r.guest_name,
      guestPhone: r.person_id ? null : r.guest_phone,
      checkedInAt: iso(r.checked_in_at),
      checkedOutAt: iso(r.checked_out_at),
      method: r.method,
    }));
    await writeAudit(tx, access, origin, [
      {
        action: 'search',
        entity: 'checkin_venue',
        entityId: venue.id,
        fields: ['checkins'],
        purpose: search.purpose,
        details: { from: search.from.toISOString(), to: search.to.toISOString(), found: visits.length },
      },
      ...visits
        .filter((v) => v.personId !== null)
        .map((v) => ({
          action: 'read' as const,
          entity: 'checkin_visit',
          personId: v.personId,
          fields: ['fullName', 'checkedInAt', 'checkedOutAt'],
          purpose: search.purpose,
        })),
    ]);
    return { venue: { id: venue.id, name: venue.name }, visits };
  });
}

/** Keep a person's check-ins in a window past retention while an investigation is open. */
export async function holdCheckins(
  db: DbOrTx,
  access: Access,
  hold: { personId: string; from: Date; to: Date; investigation: string },
): Promise<string> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`insert into checkin_holds (person_id, from_at, to_at, investigation, created_by)
      values (${hold.personId}, ${hold.from.toISOString()}, ${hold.to.toISOString()}, ${hold.investigation},
        ${access.actor.kind === 'user' ? access.actor.userId : null}) returning id`,
  );
  return rows[0]!.id;
}

/** Release the holds of an investigation (when it closes): the purge may then drop those rows. */
export async function releaseCheckinHolds(db: DbOrTx, investigation: string): Promise<void> {
  await db.execute(
    sql`update checkin_holds set released_at = now() where investigation = ${investigation} and released_at is null`,
  );
}
