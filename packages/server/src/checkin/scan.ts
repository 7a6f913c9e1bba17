/**
 * Check-in by the venue: the staff scan a visitor's personal QR (1405/QĐ-BTTTT) or CCCD chip-card
 * QR, for visitors without a smartphone. The scan is stored as evidence about the ID number and
 * name on the code, never linked to a registry person (a QR can be typed by hand: issue #9 item
 * 2); the answer carries the name read from the code the staff hold in their hands.
 */
import { AppError, MAX_STAY_MINUTES, detectPersonQr, foldText, translate } from '@epilink/core';
import type { Language, PersonQr } from '@epilink/core';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import type { DbOrTx } from '../db/client.ts';
import { venueTokens, venues } from '../db/schema/index.ts';
import { assertOpen } from './record.ts';
import type { TokenVenue, Visitor, VisitOutcome } from './record.ts';
import { venueScope } from './venues.ts';

/** Parse a scanned person QR or throw PERSON_QR_INVALID with the reason, translated. */
export function parseScannedQr(raw: string, lang: Language): PersonQr {
  const parsed = detectPersonQr(raw);
  if (parsed.ok) return parsed.value;
  throw new AppError('PERSON_QR_INVALID', {
    params: { reason: translate(lang, `checkin.qrReason.${parsed.reason}`) },
    details: [{ path: 'qr', messageKey: `checkin.qrReason.${parsed.reason}` }],
  });
}

/**
 * The visitor a scanned QR describes. A QR can be typed by hand, so it is evidence about an ID
 * number and a name, never a registry person: it is not linked (a tracer decides later).
 */
function scannedVisitor(qr: PersonQr): Visitor {
  const id = qr.format === 'personal' ? qr.idNumber : qr.cccd;
  return {
    visitorKey: `q:${id}:${foldText(qr.fullName)}`,
    personId: null,
    method: 'scan',
    guestPhone: null,
    guestName: qr.fullName,
  };
}

/** The venue a scanner may check visitors in at (inside the caller's jurisdiction), with its open token. */
export async function scannerVenue(
  tx: DbOrTx,
  access: Access,
  venueId: string,
): Promise<{ id: string; token: string }> {
  const [v] = await tx
    .select({ id: venues.id, token: venueTokens.token })
    .from(venues)
    .leftJoin(venueTokens, and(eq(venueTokens.venueId, venues.id), isNull(venueTokens.revokedAt)))
    .where(and(eq(venues.id, venueId), venueScope(access)));
  if (!v) throw new AppError('NOT_FOUND');
  if (!v.token) throw new AppError('VENUE_NOT_OPEN');
  return { id: v.id, token: v.token };
}

interface RecordedRow {
  o_token: string | null;
  o_venue: TokenVenue | null;
  o_visitor_key: string | null;
  o_id: string | number | null;
  o_in: string | Date | null;
  o_out: string | Date | null;
}

function iso(v: string | Date): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

/**
 * Check in the holder of a scanned QR at a venue, in the request's transaction (not the public
 * group commit): the check-in and its audit row commit or roll back together. The same SQL function
 * as the hot path stores it (a repeated scan finds the open stay: nothing is stored twice).
 */
export async function scanCheckin(
  tx: DbOrTx,
  access: Access,
  input: { token: string; qr: string; lang: Language },
): Promise<{ name: string; format: PersonQr['format']; outcome: VisitOutcome }> {
  const qr = parseScannedQr(input.qr, input.lang);
  const visitor = scannedVisitor(qr);
  const recordedBy = access.actor.kind === 'user' ? access.actor.userId : null;
  const rows = await queryRows<RecordedRow>(
    tx,
    sql`select * from checkin_record_many(array[${input.token}]::text[], array[${visitor.visitorKey}]::text[],
      array[null]::uuid[], array[${visitor.method}]::text[], array[null]::text[], array[${visitor.guestName ?? null}]::text[],
      array[${recordedBy}]::uuid[])`,
  );
  assertOpen(rows.find((r) => r.o_token !== null)?.o_venue ?? null);
  const ins = rows.find((r) => r.o_token === null && r.o_id !== null);
  if (ins) {
    const outcome = {
      visitorKey: visitor.visitorKey,
      checkinId: String(ins.o_id),
      checkedInAt: iso(ins.o_in!),
      checkedOutAt: iso(ins.o_out!),
      duplicate: false,
    };
    return { name: qr.fullName, format: qr.format, outcome };
  }
  const [open] = await queryRows<{ id: string; checked_in_at: string | Date; checked_out_at: string | Date }>(
    tx,
    sql`select c.id::text as id, c.checked_in_at, c.checked_out_at from checkins c
      join venue_tokens t on t.venue_id = c.venue_id and t.token = ${input.token}
      where c.visitor_key = ${visitor.visitorKey}
        and c.checked_in_at > now() - make_interval(mins => ${MAX_STAY_MINUTES}) and c.checked_in_at <= now()
      order by c.checked_in_at desc limit 1`,
  );
  if (!open) throw new AppError('CONFLICT');
  const outcome = {
    visitorKey: visitor.visitorKey,
    checkinId: open.id,
    checkedInAt: iso(open.checked_in_at),
    checkedOutAt: iso(open.checked_out_at),
    duplicate: true,
  };
  return { name: qr.fullName, format: qr.format, outcome };
}
