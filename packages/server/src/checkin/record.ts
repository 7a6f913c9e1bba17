/**
 * The check-in hot path: one statement per batch of concurrent requests (batch.ts). It resolves
 * the venue token, refuses a revoked token or a venue not open for check-ins, skips visitors
 * already checked in at the venue (an open stay), inserts the rest, and returns both the venue
 * and what was inserted.
 * A duplicate tap or a retried request stores nothing twice: the open-stay check, and the unique
 * (visitor, venue, minute) index for two requests racing within the same minute.
 */
import { AppError, MAX_STAY_MINUTES } from '@epilink/core';
import type { CheckinMethod } from '@epilink/core';
import type { Database } from '../db/client.ts';
import { batcherFor } from './batch.ts';
import { rawQuery } from './raw.ts';

/** One visitor of a check-in request. */
export interface Visitor {
  visitorKey: string;
  personId: string | null;
  method: CheckinMethod;
  guestPhone?: string | null;
  guestName?: string | null;
}

/** The venue a token opens (public facts only). */
export interface TokenVenue {
  id: string;
  name: string;
  type: string;
  address: string;
  communeCode: string;
  status: string;
  defaultStayMinutes: number;
  revoked: boolean;
}

/** What happened to one visitor: a new check-in, or the open one that already existed. */
export interface VisitOutcome {
  visitorKey: string;
  checkinId: string;
  checkedInAt: string;
  checkedOutAt: string;
  duplicate: boolean;
}

const OPEN_LOOKBACK = `interval '${MAX_STAY_MINUTES} minutes'`;

const VENUE_JSON = `json_build_object('id', ve.id, 'name', ve.name, 'type', ve.type, 'address', ve.address,
  'communeCode', ve.commune_code, 'status', ve.status, 'defaultStayMinutes', ve.default_stay_minutes,
  'revoked', t.revoked_at is not null)`;

const OPEN_SQL = `select id::text as id, visitor_key, checked_in_at, checked_out_at from checkins
  where venue_id = $1 and visitor_key = any($2::text[])
    and checked_in_at > now() - ${OPEN_LOOKBACK} and checked_in_at <= now()
  order by checked_in_at desc`;

function iso(v: string | Date): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

/** Throw the right error for a token that does not open a venue accepting check-ins. */
export function assertOpen(venue: TokenVenue | null): asserts venue is TokenVenue {
  if (!venue) throw new AppError('VENUE_TOKEN_INVALID');
  if (venue.revoked) throw new AppError('VENUE_TOKEN_REVOKED');
  if (venue.status !== 'approved') throw new AppError('VENUE_NOT_OPEN');
}

/** Record a check-in of one or more visitors at the venue of a token (see module comment). */
export async function recordCheckin(
  database: Database,
  token: string,
  visitors: Visitor[],
  recordedBy: string | null,
): Promise<{ venue: TokenVenue; outcomes: VisitOutcome[] }> {
  // Group commit: this request's check-in shares one statement and one commit with the
  // requests arriving at the same time (batch.ts, SQL function checkin_record_many).
  const answer = await batcherFor<TokenVenue>(database).submit(token, visitors, recordedBy);
  const venue = answer.venue;
  assertOpen(venue);
  const inserted = answer.inserted;
  const missing = visitors.filter((v) => !inserted.has(v.visitorKey)).map((v) => v.visitorKey);
  const existing = new Map<
    string,
    { id: string; checked_in_at: string | Date; checked_out_at: string | Date }
  >();
  if (missing.length > 0) {
    const open = await rawQuery<{
      id: string;
      visitor_key: string;
      checked_in_at: string | Date;
      checked_out_at: string | Date;
    }>(database, 'checkin_open', OPEN_SQL, [venue.id, missing]);
    for (const o of open) if (!existing.has(o.visitor_key)) existing.set(o.visitor_key, o);
  }
  const outcomes: VisitOutcome[] = [];
  for (const v of visitors) {
    const ins = inserted.get(v.visitorKey);
    if (ins) {
      outcomes.push({
        visitorKey: v.visitorKey,
        checkinId: ins.id,
        checkedInAt: iso(ins.in),
        checkedOutAt: iso(ins.out),
        duplicate: false,
      });
      continue;
    }
    const o = existing.get(v.visitorKey);
    if (o) {
      outcomes.push({
        visitorKey: v.visitorKey,
        checkinId: o.id,
        checkedInAt: iso(o.checked_in_at),
        checkedOutAt: iso(o.checked_out_at),
        duplicate: true,
      });
    }
  }
  return { venue, outcomes };
}

/** The public facts of the venue a token opens, for the check-in page (errors as above). */
export async function venueOfToken(database: Database, token: string): Promise<TokenVenue> {
  const [row] = await rawQuery<{ venue: TokenVenue }>(
    database,
    'checkin_venue',
    `select ${VENUE_JSON} as venue from venue_tokens t join venues ve on ve.id = t.venue_id where t.token = $1`,
    [token],
  );
  const venue = row?.venue ?? null;
  assertOpen(venue);
  return venue;
}

const CHECKOUT_SQL = `update checkins c set checked_out_at = greatest(now(), c.checked_in_at),
    checked_out_by = $3
  where c.venue_id = $1 and c.visitor_key = any($2::text[])
    and c.checked_in_at > now() - ${OPEN_LOOKBACK} and c.checked_in_at <= now() and c.checked_out_at > now()
  returning c.id::text as id, c.visitor_key, c.checked_in_at, c.checked_out_at`;

/** Check out the open stays of visitors at a venue; NOT_CHECKED_IN when there is none. */
export async function checkOut(
  database: Database,
  venueId: string,
  visitorKeys: string[],
  by: 'visitor' | 'venue',
): Promise<VisitOutcome[]> {
  const rows = await rawQuery<{
    id: string;
    visitor_key: string;
    checked_in_at: string | Date;
    checked_out_at: string | Date;
  }>(database, 'checkin_checkout', CHECKOUT_SQL, [venueId, visitorKeys, by]);
  if (rows.length === 0) throw new AppError('NOT_CHECKED_IN');
  return rows.map((r) => ({
    visitorKey: r.visitor_key,
    checkinId: r.id,
    checkedInAt: iso(r.checked_in_at),
    checkedOutAt: iso(r.checked_out_at),
    duplicate: false,
  }));
}

/** The venue id of a token, revoked or not (a visitor may check out after a re-issue). */
export async function venueIdOfToken(database: Database, token: string): Promise<string> {
  const [row] = await rawQuery<{ venue_id: string }>(
    database,
    'checkin_token_venue',
    'select venue_id from venue_tokens where token = $1',
    [token],
  );
  if (!row) throw new AppError('VENUE_TOKEN_INVALID');
  return row.venue_id;
}
