/** Fast result entry: one specimen per request, or a batch from the entry queue. */
import { TEST_OUTCOMES, isAppError, translate } from '@epilink/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { enterByBarcode } from './entry.ts';
import { specimenSubjectSchema } from './subject.ts';

const entry = z.strictObject({
  barcode: z.string().trim().min(1).max(40),
  outcome: z.enum(TEST_OUTCOMES),
  ct: z.number().nullable().optional(),
  resultedAt: z.iso.datetime({ offset: true }).optional(),
});

const entryResult = z.object({
  barcode: z.string(),
  resultId: z.string(),
  caseId: z.string().nullable(),
  unchanged: z.boolean(),
});

export const testResultRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/testing/results',
    summary:
      'Enter the result of one specimen (barcode, outcome, Ct); a positive one reaches the case module',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    successStatus: 201,
    body: entry,
    response: entryResult.extend({ person: specimenSubjectSchema }),
    async handler({ tx, access, origin, body, lang }) {
      const saved = await enterByBarcode(tx, access, origin, body, lang, { withPerson: true });
      return { ...saved, person: saved.person! };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/testing/results/batch',
    summary: 'Enter a queue of results; each entry lands on its own (its own savepoint) or says why not',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    body: z.strictObject({ items: z.array(entry).min(1).max(500) }),
    response: z.object({
      items: z.array(
        z.object({
          barcode: z.string(),
          ok: z.boolean(),
          resultId: z.string().nullable(),
          caseId: z.string().nullable(),
          unchanged: z.boolean(),
          error: z.object({ code: z.string(), message: z.string() }).nullable(),
        }),
      ),
    }),
    async handler({ tx, access, origin, body, lang }) {
      const items = [];
      for (const e of body.items) {
        try {
          const r = await enterByBarcode(tx, access, origin, e, lang);
          items.push({ ...r, barcode: e.barcode, ok: true, error: null });
        } catch (err) {
          if (!isAppError(err)) throw err;
          items.push({
            barcode: e.barcode,
            ok: false,
            resultId: null,
            caseId: null,
            unchanged: false,
            error: { code: err.code, message: translate(lang, err.messageKey, err.params) },
          });
        }
      }
      return { items };
    },
  }),
];
