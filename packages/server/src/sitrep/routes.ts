/**
 * Sitrep endpoints (issue #13 item 9, Contract E): list the stored reports of my jurisdiction,
 * download a report's PDF or workbook, and generate one now. Scoped by the caller's jurisdiction
 * (a unit or report outside it is 404); generation and downloads are audited.
 */
import { AppError, renderSentence, today } from '@epilink/core';
import type { Language } from '@epilink/core';
import { z } from 'zod';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { generateSitrep, listSitreps, sitrepFile } from './store.ts';
import type { SitrepSummary } from './store.ts';

const figures = z.object({
  newCases: z.number(),
  activeCases: z.number(),
  deaths: z.number(),
  tests: z.number(),
  testsPositive: z.number(),
  doses: z.number(),
  checkins: z.number(),
});

/**
 * A stored sitrep as listed: `headline` is a flat record of numbers (what presentation mode shows
 * as tiles: the day's figures, positivity %, 7-day cases and rate when known), `yesterday` the
 * day before's figures, `changes` the generated sentences (keys + parameters) and `sentences` the
 * same rendered in the caller's language.
 */
const sitrepSchema = z.object({
  id: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  day: z.string(),
  disease: z.string(),
  lang: z.string(),
  kind: z.enum(['scheduled', 'on-demand']),
  generatedAt: z.string(),
  headline: z.record(z.string(), z.number()),
  yesterday: figures,
  changes: z.array(
    z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
  ),
  sentences: z.array(z.string()),
});

function present(s: SitrepSummary, lang: Language): z.input<typeof sitrepSchema> {
  const h = s.headline;
  const headline: Record<string, number> = { ...h.figures, cases7: h.cases7 };
  if (h.positivityPct !== null) headline.positivityPct = h.positivityPct;
  if (h.cases7Per100k !== null) headline.cases7Per100k = h.cases7Per100k;
  return {
    ...s,
    generatedAt: s.generatedAt.toISOString(),
    headline,
    yesterday: h.yesterday,
    changes: h.changes,
    sentences: h.changes.map((c) => renderSentence(lang, c)),
  };
}

const unitCode = z.string().regex(/^[0-9A-Za-z._-]{1,20}$/u);
const idParam = z.strictObject({ id: z.uuid() });
const MIME = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

function download(format: 'pdf' | 'xlsx') {
  return defineRoute({
    method: 'GET',
    url: `/api/sitreps/:id/${format}`,
    summary: `A stored sitrep's ${format === 'pdf' ? 'PDF (bilingual, charts and map)' : 'xlsx workbook (the tables)'}`,
    tags: ['sitrep'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    params: idParam,
    response: null,
    async handler({ tx, access, params, audit, reply }) {
      const file = await sitrepFile(tx, access, params.id, format);
      await audit({ action: 'export', entity: 'sitrep', entityId: params.id, fields: [format] });
      await reply
        .type(MIME[format])
        .header('content-disposition', `attachment; filename="sitrep-${file.unitCode}-${file.day}.${format}"`)
        .send(file.bytes);
      return undefined;
    },
  });
}

export const sitrepRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/sitreps',
    summary:
      'Stored daily situation reports of my jurisdiction (optionally of one unit), newest first (keyset-paginated: `cursor` = the previous page’s `nextCursor`)',
    tags: ['sitrep'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    query: z.strictObject({
      unit: unitCode.optional(),
      ...pageQuery(60, 200),
    }),
    response: z.object({ items: z.array(sitrepSchema), nextCursor: nextCursorSchema }),
    async handler({ tx, access, query, lang }) {
      const page = await listSitreps(tx, access, {
        unitCode: query.unit,
        limit: query.limit,
        cursor: query.cursor,
      });
      return { items: page.items.map((s) => present(s, lang)), nextCursor: page.nextCursor };
    },
  }),
  download('pdf'),
  download('xlsx'),
  defineRoute({
    method: 'POST',
    url: '/api/sitreps',
    summary: 'Generate a sitrep now for the province, a district or a health area of my jurisdiction',
    tags: ['sitrep'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    body: z.strictObject({
      unitCode,
      day: z.iso.date().optional(),
      lang: z.enum(['vi', 'en']).optional(),
      disease: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,40}$/u)
        .optional(),
    }),
    response: sitrepSchema,
    successStatus: 201,
    // A report takes seconds of work: a caller cannot queue them without bound.
    rateLimit: { max: 10, perSeconds: 60 },
    async handler({ tx, access, body, lang, audit }) {
      const day = body.day ?? today();
      if (day > today()) {
        throw new AppError('VALIDATION_FAILED', {
          details: [{ path: 'day', messageKey: 'sitrep.errors.futureDay' }],
        });
      }
      const s = await generateSitrep(tx, access, {
        unitCode: body.unitCode,
        day,
        lang: body.lang ?? lang,
        disease: body.disease,
        kind: 'on-demand',
      });
      // An on-demand report is never refused by the scheduled-once index.
      if (!s) throw new Error('on-demand sitrep not stored');
      await audit({
        action: 'create',
        entity: 'sitrep',
        entityId: s.id,
        details: { unitCode: s.unitCode, day },
      });
      return present(s, lang);
    },
  }),
];
