/**
 * Lab result files: import one (CSV text, or the raw CSV/xlsx file), list those of my jurisdiction,
 * download a file's row-level error report. On the import machinery (see lab-import.ts).
 */
import { AppError } from '@epilink/core';
import { z } from 'zod';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { jobFor } from '../imports/jobs.ts';
import { buildErrorReport } from '../imports/report.ts';
import { uploadedFile } from '../imports/upload.ts';
import { importLabFile, listLabImports } from './lab-import.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const reportSchema = z.object({
  importId: z.string(),
  alreadyImported: z.boolean(),
  rowCount: z.number(),
  imported: z.number(),
  unchanged: z.number(),
  errors: z.array(
    z.object({ line: z.number(), barcode: z.string(), reason: z.string(), message: z.string() }),
  ),
});

const labName = z.string().trim().min(1).max(160);
const labRun = z.string().trim().max(80).nullable().optional();
const fileName = z.string().trim().max(200).nullable().optional();

export const labImportRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/testing/imports',
    summary:
      'Import a lab run’s result file (CSV text): good rows land, bad rows are reported; the same file twice adds nothing',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    body: z.strictObject({ labName, labRun, fileName, csv: z.string().min(1).max(900_000) }),
    response: reportSchema,
    handler: ({ access, origin, body, lang, deps }) =>
      importLabFile(
        deps.system('lab result file'),
        access,
        origin,
        { ...body, bytes: Buffer.from(body.csv, 'utf8') },
        lang,
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/testing/imports/file',
    summary:
      'Import a lab run’s result file as sent (raw CSV in any supported encoding, or xlsx; size-limited while streaming)',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    query: z.strictObject({
      labName,
      labRun: z.string().trim().max(80).optional(),
      fileName: z.string().trim().max(200).optional(),
    }),
    response: reportSchema,
    handler: ({ access, origin, query, lang, deps, request }) =>
      importLabFile(
        deps.system('lab result file'),
        access,
        origin,
        {
          labName: query.labName,
          labRun: query.labRun ?? null,
          fileName: query.fileName ?? null,
          bytes: uploadedFile(request),
        },
        lang,
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/testing/imports',
    summary: 'Lab files imported by me or my colleagues of the same jurisdiction, newest first',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    query: z.strictObject(pageQuery(100, 500)),
    response: z.object({
      nextCursor: nextCursorSchema,
      items: z.array(
        z.object({
          id: z.string(),
          labName: z.string(),
          labRun: z.string().nullable(),
          fileName: z.string().nullable(),
          rowCount: z.number(),
          importedCount: z.number(),
          unchangedCount: z.number(),
          errorCount: z.number(),
          status: z.string(),
          createdAt: z.date(),
        }),
      ),
    }),
    handler: ({ tx, access, query }) => listLabImports(tx, access, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/testing/imports/:id/errors.xlsx',
    summary: 'A lab file’s row-level error report (xlsx, in my language): row, column, value, reason',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: null,
    handler: async ({ tx, access, params, lang, reply, audit }) => {
      const job = await jobFor(tx, access, params.id);
      if (job.kind !== 'testResults') throw new AppError('NOT_FOUND');
      const bytes = await buildErrorReport(tx, job, lang);
      await audit({
        action: 'export',
        entity: 'import_job',
        entityId: job.id,
        details: { errors: job.errorCount },
      });
      await reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="lab-errors-${job.id}.xlsx"`)
        .send(bytes);
      return undefined;
    },
  }),
];
