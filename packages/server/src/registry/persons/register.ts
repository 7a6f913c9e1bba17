/**
 * Register one person by hand (`POST /api/persons`): the commune must exist and lie inside the
 * caller's jurisdiction; record linkage matches the record against existing people first, and a
 * likely match outside the caller's jurisdiction goes to review without telling the caller.
 */
import { AppError, classifyIdNumber, normalizePhone } from '@epilink/core';
import type { Access } from '../../access/context.ts';
import { placeWithin } from '../../access/context.ts';
import type { AuditOrigin } from '../../audit/audit.ts';
import type { DbOrTx } from '../../db/client.ts';
import { ingestPersons } from '../linkage/ingest.ts';
import { findUnit } from '../units/repository.ts';

/** What an officer types to register a person. */
export interface NewPerson {
  fullName: string;
  dateOfBirth: string | null;
  sex: 'male' | 'female' | null;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
  communeCode: string;
}

/** The decision on a registered record (an outside match is answered as `new`, without its id). */
export async function registerPerson(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  homeProvince: string,
  body: NewPerson,
): Promise<{ personId: string; decision: 'new' | 'merged' | 'review'; matchedId: string | null }> {
  const commune = await findUnit(db, body.communeCode);
  if (commune?.level !== 'commune')
    throw new AppError('UNKNOWN_CODE', { params: { code: body.communeCode } });
  const district = commune.parentCode ? await findUnit(db, commune.parentCode) : null;
  const provinceCode = district?.parentCode ?? homeProvince;
  let ids: { cccd?: string; cmnd?: string; passport?: string } = {};
  if (body.idNumber) {
    const c = classifyIdNumber(body.idNumber);
    if (!c.ok)
      throw new AppError('INVALID_ID_NUMBER', {
        params: { reason: c.reason },
        details: [{ path: 'body.idNumber', messageKey: `registry.idReason.${c.reason}` }],
      });
    ids = { [c.kind]: c.value };
  }
  if (body.phone && !normalizePhone(body.phone)) {
    throw new AppError('INVALID_PHONE', {
      details: [{ path: 'body.phone', messageKey: 'errors.invalidPhone' }],
    });
  }
  // A new record must fall inside the caller's own jurisdiction.
  if (
    !placeWithin(access, {
      provinceCode,
      districtCode: district?.code ?? null,
      communeCode: commune.code,
    })
  ) {
    throw new AppError('FORBIDDEN');
  }
  const [outcome] = await db.transaction((tx) =>
    ingestPersons(
      tx,
      access,
      origin,
      [
        {
          source: 'manual',
          fullName: body.fullName,
          dateOfBirth: body.dateOfBirth,
          sex: body.sex,
          ...ids,
          phone: body.phone ?? null,
          address: body.address ?? null,
          communeCode: commune.code,
          districtCode: district?.code ?? null,
          provinceCode,
        },
      ],
      // A likely match outside the caller's jurisdiction goes to the review queue (someone who
      // sees both decides); the caller learns neither that it exists nor its id.
      { within: access },
    ),
  );
  if (outcome!.foreign) return { personId: outcome!.personId, decision: 'new' as const, matchedId: null };
  return { personId: outcome!.personId, decision: outcome!.decision, matchedId: outcome!.matchedId };
}
