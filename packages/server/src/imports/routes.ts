/**
 * The import API (issue #18): templates, upload, mapping, preview, start/stop, progress, history
 * and the error report. Templates need `unit:read` plus the kind's write permission; the rest
 * `person:write` (every kind carries people) plus the kind's own (doses: vaccination:write …);
 * jobs are scoped by the importer's jurisdiction (outside it: 404).
 */
import { IMPORT_KINDS } from '@epilink/core/imports/index';
import { z } from 'zod';
import { actorJurisdiction } from '../access/context.ts';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { AppError, requirePermissionOf } from './permissions.ts';
import { jobFor, setMapping, startJob, stopJob, uploadFile } from './jobs.ts';
import { buildErrorReport } from './report.ts';
import { buildTemplate } from './template.ts';
import { uploadedFile } from './upload.ts';
import { jobView, listJobs, previewJob } from './views.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const kindSchema = z.enum(IMPORT_KINDS);
const idParams = z.strictObject({ id: z.uuid() });

const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  source: z.string(),
  fileName: z.string().nullable(),
  format: z.string(),
  status: z.string(),
  headers: z.array(z.string()),
  mapping: z.record(z.string(), z.number()),
  totalRows: z.number(),
  processedRows: z.number(),
  importedCount: z.number(),
  duplicateCount: z.number(),
  reviewCount: z.number(),
  errorCount: z.number(),
  importedBy: z.string(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  rowsPerSecond: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  alreadyImported: z.boolean(),
});

export const importRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/imports/templates/:kind',
    summary:
      'The xlsx template of a kind: bilingual headers, drop-down lists of codes (communes of my jurisdiction, vaccines, test types …)',
    tags: ['imports'],
    auth: { kind: 'user', permission: 'unit:read' },
    personalData: false,
    params: z.strictObject({ kind: kindSchema }),
    response: null,
    handler: async ({ tx, access, params, lang, reply }) => {
      requirePermissionOf(access, params.kind);
      const jurisdiction = actorJurisdiction(access);
      if (!jurisdiction) throw new AppError('FORBIDDEN');
      const bytes = await buildTemplate(tx, params.kind, jurisdiction, lang);
      await reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="epilink-${params.kind}.xlsx"`)
        .send(bytes);
      return undefined;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/imports',
    summary:
      'Upload an xlsx or CSV file (raw body, size-limited while streaming): header found, rows counted, columns mapped; the same file again adds nothing',
    tags: ['imports'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: true,
    query: z.strictObject({
      kind: kindSchema,
      source: z.string().trim().min(1).max(120),
      fileName: z.string().trim().max(200).optional(),
    }),
    response: jobSchema,
    handler: async ({ tx, access, origin, query, lang, request }) => {
      const bytes = uploadedFile(request);
      const r = await uploadFile(
        tx,
        access,
        origin,
        { kind: query.kind, source: query.source, fileName: query.fileName ?? null, bytes },
        lang,
      );
      return jobView(r.job, r.alreadyImported);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/imports',
    summary: 'Import history of my jurisdiction, newest first: who, when, counts',
    tags: ['imports'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: false,
    query: z.strictObject(pageQuery(50, 200)),
    response: z.object({ nextCursor: nextCursorSchema, items: z.array(jobSchema) }),
    handler: ({ tx, access, query }) => listJobs(tx, access, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/imports/:id',
    summary: 'One import with its progress (rows/s, seconds left)',
    tags: ['imports'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: false,
    params: idParams,
    response: jobSchema,
    handler: async ({ tx, access, params }) => jobView(await jobFor(tx, access, params.id)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/imports/:id/preview',
    summary: 'The first rows as they will be stored, or each cell’s reason',
    tags: ['imports'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: true,
    params: idParams,
    response: z.object({
      rows: z.array(
        z.object({
          rowNumber: z.number(),
          values: z.record(z.string(), z.string()),
          errors: z.array(
            z.object({
              field: z.string(),
              column: z.number().nullable(),
              reason: z.string(),
              message: z.string(),
            }),
          ),
        }),
      ),
    }),
    handler: async ({ tx, access, params, lang, audit }) => {
      const preview = await previewJob(tx, access, params.id, lang);
      await audit({
        action: 'read',
        entity: 'import_job',
        entityId: params.id,
        details: { preview: preview.rows.length },
      });
      return preview;
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/imports/:id/mapping',
    summary: 'Map columns to fields by hand (before starting); saved for the file’s source',
    tags: ['imports'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: false,
    params: idParams,
    body: z.strictObject({ mapping: z.record(z.string().max(40), z.number().int().min(0).max(500)) }),
    response: jobSchema,
    handler: async ({ tx, access, origin, params, body }) =>
      jobView(await setMapping(tx, access, origin, params.id, body.mapping)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/imports/:id/start',
    summary: 'Start or resume an import (a background job; survives a restart)',
    tags: ['imports'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: false,
    params: idParams,
    response: jobSchema,
    handler: async ({ tx, access, origin, params }) => jobView(await startJob(tx, access, origin, params.id)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/imports/:id/stop',
    summary: 'Stop an import after its current batch (committed rows stay; resume later)',
    tags: ['imports'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: false,
    params: idParams,
    response: jobSchema,
    handler: async ({ tx, access, origin, params }) => jobView(await stopJob(tx, access, origin, params.id)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/imports/:id/errors.xlsx',
    summary:
      'The row-level error report (xlsx, in my language): row, column, value, reason; the refused rows as they were',
    tags: ['imports'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: true,
    params: idParams,
    response: null,
    handler: async ({ tx, access, params, lang, reply, audit }) => {
      const job = await jobFor(tx, access, params.id);
      const bytes = await buildErrorReport(tx, job, lang);
      await audit({
        action: 'export',
        entity: 'import_job',
        entityId: job.id,
        details: { errors: job.errorCount },
      });
      await reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="import-errors-${job.id}.xlsx"`)
        .send(bytes);
      return undefined;
    },
  }),
];
