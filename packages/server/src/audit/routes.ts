/**
 * The audit viewer for security officers: filter by official, person, action and time; export
 * as CSV (itself audited); verify the hash chain. Province-level `audit:read` only
 * (core `canReadAudit`).
 */
import { AppError, canExportAudit, canReadAudit, today } from '@epilink/core';
import { and, desc, eq, getTableColumns, gte, lt, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { auditChain, auditLog } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { AUDIT_ACTIONS, writeAudit } from './audit.ts';
import type { SignedHead } from './anchor.ts';
import { latestHead } from './anchor.ts';
import { chainBeforeVerify } from './chain.ts';
import { parseExportedHead } from './commands.ts';
import { BREAK_REASONS, verifyAuditChain } from './verify.ts';

function requireAuditAccess(access: Access, exporting = false): void {
  const { actor } = access;
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN');
  const ok = exporting
    ? canExportAudit(actor.role, actor.jurisdiction.level)
    : canReadAudit(actor.role, actor.jurisdiction.level);
  if (!ok) throw new AppError('FORBIDDEN');
}

const filterSchema = z.strictObject({
  actorId: z.uuid().optional(),
  actorName: z.string().max(100).optional(),
  personId: z.uuid().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
type Filter = z.output<typeof filterSchema>;

const rowSchema = z.object({
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

function where(f: Filter): SQL | undefined {
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

async function search(db: DbOrTx, f: Filter) {
  const rows = await db
    .select({ ...viewerColumns, seq: auditChain.seq, hash: auditChain.hash })
    .from(auditLog)
    .leftJoin(auditChain, eq(auditChain.logId, auditLog.id))
    .where(where(f))
    .orderBy(desc(auditLog.id))
    .limit(f.limit);
  return rows.map((r) => ({ ...r, details: (r.details ?? null) as Record<string, unknown> | null }));
}

function csvCell(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = '';
  else if (v instanceof Date) s = v.toISOString();
  else if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else s = JSON.stringify(v);
  // Quote always; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/u.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/gu, '""')}"`;
}

const CSV_COLUMNS = [
  'id',
  'at',
  'actorId',
  'actorName',
  'actorRole',
  'action',
  'entity',
  'entityId',
  'personId',
  'fields',
  'purpose',
  'ip',
  'details',
  'seq',
  'hash',
] as const;

const headSchema = z.object({
  seq: z.string(),
  hash: z.string(),
  lastXact: z.string(),
  lastId: z.string(),
  at: z.string(),
  keyId: z.string(),
  signature: z.string(),
});

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/audit',
    summary: 'Audit trail: filter by official, person, action, time (newest first; page with `before`)',
    tags: ['audit'],
    auth: { kind: 'user', permission: 'audit:read' },
    personalData: false,
    query: filterSchema,
    response: z.object({ items: z.array(rowSchema), nextBefore: z.number().nullable() }),
    async handler({ deps, access, query }) {
      requireAuditAccess(access);
      const items = await search(deps.database.db, query);
      return { items, nextBefore: items.length === query.limit ? items.at(-1)!.id : null };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit/export',
    summary: 'Export the filtered audit trail as CSV (at most 50,000 rows; the export is audited)',
    tags: ['audit'],
    auth: { kind: 'user', permission: 'audit:export' },
    personalData: false,
    query: filterSchema.omit({ limit: true }),
    response: null,
    async handler({ deps, access, query, reply, origin }) {
      requireAuditAccess(access, true);
      const { db } = deps.database;
      const items = await search(db, { ...query, limit: 50_000 });
      await writeAudit(db, access, origin, {
        action: 'export',
        entity: 'audit_log',
        details: { rows: items.length, filter: query },
      });
      const lines = [
        CSV_COLUMNS.join(','),
        ...items.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(',')),
      ];
      await reply
        .code(200)
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${today()}.csv"`)
        .send(`\uFEFF${lines.join('\r\n')}\r\n`);
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit/head',
    summary: 'Export the newest signed head of the audit chain, to keep outside the database',
    tags: ['audit'],
    auth: { kind: 'user', permission: 'audit:read' },
    personalData: false,
    response: headSchema.nullable(),
    async handler({ deps, access, origin }) {
      requireAuditAccess(access);
      const { db } = deps.database;
      await chainBeforeVerify(db, { anchorKey: deps.config.audit.anchorKey });
      const head = deps.config.audit.anchorKey ? await latestHead(db) : null;
      await writeAudit(db, access, origin, {
        action: 'export',
        entity: 'audit_chain_head',
        details: { seq: head?.seq ?? null },
      });
      return head;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit/verify',
    summary:
      'Chain pending rows, then verify the whole hash chain against its signed heads (and `head`, one exported earlier); names the first break',
    tags: ['audit'],
    auth: { kind: 'user', permission: 'audit:read' },
    personalData: false,
    query: z.strictObject({ head: z.string().max(2000).optional() }),
    response: z.object({
      ok: z.boolean(),
      checked: z.number(),
      unchained: z.number(),
      firstBroken: z
        .object({ id: z.string(), seq: z.string().nullable(), reason: z.enum(BREAK_REASONS) })
        .nullable(),
      anchor: z.object({
        keyConfigured: z.boolean(),
        heads: z.number(),
        latest: z.object({ seq: z.string(), at: z.string() }).nullable(),
        exportedHead: z.enum(['none', 'matched']),
      }),
    }),
    async handler({ deps, access, origin, query }) {
      requireAuditAccess(access);
      let exported: SignedHead | null = null;
      if (query.head !== undefined) {
        try {
          exported = parseExportedHead(query.head);
        } catch {
          throw new AppError('VALIDATION_FAILED', {
            details: [{ path: 'head', messageKey: 'errors.validationFailed' }],
          });
        }
      }
      const { db } = deps.database;
      const anchorKey = deps.config.audit.anchorKey;
      await chainBeforeVerify(db, { anchorKey });
      const report = await verifyAuditChain(db, { anchorKey, exported });
      await writeAudit(db, access, origin, {
        action: 'audit_verify',
        entity: 'audit_log',
        details: {
          ok: report.ok,
          checked: report.checked,
          firstBroken: report.firstBroken?.id ?? null,
          reason: report.firstBroken?.reason ?? null,
        },
      });
      return report;
    },
  }),
];
