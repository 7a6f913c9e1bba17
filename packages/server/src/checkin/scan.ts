/**
 * Check-in by the venue: the staff scan a visitor's personal QR (1405/QĐ-BTTTT) or CCCD chip-card
 * QR, for visitors without a smartphone. The scan is stored as evidence about the ID number and
 * name on the code, never linked to a registry person (a QR can be typed by hand: issue #9 item
 * 2); the answer carries the name read from the code the staff hold in their hands.
 */
import { AppError, detectPersonQr, foldText, translate } from '@epilink/core';
import type { Language, PersonQr } from '@epilink/core';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { Database } from '../db/client.ts';
import { recordCheckin } from './record.ts';
import type { Visitor, VisitOutcome } from './record.ts';

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

/** Check in the holder of a scanned QR at a venue (the caller's own venue). */
export async function scanCheckin(
  database: Database,
  access: Access,
  origin: AuditOrigin,
  input: { venueId: string; token: string; provinceCode: string; qr: string; lang: Language },
): Promise<{ name: string; outcome: VisitOutcome }> {
  const qr = parseScannedQr(input.qr, input.lang);
  const recordedBy = access.actor.kind === 'user' ? access.actor.userId : null;
  const { outcomes } = await recordCheckin(database, input.token, [scannedVisitor(qr)], recordedBy);
  await writeAudit(database.db, access, origin, {
    action: 'create',
    entity: 'checkin',
    entityId: input.venueId,
    fields: ['venue', 'checkedInAt', 'guestName'],
    details: { method: 'scan', format: qr.format, checkinId: outcomes[0]!.checkinId },
  });
  return { name: qr.fullName, outcome: outcomes[0]! };
}
