/**
 * Correction requests, the officials' side (#17 item 3): the worklist of the unit that owns the
 * records (scoped in SQL with `scopeFor`; a district sees what climbed to it or belongs to a
 * district-level unit, the province what climbed to it), one request with its evidence, and the
 * decision. Accepting makes the fix through the owning module's service (corrections-fix.ts),
 * whose audit row names the request; the citizen is told by SMS. One transaction per decision.
 */
import { AppError, translate } from '@epilink/core';
import type { Language } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId, actorJurisdiction, scopeFor } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AppDeps } from '../deps.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { citizens, correctionRequests } from '../db/schema/index.ts';
import { enqueueNotification } from '../notify/notify.ts';
import { enqueue } from '../outbox/outbox.ts';
import { FIXABLE_KINDS, applyCorrectionFix, recordFacts } from './corrections-fix.ts';
import type { CorrectionFix } from './corrections-fix.ts';

/** One row of the worklist. */
export interface CorrectionItem {
  id: string;
  personId: string;
  name: string;
  recordKind: string | null;
  recordId: string | null;
  ownerKind: string;
  ownerName: string | null;
  communeCode: string | null;
  message: string;
  hasEvidence: boolean;
  status: string;
  level: string;
  overdue: boolean;
  createdAt: string;
}

/** A request opened by an official: the worklist row, its evidence and the record it is about. */
export interface CorrectionDetail extends CorrectionItem {
  evidence: string | null;
  answer: string | null;
  record: Record<string, string | number | boolean | null> | null;
}

const cr = correctionRequests;

/** What the caller's level sees: escalated requests, and those of units directly under it. */
function levelFilter(access: Access): SQL {
  const level = actorJurisdiction(access)?.level;
  if (level === 'province')
    return sql`(${cr.level} = 'province' or (${cr.districtCode} is null and ${cr.communeCode} is null))`;
  if (level === 'district') return sql`(${cr.level} <> 'unit' or ${cr.communeCode} is null)`;
  return sql`true`;
}

const COLUMNS = sql`r.id, r.person_id as "personId", p.full_name as name, r.record_kind as "recordKind",
  r.record_id as "recordId", r.owner_kind as "ownerKind", r.owner_name as "ownerName",
  r.commune_code as "communeCode", r.message, (r.evidence is not null) as "hasEvidence", r.status, r.level,
  (r.level <> 'unit') as overdue, to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"`;

/** The worklist: open requests (or every one), escalated first, then oldest first. Audited. */
export async function correctionWorklist(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  opts: { status: 'open' | 'all' },
): Promise<{ items: CorrectionItem[] }> {
  const items = await queryRows<CorrectionItem>(
    tx,
    sql`select ${COLUMNS} from correction_requests r join persons p on p.id = r.person_id
      where r.id in (select ${cr.id} from ${cr} where ${scopeFor(access, cr)} and ${levelFilter(access)})
        ${opts.status === 'open' ? sql`and r.status = 'open'` : sql``}
      order by (r.status = 'open') desc, (r.level <> 'unit') desc, r.created_at limit 200`,
  );
  await writeAudit(
    tx,
    access,
    origin,
    items.map((i) => ({
      action: 'read' as const,
      entity: 'correction_request',
      entityId: i.id,
      personId: i.personId,
      fields: ['message'],
    })),
  );
  return { items };
}

async function findInScope(tx: DbOrTx, access: Access, id: string, lock: boolean) {
  if (!/^[0-9a-f-]{36}$/iu.test(id)) throw new AppError('NOT_FOUND');
  const q = tx
    .select()
    .from(cr)
    .where(and(eq(cr.id, id), scopeFor(access, cr)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** One request with its evidence (as a data URL) and the record's current facts. Audited. */
export async function correctionDetail(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  id: string,
): Promise<CorrectionDetail> {
  await findInScope(tx, access, id, false);
  const [row] = await queryRows<
    CorrectionItem & {
      evidence: Buffer | Uint8Array | null;
      evidenceType: string | null;
      answer: string | null;
    }
  >(
    tx,
    sql`select ${COLUMNS}, r.evidence, r.evidence_type as "evidenceType", r.answer
      from correction_requests r join persons p on p.id = r.person_id where r.id = ${id}::uuid`,
  );
  const { evidence, evidenceType, ...item } = row!;
  const record =
    item.recordKind && item.recordId ? await recordFacts(tx, item.recordKind, item.recordId) : null;
  await writeAudit(tx, access, origin, {
    action: 'read',
    entity: 'correction_request',
    entityId: id,
    personId: item.personId,
    fields: evidence ? ['message', 'evidence'] : ['message'],
  });
  return {
    ...item,
    answer: row!.answer,
    evidence: evidence ? `data:${evidenceType};base64,${Buffer.from(evidence).toString('base64')}` : null,
    record,
  };
}

/** The decision on a request. */
export interface CorrectionDecision {
  decision: 'accept' | 'reject';
  answer: string;
  /** The fix, made for the record's kind (corrections-fix.ts); required to accept a fixable record. */
  fix?: CorrectionFix | undefined;
}

/**
 * Accept (with the fix through the owning module's service) or reject (with a reason) an open
 * request of the caller's jurisdiction; 404 outside it, 409 when already settled.
 */
export async function resolveCorrection(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  origin: AuditOrigin,
  id: string,
  d: CorrectionDecision,
  lang: Language = 'vi',
): Promise<{ id: string; status: 'resolved' | 'rejected' }> {
  const req = await findInScope(tx, access, id, true);
  if (req.status !== 'open') throw new AppError('CONFLICT');
  const answer = d.answer.trim();
  if (d.decision === 'reject' && !answer)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'body.answer', messageKey: 'errors.field.required' }],
    });
  let fix: Record<string, unknown> | null = null;
  if (d.decision === 'accept' && d.fix) {
    const wanted = d.fix;
    // A savepoint of the decision's transaction: the modules' services take a transaction.
    fix = await tx.transaction((sp) => applyCorrectionFix(sp, deps, access, origin, lang, req, wanted));
  } else if (d.decision === 'accept' && (FIXABLE_KINDS as readonly string[]).includes(req.recordKind ?? '')) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'body.fix', messageKey: 'corrections.refusal.fixNeeded' }],
    });
  }
  const status = d.decision === 'accept' ? ('resolved' as const) : ('rejected' as const);
  await tx
    .update(cr)
    .set({ status, answer: answer || null, fix, resolvedBy: actorId(access), resolvedAt: new Date() })
    .where(eq(cr.id, id));
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'correction_request',
    entityId: id,
    personId: req.personId,
    fields: ['status', 'answer'],
    details: { status, fix },
  });
  await enqueue(tx, 'correction.resolved', { requestId: id, personId: req.personId, status });
  const [who] = await tx
    .select({ phone: citizens.phone })
    .from(citizens)
    .where(eq(citizens.id, req.requestedBy));
  if (who?.phone) {
    const what = translate(
      'vi',
      req.recordKind ? `healthbook.kind.${req.recordKind}` : 'corrections.missingRecord',
    );
    await enqueueNotification(tx, {
      channel: 'sms',
      to: who.phone,
      subject: null,
      body: translate('vi', `corrections.sms.${status}`, {
        what,
        reason: answer,
        url: `${deps.config.publicUrl}/me/book/${req.personId}`,
      }),
    });
  }
  return { id, status };
}
