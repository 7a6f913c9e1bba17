/** Pool routes: create, add specimens, close, record the pool result, list and detail. */
import { TEST_OUTCOMES } from '@epilink/core';
import { z } from 'zod';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import {
  addToPoolIn,
  closePool,
  createPool,
  listPools,
  poolDetail,
  poolMaxSize,
  recordPoolResultIn,
} from './pools.ts';

const poolSchema = z.object({
  id: z.string(),
  barcode: z.string(),
  siteId: z.string().nullable(),
  diseaseCode: z.string(),
  status: z.string(),
  ct: z.number().nullable(),
  resultedAt: z.date().nullable(),
  createdAt: z.date(),
  size: z.number(),
});
const idParam = z.strictObject({ id: z.uuid() });

export const poolRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/testing/pools',
    summary: 'Pools of my jurisdiction, newest first (keyset-paginated: cursor, nextCursor)',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    query: z.strictObject({
      status: z.enum(['open', 'closed', 'negative', 'positive', 'invalid']).optional(),
      ...pageQuery(100, 500),
    }),
    response: z.object({ items: z.array(poolSchema), nextCursor: nextCursorSchema, maxSize: z.number() }),
    async handler({ tx, access, query }) {
      return { ...(await listPools(tx, access, query)), maxSize: await poolMaxSize(tx, 'COVID-19') };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/testing/pools',
    summary: 'Open a pool at a test site (a new pool barcode)',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: false,
    successStatus: 201,
    body: z.strictObject({ siteId: z.uuid() }),
    response: z.object({ id: z.string(), barcode: z.string() }),
    handler: ({ tx, access, origin, body }) => createPool(tx, access, origin, body.siteId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/testing/pools/:id',
    summary: 'A pool with its member specimens',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: true,
    params: idParam,
    response: z.object({
      pool: poolSchema,
      maxSize: z.number(),
      members: z.array(
        z.object({
          id: z.string(),
          barcode: z.string(),
          personId: z.string(),
          fullName: z.string(),
          status: z.string(),
          collectedAt: z.date(),
        }),
      ),
    }),
    handler: ({ tx, access, origin, params }) => poolDetail(tx, access, origin, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/testing/pools/:id/specimens',
    summary: 'Add a specimen (scanned barcode) to an open pool, up to the policy’s pool size',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    params: idParam,
    body: z.strictObject({ barcode: z.string().trim().min(1).max(40) }),
    response: z.object({ size: z.number(), max: z.number() }),
    handler: ({ tx, access, origin, params, body, lang }) =>
      addToPoolIn(tx, access, origin, params.id, body.barcode, lang),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/testing/pools/:id/close',
    summary: 'Close a pool (no more specimens; it goes to the lab)',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: false,
    params: idParam,
    response: z.object({ ok: z.literal(true) }),
    async handler({ tx, access, origin, params }) {
      await closePool(tx, access, origin, params.id);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/testing/pools/:id/result',
    summary:
      'Record a pool’s RT-PCR result: negative clears every member, positive or invalid recalls every member',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    params: idParam,
    body: z.strictObject({
      outcome: z.enum(TEST_OUTCOMES),
      ct: z.number().nullable().optional(),
      resultedAt: z.iso.datetime({ offset: true }).optional(),
    }),
    response: z.object({
      outcome: z.string(),
      cleared: z.number(),
      recalled: z.number(),
      caseIds: z.array(z.string()),
    }),
    handler: ({ tx, access, origin, params, body, lang }) =>
      recordPoolResultIn(
        tx,
        access,
        origin,
        params.id,
        {
          outcome: body.outcome,
          ct: body.ct ?? null,
          resultedAt: body.resultedAt ? new Date(body.resultedAt) : new Date(),
        },
        lang,
      ),
  }),
];
