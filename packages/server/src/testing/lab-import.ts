/**
 * Lab result files (one per lab run, CSV or xlsx) on the import machinery (issue #18): the file
 * becomes an import job of kind `testResults` (source: the lab), so it has the same idempotence
 * (the same file again returns the first job and adds nothing; a row whose specimen already has
 * the same outcome is a duplicate), the same row validation, the same row-level error report
 * (`GET /api/testing/imports/:id/errors.xlsx`) and the same history as every import. The lab
 * screen wants its report at once, so the job is run to its end inside the request's transaction
 * (each batch a savepoint): a file is all in or, on an unexpected failure, nothing. Good rows go
 * through `storeResult` (the case seam included) as typed entry does; bad rows are reported with
 * their line and the lab screen's reasons.
 */
import { AppError, translate } from '@epilink/core';
import type { Language } from '@epilink/core';
import { checkMapping } from '@epilink/core/imports/index';
import { and, asc, eq } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import { importJobs, importRowErrors } from '../db/schema/index.ts';
import { jobFor, startJob, uploadFile } from '../imports/jobs.ts';
import type { ImportJob } from '../imports/jobs.ts';
import { runImportJob } from '../imports/runner.ts';
import { enqueue } from '../outbox/outbox.ts';

/** The report of one import. */
export interface ImportReport {
  importId: string;
  alreadyImported: boolean;
  rowCount: number;
  imported: number;
  unchanged: number;
  errors: { line: number; barcode: string; reason: string; message: string }[];
}

/** Input of {@link importLabFile}: the file's bytes (CSV in any supported encoding, or xlsx). */
export interface ImportInput {
  labName: string;
  labRun?: string | null;
  fileName?: string | null;
  bytes: Buffer;
}

/** The lab screen's reason for an import row reason (its vocabulary predates the machinery). */
const LAB_REASON: Partial<Record<string, Partial<Record<string, string>>>> = {
  barcode: { required: 'badBarcode', tooLong: 'badBarcode', noSuchSpecimen: 'unknownSpecimen' },
  outcome: { required: 'badOutcome', unknownCode: 'badOutcome', conflictingResult: 'conflictingResult' },
  ct: { decimalInvalid: 'impossibleCt', ctOutOfRange: 'impossibleCt', ctNotForRapid: 'ctNotForRapid' },
  resultedAt: {
    required: 'badDate',
    dateFormat: 'badDate',
    dateInvalid: 'badDate',
    dateTooOld: 'badDate',
    dateInFuture: 'futureDate',
    beforeCollection: 'beforeCollection',
  },
};

function reasonOf(e: { field: string; reason: string }, lang: Language): { reason: string; message: string } {
  const lab = LAB_REASON[e.field]?.[e.reason];
  if (lab) return { reason: lab, message: translate(lang, `testing.rowReason.${lab}`) };
  return { reason: e.reason, message: translate(lang, `imports.reason.${e.reason}`) };
}

/** A job's report as the lab screen shows it. */
async function reportOf(db: DbOrTx, job: ImportJob, alreadyImported: boolean, lang: Language) {
  const rows = await db
    .select()
    .from(importRowErrors)
    .where(eq(importRowErrors.jobId, job.id))
    .orderBy(asc(importRowErrors.rowNumber));
  const barcodeColumn = job.mapping.barcode;
  return {
    importId: job.id,
    alreadyImported,
    rowCount: job.totalRows,
    imported: alreadyImported ? 0 : job.importedCount,
    unchanged: alreadyImported ? job.importedCount + job.duplicateCount : job.duplicateCount,
    errors: rows.flatMap((r) =>
      r.errors.map((e) => ({
        line: r.rowNumber,
        barcode: barcodeColumn === undefined ? '' : (r.cells[barcodeColumn] ?? ''),
        ...reasonOf(e, lang),
      })),
    ),
  };
}

/**
 * Import one lab file in the request's transaction (see the module comment). `database` is the
 * request's handle, bound to its transaction.
 */
export async function importLabFile(
  database: Database,
  access: Access,
  origin: AuditOrigin,
  input: ImportInput,
  lang: Language,
): Promise<ImportReport> {
  const tx = database.db;
  const up = await uploadFile(
    tx,
    access,
    origin,
    { kind: 'testResults', source: input.labName, fileName: input.fileName ?? null, bytes: input.bytes },
    lang,
  );
  if (up.alreadyImported) return reportOf(tx, up.job, true, lang);
  const missing = checkMapping('testResults', up.job.mapping, up.job.headers.length).map((p) => p.field);
  if (missing.length > 0)
    throw new AppError('LAB_CSV_INVALID', {
      params: { reason: translate(lang, 'testing.csv.missingColumn', { column: missing.join(', ') }) },
    });
  await startJob(tx, access, origin, up.job.id);
  const end = await runImportJob(database, up.job.id);
  if (end !== 'done') throw new AppError('CONFLICT');
  const job = await jobFor(tx, access, up.job.id);
  const report = await reportOf(tx, job, false, lang);
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'lab_import',
    entityId: job.id,
    details: {
      labRun: input.labRun ?? null,
      rows: report.rowCount,
      imported: report.imported,
      errors: job.errorCount,
    },
  });
  await enqueue(tx, 'testing.lab_imported', {
    importId: job.id,
    labName: input.labName,
    imported: report.imported,
    errors: job.errorCount,
  });
  return report;
}

/** Newest first, then by id: the imports list's sort key. */
const IMPORT_KEY: KeyPart[] = [
  { column: importJobs.createdAt, type: 'timestamptz' },
  { column: importJobs.id, type: 'uuid' },
];

/** A page of the lab files (result imports) of the caller's jurisdiction, newest first. */
export async function listLabImports(
  db: DbOrTx,
  access: Access,
  page: { cursor?: string | undefined; limit: number },
) {
  const [k0, k1] = keyText(IMPORT_KEY);
  const rows = await db
    .select({ j: importJobs, k0: k0!, k1: k1! })
    .from(importJobs)
    .where(
      and(
        eq(importJobs.kind, 'testResults'),
        scopeFor(access, importJobs),
        afterCursor(IMPORT_KEY, page.cursor, 'desc'),
      ),
    )
    .orderBy(...orderByKey(IMPORT_KEY, 'desc'))
    .limit(page.limit + 1);
  const p = pageOf(rows, page.limit, (r) => [r.k0, r.k1]);
  return {
    items: p.items.map(({ j }) => ({
      id: j.id,
      labName: j.source,
      labRun: null,
      fileName: j.fileName,
      rowCount: j.totalRows,
      importedCount: j.importedCount,
      unchangedCount: j.duplicateCount,
      errorCount: j.errorCount,
      status: j.status,
      createdAt: j.createdAt,
    })),
    nextCursor: p.nextCursor,
  };
}
