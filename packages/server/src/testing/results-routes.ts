/** Fast result entry: one specimen per request, or a batch from the entry queue. */
import { TEST_OUTCOMES, isAppError, translate } from '@epilink/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { enterResult } from './results.ts';
import { specimenByBarcode } from './scope.ts';

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
    response: entryResult,
    async handler({ deps, access, origin, body, lang }) {
      return deps.database.db.transaction(async (tx) => {
        const s = await specimenByBarcode(tx, access, body.barcode, lang, true);
        const r = await enterResult(
          tx,
          access,
          origin,
          s,
          {
            outcome: body.outcome,
            ct: body.ct ?? null,
            resultedAt: body.resultedAt ? new Date(body.resultedAt) : new Date(),
          },
          lang,
        );
        return { barcode: s.barcode, ...r };
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/testing/results/batch',
    summary: 'Enter a queue of results; each entry lands on its own (its own transaction) or says why not',
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
    async handler({ deps, access, origin, body, lang }) {
      const items = [];
      for (const e of body.items) {
        try {
          const r = await deps.database.db.transaction(async (tx) => {
            const s = await specimenByBarcode(tx, access, e.barcode, lang, true);
            return enterResult(
              tx,
              access,
              origin,
              s,
              {
                outcome: e.outcome,
                ct: e.ct ?? null,
                resultedAt: e.resultedAt ? new Date(e.resultedAt) : new Date(),
              },
              lang,
            );
          });
          items.push({ barcode: e.barcode, ok: true, ...r, error: null });
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
