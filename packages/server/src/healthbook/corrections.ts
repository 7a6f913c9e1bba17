/**
 * Correction requests, the citizen's side (#17 item 3): a request about one record of the
 * person's timeline (or a missing one) with an optional evidence photo, routed to the unit that
 * owns the record — its place columns are that unit's, so `scopeFor` gives it to that unit's
 * officials — and the list of the person's requests in the book. Audited, with an outbox event,
 * in the caller's transaction.
 */
import { AppError, normalizeText } from '@epilink/core';
import { sanitizeImage } from '@epilink/core/healthbook/evidence';
import { desc, inArray, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { citizenPersonIds } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { correctionRequests } from '../db/schema/index.ts';
import { enqueue } from '../outbox/outbox.ts';
import { branches } from './branches.ts';
import { visibleIds } from './records.ts';
import type { RecordKind } from './types.ts';

/** Largest evidence photo kept (bytes; the browser sends a ~1600 px JPEG of a few hundred KB). */
export const MAX_EVIDENCE_BYTES = 700 * 1024;
/** Largest side of an evidence photo (the browser resizes to it). */
export const MAX_EVIDENCE_SIDE = 1600;

/** A new request. */
export interface CorrectionInput {
  personId: string;
  /** The record, or null for "a record is missing". */
  record: { kind: RecordKind; id: string } | null;
  message: string;
  evidence: { type: 'image/jpeg' | 'image/png'; data: string } | null;
}

/** A request as the citizen sees it in the book. */
export interface MyCorrection {
  id: string;
  recordKind: string | null;
  recordId: string | null;
  status: 'open' | 'resolved' | 'rejected';
  level: 'unit' | 'district' | 'province';
  ownerName: string | null;
  answer: string | null;
  hasEvidence: boolean;
  createdAt: string;
  resolvedAt: string | null;
}

interface OwnerRow {
  owner_kind: 'facility' | 'testSite' | 'commune';
  owner_id: string | null;
  owner_name: string | null;
  province_code: string;
  district_code: string | null;
  commune_code: string | null;
}

function evidenceRefused(key: string, params: Record<string, number> = {}): AppError {
  return new AppError('VALIDATION_FAILED', {
    details: [{ path: 'body.evidence', messageKey: `corrections.evidence.${key}`, params }],
  });
}

/** Decode, check and strip the photo (the browser already re-encoded it; never trust that). */
export function checkEvidence(e: NonNullable<CorrectionInput['evidence']>): { type: string; bytes: Buffer } {
  if (!/^[A-Za-z0-9+/]*={0,2}$/u.test(e.data)) throw evidenceRefused('notImage');
  const raw = Buffer.from(e.data, 'base64');
  if (raw.length > MAX_EVIDENCE_BYTES) throw evidenceRefused('tooLarge', { max: MAX_EVIDENCE_BYTES / 1024 });
  const image = sanitizeImage(raw);
  if (typeof image === 'string' || image.type !== e.type) throw evidenceRefused('notImage');
  if (image.width > MAX_EVIDENCE_SIDE || image.height > MAX_EVIDENCE_SIDE)
    throw evidenceRefused('tooWide', { max: MAX_EVIDENCE_SIDE });
  return { type: image.type, bytes: Buffer.from(image.bytes) };
}

/** The district of a commune when a unit row does not carry it (null after the reform). */
const districtOf = (province: string, commune: string) =>
  sql`(select a.parent_code from admin_units a where a.code = ${sql.raw(commune)} and a.level = 'commune'
        and a.parent_code <> ${sql.raw(province)} order by a.valid_from desc limit 1)`;

/** The owning unit and its place: the site, the test site, else the record's commune. */
async function ownerOf(tx: DbOrTx, ids: string[], record: { kind: RecordKind; id: string }) {
  const b = branches().find((x) => x.kind === record.kind)!;
  const [row] = await queryRows<OwnerRow>(
    tx,
    sql`select ${b.ownerKind}::text as owner_kind, ${b.ownerId}::text as owner_id, ${b.ownerName}::text as owner_name,
          ${b.place.provinceCode}::text as province_code, ${b.place.districtCode}::text as district_code,
          ${b.place.communeCode}::text as commune_code
        from ${b.from}
        where ${b.id} = ${record.id} and ${b.person} = any(${`{${ids.join(',')}}`}::uuid[])
          and ${b.citizenOnly ?? sql`true`}`,
  );
  if (!row) return null;
  if (row.owner_kind === 'facility' && row.owner_id) {
    const [f] = await queryRows<OwnerRow>(
      tx,
      sql`select 'facility' as owner_kind, f.id::text as owner_id, f.name as owner_name, f.province_code,
            coalesce(f.district_code, case when length(f.unit_code) = 3 then f.unit_code end,
              ${districtOf('f.province_code', 'f.unit_code')}) as district_code,
            case when length(f.unit_code) = 5 then f.unit_code end as commune_code
          from facilities f where f.id = ${row.owner_id}::uuid`,
    );
    return f ?? row;
  }
  if (row.owner_kind === 'testSite' && row.owner_id) {
    const [s] = await queryRows<OwnerRow>(
      tx,
      sql`select 'testSite' as owner_kind, s.id::text as owner_id, s.name as owner_name, s.province_code,
            coalesce(s.district_code, ${districtOf('s.province_code', 's.commune_code')}) as district_code,
            s.commune_code
          from test_sites s where s.id = ${row.owner_id}::uuid`,
    );
    return s ?? row;
  }
  return { ...row, owner_kind: 'commune' as const, owner_id: null, owner_name: null };
}

/** The person's commune (a missing record goes there). */
async function personCommune(tx: DbOrTx, personId: string): Promise<OwnerRow> {
  const [p] = await queryRows<OwnerRow>(
    tx,
    sql`select 'commune' as owner_kind, null as owner_id, null as owner_name, province_code, district_code,
          commune_code from persons where id = ${personId}::uuid`,
  );
  return p!;
}

/**
 * A citizen's request about their record or a ward's (anyone else's: NOT_FOUND). Returns the new
 * request as the book shows it.
 */
export async function requestCorrection(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  input: CorrectionInput,
): Promise<MyCorrection> {
  if (access.actor.kind !== 'citizen') throw new AppError('FORBIDDEN');
  const ids = await visibleIds(tx, access, input.personId);
  if (!ids) throw new AppError('NOT_FOUND');
  const message = normalizeText(input.message);
  if (!message)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'body.message', messageKey: 'errors.field.required' }],
    });
  const evidence = input.evidence ? checkEvidence(input.evidence) : null;
  const owner = input.record ? await ownerOf(tx, ids, input.record) : await personCommune(tx, ids[0]!);
  if (!owner)
    throw new AppError('NOT_FOUND', {
      details: [{ path: 'body.recordId', messageKey: 'corrections.refusal.noRecord' }],
    });
  const now = new Date();
  const [row] = await tx
    .insert(correctionRequests)
    .values({
      personId: ids[0]!,
      recordKind: input.record?.kind ?? null,
      recordId: input.record?.id ?? null,
      ownerKind: owner.owner_kind,
      ownerId: owner.owner_id,
      ownerName: owner.owner_name,
      provinceCode: owner.province_code,
      districtCode: owner.district_code,
      communeCode: owner.commune_code,
      message,
      evidence: evidence?.bytes ?? null,
      evidenceType: (evidence?.type ?? null) as 'image/jpeg' | 'image/png' | null,
      requestedBy: access.actor.citizenId,
      levelSince: now,
      createdAt: now,
    })
    .returning();
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'correction_request',
    entityId: row!.id,
    personId: row!.personId,
    fields: evidence ? ['message', 'evidence'] : ['message'],
    details: { recordKind: row!.recordKind, ownerKind: row!.ownerKind },
  });
  await enqueue(tx, 'correction.requested', {
    requestId: row!.id,
    personId: row!.personId,
    recordKind: row!.recordKind,
    ownerKind: row!.ownerKind,
    ownerId: row!.ownerId,
    communeCode: row!.communeCode,
  });
  return present(row!);
}

function present(r: typeof correctionRequests.$inferSelect): MyCorrection {
  return {
    id: r.id,
    recordKind: r.recordKind,
    recordId: r.recordId,
    status: r.status,
    level: r.level,
    ownerName: r.ownerName,
    answer: r.answer,
    hasEvidence: r.evidence !== null,
    createdAt: r.createdAt.toISOString(),
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
  };
}

/** The requests about a person (the citizen's own or a ward's), newest first, audited. */
export async function myCorrections(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  personId: string,
): Promise<{ items: MyCorrection[] }> {
  if (!citizenPersonIds(access).includes(personId)) throw new AppError('NOT_FOUND');
  const ids = await visibleIds(tx, access, personId);
  if (!ids) throw new AppError('NOT_FOUND');
  const rows = await tx
    .select()
    .from(correctionRequests)
    .where(inArray(correctionRequests.personId, ids))
    .orderBy(desc(correctionRequests.createdAt))
    .limit(100);
  await writeAudit(tx, access, origin, {
    action: 'read',
    entity: 'correction_request',
    entityId: ids[0]!,
    personId: ids[0]!,
    fields: ['status', 'answer'],
    details: { count: rows.length },
  });
  return { items: rows.map(present) };
}
