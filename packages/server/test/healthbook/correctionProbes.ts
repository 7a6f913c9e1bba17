/**
 * Authorization-matrix probes of the correction-request routes (spread into HEALTHBOOK_PROBES): a
 * request about a fresh person at the probe's place, escalated to the province so every level of
 * the jurisdiction has it on its worklist, made straight in the database.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import type { Probe, ProbeContext } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';

let n = 0;

async function requestHere(ctx: ProbeContext): Promise<string> {
  const personId = await personAt(ctx);
  const phone = `09135${String(++n).padStart(5, '0')}`;
  const [r] = await queryRows<{ id: string }>(
    ctx.t.database.db,
    sql`with c as (insert into citizens (phone, person_id, verified_at, verified_by)
          values (${phone}, ${personId}::uuid, now(), 'identity') returning id)
        insert into correction_requests (person_id, owner_kind, province_code, district_code, commune_code,
          message, requested_by, level, level_since)
        select ${personId}::uuid, 'commune', ${ctx.place.provinceCode}, ${ctx.place.districtCode},
          ${ctx.place.communeCode}, 'Thiếu mũi 2', c.id, 'province', now() from c returning id`,
  );
  return r!.id;
}

function ownOrOther(ctx: ProbeContext): Promise<string> {
  if (ctx.caller.kind === 'citizen' && ctx.side === 'inside') return Promise.resolve(ctx.caller.personId);
  return personAt(ctx);
}

export const CORRECTION_PROBES: Record<string, Probe> = {
  'POST /api/me/corrections': async (ctx) => ({
    url: '/api/me/corrections',
    payload: {
      personId: await ownOrOther(ctx),
      recordKind: null,
      recordId: null,
      message: 'Thiếu mũi 2',
      evidence: null,
    },
  }),
  'GET /api/me/corrections/:personId': async (ctx) => ({
    url: `/api/me/corrections/${await ownOrOther(ctx)}`,
  }),
  'GET /api/corrections': async (ctx) => {
    const id = await requestHere(ctx);
    return {
      url: '/api/corrections',
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { id: string }[] }>().items.map((i) => i.id);
        expect(ids.includes(id)).toBe(ctx.side === 'inside');
      },
    };
  },
  'GET /api/corrections/:id': async (ctx) => ({ url: `/api/corrections/${await requestHere(ctx)}` }),
  'POST /api/corrections/:id/resolve': async (ctx) => ({
    url: `/api/corrections/${await requestHere(ctx)}/resolve`,
    payload: { decision: 'reject', answer: 'Hồ sơ đã đúng' },
  }),
};
