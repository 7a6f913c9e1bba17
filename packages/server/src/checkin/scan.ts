/**
 * Check-in by the venue: the staff scan a visitor's personal QR (1405/QĐ-BTTTT) or CCCD chip-card
 * QR, for visitors without a smartphone. The scanned person is linked to the registry (by ID
 * number, else through record linkage) and checked in; the answer carries the name read from
 * the code the staff hold in their hands, never registry data.
 */
import { AppError, detectPersonQr, foldText, personVisitorKey, translate } from '@epilink/core';
import type { Language, PersonQr } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { systemAccess } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { Database, Tx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { ingestPersons } from '../registry/linkage/ingest.ts';
import { recordCheckin } from './record.ts';
import type { VisitOutcome } from './record.ts';

/** Parse a scanned person QR or throw PERSON_QR_INVALID with the reason, translated. */
export function parseScannedQr(raw: string, lang: Language): PersonQr {
  const parsed = detectPersonQr(raw);
  if (parsed.ok) return parsed.value;
  throw new AppError('PERSON_QR_INVALID', {
    params: { reason: translate(lang, `checkin.qrReason.${parsed.reason}`) },
    details: [{ path: 'qr', messageKey: `checkin.qrReason.${parsed.reason}` }],
  });
}

/** The registry person of a scanned QR: an active person with that ID number and name, else linkage. */
async function linkScanned(tx: Tx, qr: PersonQr, provinceCode: string): Promise<string> {
  const id = qr.format === 'personal' ? qr.idNumber : qr.cccd;
  const found = await queryRows<{ id: string; name_key: string }>(
    tx,
    sql`select id, name_key from persons where (cccd = ${id} or cmnd = ${id} or passport = ${id}) and merged_into is null`,
  );
  const folded = foldText(qr.fullName);
  const same = found.filter((p) => p.name_key === folded);
  if (same.length === 1) return same[0]!.id;
  const isCccd = qr.format === 'cccd' || qr.idKind === 'cccd';
  const [outcome] = await ingestPersons(tx, systemAccess('checkin-scan-linkage'), { ip: null }, [
    {
      source: 'checkin-scan',
      fullName: qr.fullName,
      dateOfBirth: qr.dateOfBirth,
      sex: qr.format === 'cccd' ? qr.sex : null,
      cccd: isCccd ? id : null,
      cmnd: qr.format === 'personal' && qr.idKind === 'cmnd' ? id : qr.format === 'cccd' ? qr.oldCmnd : null,
      passport: qr.format === 'personal' && qr.idKind === 'passport' ? id : null,
      address: qr.format === 'cccd' ? qr.address : null,
      communeCode: null,
      districtCode: null,
      provinceCode,
    },
  ]);
  return outcome!.decision === 'merged' && outcome!.matchedId ? outcome!.matchedId : outcome!.personId;
}

/** Check in the holder of a scanned QR at a venue (the caller's own venue). */
export async function scanCheckin(
  database: Database,
  access: Access,
  origin: AuditOrigin,
  input: { venueId: string; token: string; provinceCode: string; qr: string; lang: Language },
): Promise<{ name: string; outcome: VisitOutcome }> {
  const qr = parseScannedQr(input.qr, input.lang);
  const personId = await database.db.transaction(async (tx) => {
    const id = await linkScanned(tx, qr, input.provinceCode);
    await writeAudit(tx, access, origin, {
      action: 'create',
      entity: 'checkin',
      entityId: input.venueId,
      personId: id,
      fields: ['venue', 'checkedInAt'],
      details: { method: 'scan', format: qr.format },
    });
    return id;
  });
  const recordedBy = access.actor.kind === 'user' ? access.actor.userId : null;
  const { outcomes } = await recordCheckin(
    database,
    input.token,
    [{ visitorKey: personVisitorKey(personId), personId, method: 'scan' }],
    recordedBy,
  );
  return { name: qr.fullName, outcome: outcomes[0]! };
}
