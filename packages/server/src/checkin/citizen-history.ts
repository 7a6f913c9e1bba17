/**
 * Reads behind the citizen side of check-in (checkin/routes/public.ts), each bounded by what the
 * caller holds: a guest stay by its venue and check-in id, a citizen's stays by the persons the
 * citizen holds (self and wards). The history is keyset-paginated, newest first: nothing is cut.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import type { DbOrTx } from '../db/client.ts';
import { decodeCursor, encodeCursor } from '../http/page.ts';

/** The current name of an administrative unit (the venue's commune on the public page). */
export async function unitName(db: DbOrTx, code: string): Promise<string | null> {
  const [unit] = await queryRows<{ name: string }>(
    db,
    sql`select name from admin_units where code = ${code} and valid_to is null limit 1`,
  );
  return unit?.name ?? null;
}

/** The visitor key of a guest stay of the last 12 hours at a venue, or null. */
export async function guestStayVisitorKey(
  db: DbOrTx,
  venueId: string,
  checkinId: string,
): Promise<string | null> {
  const [row] = await queryRows<{ visitor_key: string }>(
    db,
    sql`select visitor_key from checkins where id = ${checkinId} and venue_id = ${venueId}
      and method = 'guest' and checked_in_at > now() - interval '12 hours'`,
  );
  return row?.visitor_key ?? null;
}

const idArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** The venue of a stay of the last 12 hours of one of the given persons, or null. */
export async function citizenStayVenue(
  db: DbOrTx,
  personIds: readonly string[],
  checkinId: string,
): Promise<string | null> {
  if (personIds.length === 0) return null;
  const [row] = await queryRows<{ venue_id: string }>(
    db,
    sql`select venue_id from checkins where id = ${checkinId}
      and person_id = any(${idArray(personIds)}::uuid[]) and checked_in_at > now() - interval '12 hours'`,
  );
  return row?.venue_id ?? null;
}

/** One stay of a citizen's history. */
export interface HistoryItem {
  id: string;
  personId: string;
  venue: { name: string; address: string };
  method: string;
  checkedInAt: string;
  checkedOutAt: string;
  open: boolean;
}

/** One page of the stays of the given persons, newest first, with the next page's cursor. */
export async function citizenCheckinHistory(
  db: DbOrTx,
  personIds: readonly string[],
  page: { cursor?: string; limit: number },
): Promise<{ items: HistoryItem[]; nextCursor: string | null }> {
  if (personIds.length === 0) return { items: [], nextCursor: null };
  const after =
    page.cursor === undefined
      ? sql``
      : (() => {
          const [at, id] = decodeCursor(page.cursor, 2);
          return sql`and (c.checked_in_at, c.id) < (${at}::timestamptz, ${id}::bigint)`;
        })();
  const rows = await queryRows<{
    id: string;
    person_id: string;
    name: string;
    address: string;
    method: string;
    checked_in_at: string | Date;
    checked_out_at: string | Date;
    at_text: string;
    open: boolean;
  }>(
    db,
    sql`select c.id::text as id, c.person_id, v.name, v.address, c.method, c.checked_in_at, c.checked_out_at,
        c.checked_in_at::text as at_text, (c.checked_out_at > now()) as open
      from checkins c join venues v on v.id = c.venue_id
      where c.person_id = any(${idArray(personIds)}::uuid[]) ${after}
      order by c.checked_in_at desc, c.id desc limit ${page.limit + 1}`,
  );
  const iso = (v: string | Date) => (v instanceof Date ? v : new Date(v)).toISOString();
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    items: shown.map((r) => ({
      id: r.id,
      personId: r.person_id,
      venue: { name: r.name, address: r.address },
      method: r.method,
      checkedInAt: iso(r.checked_in_at),
      checkedOutAt: iso(r.checked_out_at),
      open: r.open,
    })),
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.at_text, last.id]) : null,
  };
}
