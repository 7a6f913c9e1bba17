/** Reading imports: one job with its progress, the history list, the preview of the first rows. */
import { translate } from '@epilink/core';
import type { Language } from '@epilink/core';
import { indexCodes, validateRow } from '@epilink/core/imports/index';
import type { ImportKind } from '@epilink/core/imports/index';
import { and } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { importJobs } from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { loadImportContext } from './context.ts';
import { jobFor, progressOf } from './jobs.ts';
import type { ImportJob } from './jobs.ts';
import { jobRows } from './staging.ts';

/** A job as shown to the officer. */
export function jobView(job: ImportJob, alreadyImported = false) {
  return {
    id: job.id,
    kind: job.kind,
    source: job.source,
    fileName: job.fileName,
    format: job.format,
    status: job.status,
    headers: job.headers,
    mapping: job.mapping,
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    importedCount: job.importedCount,
    duplicateCount: job.duplicateCount,
    reviewCount: job.reviewCount,
    errorCount: job.errorCount,
    importedBy: job.actor.username,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    ...progressOf(job),
    alreadyImported,
  };
}

const JOB_KEY: KeyPart[] = [
  { column: importJobs.createdAt, type: 'timestamptz' },
  { column: importJobs.id, type: 'uuid' },
];

/** The imports of the caller's jurisdiction, newest first (keyset pages). */
export async function listJobs(
  db: DbOrTx,
  access: Access,
  page: { cursor?: string | undefined; limit: number },
) {
  const [k0, k1] = keyText(JOB_KEY);
  const rows = await db
    .select({ j: importJobs, k0: k0!, k1: k1! })
    .from(importJobs)
    .where(and(scopeFor(access, importJobs), afterCursor(JOB_KEY, page.cursor, 'desc')))
    .orderBy(...orderByKey(JOB_KEY, 'desc'))
    .limit(page.limit + 1);
  const p = pageOf(rows, page.limit, (r) => [r.k0, r.k1]);
  return { items: p.items.map((r) => jobView(r.j)), nextCursor: p.nextCursor };
}

/** Rows shown in a preview. */
export const PREVIEW_ROWS = 10;

/** The first rows as they will be stored (or why not), with the job's current mapping. */
export async function previewJob(db: DbOrTx, access: Access, id: string, lang: Language) {
  const job = await jobFor(db, access, id);
  const context = await loadImportContext(db, job.actor.jurisdiction);
  const codes = indexCodes(context.row);
  const rows = [];
  if (job.status === 'done') return { rows: [] };
  for await (const row of jobRows(db, { ...job, kind: job.kind as ImportKind }, 0, lang)) {
    const r = validateRow(job.kind as ImportKind, job.mapping, row.cells, context.row, codes);
    rows.push({
      rowNumber: row.rowNumber,
      values: r.ok ? Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, String(v)])) : {},
      errors: r.ok
        ? []
        : r.errors.map((e) => ({
            field: e.field,
            column: e.column,
            reason: e.reason,
            message: translate(lang, `imports.reason.${e.reason}`),
          })),
    });
    if (rows.length >= PREVIEW_ROWS) break;
  }
  return { rows };
}
