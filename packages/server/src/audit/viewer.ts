/**
 * What readers of the audit trail (security officers) get (the service behind audit/routes.ts):
 * the filtered rows, newest first, keyset-paginated by id — and the `details` of each row with
 * only the keys named in DETAIL_KEYS_SHOWN. The security officer reads no health data (docs/
 * security.md, roles): values such as a case classification, a contact decision, a test result
 * or an adverse event's seriousness, written into `details` by the modules that audit them, stay
 * in the stored row (its hash covers them) but never leave through the viewer or the export.
 * Deny by default: a key a module adds later is hidden until it is named here.
 */
import { and, desc, eq, getTableColumns, gte, lt, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client.ts';
import { auditChain, auditLog } from '../db/schema/index.ts';
import { AUDIT_ACTIONS } from './audit.ts';

/** `details` keys that carry no health data (who, how, how many, which ids, which codes). */
export const DETAIL_KEYS_SHOWN: ReadonlySet<string> = new Set([
  // sign-in, sessions, accounts, keys
  'reason',
  'stage',
  'failedAttempts',
  'revoked',
  'userId',
  'role',
  'jurisdiction',
  'name',
  'scopes',
  'method',
  'enrolled',
  'enrolmentCode',
  'from',
  'to',
  // refused attempts
  'status',
  'code',
  'params',
  // the audit trail itself
  'rows',
  'filter',
  'seq',
  'ok',
  'checked',
  'firstBroken',
  // searches and reads: counts and ids, never values
  'results',
  'nodes',
  'named',
  'clusters',
  'people',
  'found',
  'contactIds',
  'referralIds',
  'guests',
  'outsideJurisdiction',
  'site',
  'resident',
  'queued',
  // links between records
  'caseId',
  'resultId',
  'checkinId',
  'via',
  'source',
  'toCommune',
  'opened',
  'mergedId',
  'survivorId',
  'mergeId',
  'matchedId',
  'recordId',
  'automatic',
  // reference data, policies, stock, certificates' signing
  'key',
  'effectiveFrom',
  'validFrom',
  'units',
  'changes',
  'entity',
  'entityId',
  'table',
  'kid',
  'country',
  'facilityId',
  'received',
  'referenceDate',
  'communes',
  'population',
  'diseaseCode',
  'startedOn',
  'format',
  'by',
]);

/** A row's details as a reader of the audit trail sees them (health data left out). */
export function detailsForReader(details: unknown): Record<string, unknown> | null {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return null;
  const shown = Object.entries(details as Record<string, unknown>).filter(([k]) => DETAIL_KEYS_SHOWN.has(k));
  return shown.length > 0 ? Object.fromEntries(shown) : null;
}

export const filterSchema = z.strictObject({
  actorId: z.uuid().optional(),
  actorName: z.string().max(100).optional(),
  personId: z.uuid().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type Filter = z.output<typeof filterSchema>;

export const rowSchema = z.object({
  id: z.number(),
  at: z.date(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  personId: z.string().nullable(),
  fields: z.array(z.string()),
  purpose: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  seq: z.number().nullable(),
  hash: z.string().nullable(),
});

export function where(f: Filter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.actorName) conds.push(eq(auditLog.actorName, f.actorName));
  // A person is in a row as its subject, or among the contacts an overlap search showed.
  if (f.personId)
    conds.push(
      or(
        eq(auditLog.personId, f.personId),
        sql`${auditLog.details} -> 'contactIds' @> ${JSON.stringify([f.personId])}::jsonb`,
      )!,
    );
  if (f.action) conds.push(eq(auditLog.action, f.action));
  if (f.from) conds.push(gte(auditLog.at, new Date(f.from)));
  if (f.to) conds.push(lt(auditLog.at, new Date(f.to)));
  if (f.before) conds.push(lt(auditLog.id, f.before));
  return conds.length > 0 ? and(...conds) : undefined;
}

const { xact: _xact, ...viewerColumns } = getTableColumns(auditLog);

export async function searchAudit(db: DbOrTx, f: Filter) {
  const rows = await db
    .select({ ...viewerColumns, seq: auditChain.seq, hash: auditChain.hash })
    .from(auditLog)
    .leftJoin(auditChain, eq(auditChain.logId, auditLog.id))
    .where(where(f))
    .orderBy(desc(auditLog.id))
    .limit(f.limit + 1);
  const items = rows.slice(0, f.limit).map((r) => ({ ...r, details: detailsForReader(r.details) }));
  // `before` for the next page only when another row exists: no page ends in silence.
  return { items, nextBefore: rows.length > f.limit ? items.at(-1)!.id : null };
}
