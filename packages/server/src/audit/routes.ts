/**
 * The audit viewer for security officers: filter by official, person, action and time; export
 * as CSV (itself audited); verify the hash chain. Province-level `audit:read` only
 * (core `canReadAudit`).
 */
import { AppError, canExportAudit, canReadAudit, today } from '@epilink/core';
import { z } from 'zod';
import type { Access } from '../access/context.ts';
import { defineRoute } from '../http/route.ts';
import type { SignedHead } from './anchor.ts';
import { latestHead } from './anchor.ts';
import { chainBeforeVerify } from './chain.ts';
import { parseExportedHead } from './commands.ts';
import { BREAK_REASONS, verifyAuditChain } from './verify.ts';
import { auditExport } from './export.ts';
import { filterSchema, rowSchema, searchAudit } from './viewer.ts';

function requireAuditAccess(access: Access, exporting = false): void {
  const { actor } = access;
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN');
  const ok = exporting
    ? canExportAudit(actor.role, actor.jurisdiction.level)
    : canReadAudit(actor.role, actor.jurisdiction.level);
  if (!ok) throw new AppError('FORBIDDEN');
}

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
    async handler({ tx, access, query }) {
      requireAuditAccess(access);
      return searchAudit(tx, query);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit/export',
    summary:
      'Export the filtered audit trail as CSV, every matching row, streamed (the export is audited with its row count)',
    tags: ['audit'],
    auth: { kind: 'user', permission: 'audit:export' },
    personalData: false,
    query: filterSchema.omit({ limit: true }),
    response: null,
    async handler({ tx, access, query, reply, audit }) {
      requireAuditAccess(access, true);
      const { rows, csv } = await auditExport(tx, query);
      await audit({
        action: 'export',
        entity: 'audit_log',
        details: { rows, filter: query },
      });
      await reply
        .code(200)
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${today()}.csv"`)
        .send(csv);
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
    async handler({ deps, tx, access, audit }) {
      requireAuditAccess(access);
      await chainBeforeVerify(tx, { anchorKey: deps.config.audit.anchorKey });
      const head = deps.config.audit.anchorKey ? await latestHead(tx) : null;
      await audit({
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
    async handler({ deps, tx, access, audit, query }) {
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
      const anchorKey = deps.config.audit.anchorKey;
      await chainBeforeVerify(tx, { anchorKey });
      const report = await verifyAuditChain(tx, { anchorKey, exported });
      await audit({
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
