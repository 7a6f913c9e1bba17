import type { AuditAction } from '@epilink/core';
import { bulkInsert } from '../db/bulk.ts';
import type { DbOrTx } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';
import type { Access } from '../access/context.ts';
import { actorId, actorName, actorRole } from '../access/context.ts';

export { AUDIT_ACTIONS } from '@epilink/core';

/** One audited access to (personal) data. Never holds the data itself: only which fields. */
export interface AuditEntry {
  action: AuditAction;
  entity: string;
  entityId?: string | null;
  personId?: string | null;
  fields?: string[];
  purpose?: string | null;
  details?: Record<string, unknown> | null;
}

/** Request facts the audit trail records alongside the actor. */
export interface AuditOrigin {
  ip: string | null;
  /** The purpose the caller declared (header `x-epilink-purpose`), if any. */
  purpose?: string | null;
}

/**
 * Append audit rows in the caller's transaction, so a change and its audit commit together.
 * Rows are inserted without their hash: the chainer (`audit/chain.ts`) links them afterwards in
 * order, so writers never wait on one another for the chain.
 */
export async function writeAudit(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  entries: AuditEntry | AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await bulkInsert(
    db,
    auditLog,
    list.map((e) => ({
      actorId: actorId(access),
      actorName: actorName(access),
      actorRole: actorRole(access),
      action: e.action,
      entity: e.entity,
      entityId: e.entityId ?? null,
      personId: e.personId ?? null,
      fields: e.fields ?? [],
      purpose: e.purpose ?? origin.purpose ?? null,
      ip: origin.ip,
      details: e.details ?? null,
    })),
  );
}
