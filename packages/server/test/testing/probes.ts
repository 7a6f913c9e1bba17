/**
 * Authorization-matrix probes of the testing routes that touch personal data (spread into PROBES
 * in test/authz/probes.ts). Records are made at the probe's place straight in the database.
 */
import { expect } from 'vitest';
import { poolAt, registrationAt, sessionAt, siteAt, specimenAt } from '../../src/testing/test-fixtures.ts';
import type { Probe, ProbeContext } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';

const db = (ctx: ProbeContext) => ctx.t.database.db;

/** The citizen's own record on the inside, someone else's on the outside (or for officials). */
function subject(ctx: ProbeContext): Promise<string> {
  if (ctx.caller.kind === 'citizen' && ctx.side === 'inside') return Promise.resolve(ctx.caller.personId);
  return personAt(ctx);
}

async function specimenHere(ctx: ProbeContext, poolId?: string) {
  const personId = await personAt(ctx);
  return specimenAt(db(ctx), personId, ctx.place, poolId ? { poolId } : {});
}

export const TESTING_PROBES: Record<string, Probe> = {
  'POST /api/testing/registrations': async (ctx) => {
    const siteId = await siteAt(db(ctx), ctx.place);
    return {
      url: '/api/testing/registrations',
      payload: { personId: await personAt(ctx), siteId, testType: 'rtPcr', reason: 'screening' },
    };
  },
  'GET /api/testing/registrations': async (ctx) => {
    const siteId = await siteAt(db(ctx), ctx.place);
    const id = await registrationAt(db(ctx), await personAt(ctx), siteId, ctx.place);
    return {
      url: `/api/testing/registrations?siteId=${siteId}`,
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { id: string }[] }>().items.map((r) => r.id);
        expect(ids.includes(id)).toBe(ctx.side === 'inside');
      },
    };
  },
  'POST /api/me/testing/registrations': async (ctx) => {
    const siteId = await siteAt(db(ctx), ctx.place);
    const sessionId = await sessionAt(db(ctx), siteId, ctx.place);
    return {
      url: '/api/me/testing/registrations',
      payload: { personId: await subject(ctx), sessionId, testType: 'rapidAntigen', reason: 'travel' },
    };
  },
  'POST /api/me/testing/registrations/:id/cancel': async (ctx) => {
    const siteId = await siteAt(db(ctx), ctx.place);
    const id = await registrationAt(db(ctx), await subject(ctx), siteId, ctx.place);
    return { url: `/api/me/testing/registrations/${id}/cancel`, payload: {} };
  },
  'POST /api/testing/registrations/:id/close': async (ctx) => {
    const siteId = await siteAt(db(ctx), ctx.place);
    const id = await registrationAt(db(ctx), await personAt(ctx), siteId, ctx.place);
    return { url: `/api/testing/registrations/${id}/close`, payload: { status: 'no_show' } };
  },
  'POST /api/testing/specimens': async (ctx) => {
    const siteId = await siteAt(db(ctx), ctx.place);
    const registrationId = await registrationAt(db(ctx), await personAt(ctx), siteId, ctx.place);
    return { url: '/api/testing/specimens', payload: { registrationId } };
  },
  'GET /api/testing/specimens/:barcode': async (ctx) => ({
    url: `/api/testing/specimens/${(await specimenHere(ctx)).barcode}`,
  }),
  'GET /api/testing/specimens/:barcode/label.pdf': async (ctx) => ({
    url: `/api/testing/specimens/${(await specimenHere(ctx)).barcode}/label.pdf`,
  }),
  'POST /api/testing/results': async (ctx) => ({
    url: '/api/testing/results',
    payload: { barcode: (await specimenHere(ctx)).barcode, outcome: 'negative' },
  }),
  'POST /api/testing/results/batch': async (ctx) => ({
    url: '/api/testing/results/batch',
    payload: { items: [{ barcode: (await specimenHere(ctx)).barcode, outcome: 'negative' }] },
    outsideStatus: 200,
    check: (res) => {
      const [item] = res.json<{ items: { ok: boolean }[] }>().items;
      expect(item!.ok).toBe(ctx.side === 'inside');
    },
  }),
  'GET /api/testing/pools/:id': async (ctx) => {
    const poolId = await poolAt(db(ctx), await siteAt(db(ctx), ctx.place), ctx.place);
    await specimenHere(ctx, poolId);
    return { url: `/api/testing/pools/${poolId}` };
  },
  'POST /api/testing/pools/:id/specimens': async (ctx) => {
    const poolId = await poolAt(db(ctx), await siteAt(db(ctx), ctx.place), ctx.place);
    return {
      url: `/api/testing/pools/${poolId}/specimens`,
      payload: { barcode: (await specimenHere(ctx)).barcode },
    };
  },
  'POST /api/testing/pools/:id/result': async (ctx) => {
    const poolId = await poolAt(db(ctx), await siteAt(db(ctx), ctx.place), ctx.place);
    await specimenHere(ctx, poolId);
    return { url: `/api/testing/pools/${poolId}/result`, payload: { outcome: 'negative' } };
  },
  'POST /api/testing/imports': async (ctx) => {
    const { barcode } = await specimenHere(ctx);
    const when = new Date(Date.now() - 3_600_000).toISOString();
    return {
      url: '/api/testing/imports',
      payload: {
        labName: 'Lab ma trận',
        csv: `barcode,outcome,ct,resulted_at\n${barcode},negative,,${when}\n`,
      },
      outsideStatus: 200,
      check: (res) => {
        const report = res.json<{ imported: number; errors: { reason: string }[] }>();
        expect(report.imported).toBe(ctx.side === 'inside' ? 1 : 0);
        if (ctx.side === 'outside') expect(report.errors.map((e) => e.reason)).toEqual(['unknownSpecimen']);
      },
    };
  },
  'GET /api/persons/:id/testing': async (ctx) => ({ url: `/api/persons/${await personAt(ctx)}/testing` }),
  'GET /api/me/testing': async (ctx) => {
    const other = await personAt(ctx);
    await specimenAt(db(ctx), other, ctx.place);
    return {
      url: '/api/me/testing',
      outsideStatus: 200,
      check: (res) => {
        const body = res.json<{ results: { personId: string }[]; registrations: { personId: string }[] }>();
        expect([...body.results, ...body.registrations].map((r) => r.personId)).not.toContain(other);
      },
    };
  },
};
