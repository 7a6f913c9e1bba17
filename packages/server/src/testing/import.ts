/** Lab result files: import one (see lab-import.ts), and list those imported in my jurisdiction. */
import { z } from 'zod';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { importLabFile, listLabImports } from './lab-import.ts';

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

export const labImportRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/testing/imports',
    summary:
      'Import a lab run’s result file (CSV text): good rows land, bad rows are reported; the same file twice adds nothing',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    body: z.strictObject({
      labName: z.string().trim().min(1).max(160),
      labRun: z.string().trim().max(80).nullable().optional(),
      fileName: z.string().trim().max(200).nullable().optional(),
      csv: z.string().min(1).max(900_000),
    }),
    response: reportSchema,
    handler: ({ tx, access, origin, body, lang }) => importLabFile(tx, access, origin, body, lang),
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
          createdAt: z.date(),
        }),
      ),
    }),
    handler: ({ tx, access, query }) => listLabImports(tx, access, query),
  }),
];
