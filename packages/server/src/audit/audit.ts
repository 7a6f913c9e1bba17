import type { DbOrTx } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';
import type { Access } from '../access/context.ts';
import { actorId, actorRole } from '../access/context.ts';

/** One audited access to (personal) data. Never holds the data itself: only which fields. */
export interface AuditEntry {
  action:
    | 'read'
    | 'search'
    | 'create'
    | 'update'
    | 'merge'
    | 'decide'
    | 'login'
    | 'login_failed'
    | 'logout'
    | 'export';
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
}

/**
 * Append audit rows in the caller's transaction, so a change and its audit commit together.
 * (The hash chain over rows is computed by the audit module's chainer; see ARCHITECTURE.md.)
 */
export async function writeAudit(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  entries: AuditEntry | AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db.insert(auditLog).values(
    list.map((e) => ({
      actorId: actorId(access),
      actorRole: actorRole(access),
      action: e.action,
      entity: e.entity,
      entityId: e.entityId ?? null,
      personId: e.personId ?? null,
      fields: e.fields ?? [],
      purpose: e.purpose ?? null,
      ip: origin.ip,
      details: e.details ?? null,
    })),
  );
}
