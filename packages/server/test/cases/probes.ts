/**
 * Authorization-matrix probes of the cases routes that touch personal data (spread into PROBES
 * in test/authz/probes.ts). Cases and contacts are made straight in the database at the probe's
 * place: a case at its person's place, a contact at the contact person's place.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import type { Probe, ProbeContext } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';

async function caseAt(ctx: ProbeContext): Promise<{ caseId: string; personId: string }> {
  const personId = await personAt(ctx);
  const [row] = await queryRows<{ id: string }>(
    ctx.t.database.db,
    sql`insert into cases (person_id, disease_code, classification, province_code, district_code, commune_code,
        infectious_from, confirmed_at)
      values (${personId}, 'COVID-19', 'confirmed', ${ctx.place.provinceCode}, ${ctx.place.districtCode},
        ${ctx.place.communeCode}, now() - interval '2 days', now()) returning id`,
  );
  return { caseId: row!.id, personId };
}

async function contactAt(
  ctx: ProbeContext,
  status: 'proposed' | 'confirmed' = 'proposed',
): Promise<{ contactId: string; caseId: string; personId: string }> {
  const { caseId, personId: source } = await caseAt(ctx);
  const personId = await personAt(ctx);
  const [row] = await queryRows<{ id: string }>(
    ctx.t.database.db,
    sql`insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type, exposure_date,
        source, status, follow_up_status, province_code, district_code, commune_code)
      values (${caseId}, ${source}, ${personId}, 'COVID-19', 'household', current_date, 'household', ${status},
        ${status === 'confirmed' ? 'active' : null}, ${ctx.place.provinceCode}, ${ctx.place.districtCode},
        ${ctx.place.communeCode}) returning id`,
  );
  return { contactId: row!.id, caseId, personId };
}

export const CASES_PROBES: Record<string, Probe> = {
  'GET /api/cases': async (ctx) => {
    const { caseId } = await caseAt(ctx);
    return {
      url: `/api/cases?communeCode=${ctx.place.communeCode}&limit=500`,
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { id: string }[] }>().items.map((c) => c.id);
        expect(ids.includes(caseId)).toBe(ctx.side === 'inside');
      },
    };
  },
  'POST /api/cases': async (ctx) => ({
    url: '/api/cases',
    payload: { personId: await personAt(ctx), symptomatic: true },
  }),
  'GET /api/cases/:id': async (ctx) => ({ url: `/api/cases/${(await caseAt(ctx)).caseId}` }),
  'PATCH /api/cases/:id': async (ctx) => ({
    url: `/api/cases/${(await caseAt(ctx)).caseId}`,
    payload: { severity: 'mild' },
  }),
  'POST /api/cases/:id/assign': async (ctx) => ({
    url: `/api/cases/${(await caseAt(ctx)).caseId}/assign`,
    payload: { tracerId: null },
  }),
  'POST /api/cases/:id/interview': async (ctx) => ({
    url: `/api/cases/${(await caseAt(ctx)).caseId}/interview`,
    payload: { answers: { symptoms: 'ho' }, contacts: [] },
  }),
  'GET /api/cases/:id/contacts': async (ctx) => ({
    url: `/api/cases/${(await contactAt(ctx)).caseId}/contacts`,
  }),
  'GET /api/contacts/:id': async (ctx) => ({ url: `/api/contacts/${(await contactAt(ctx)).contactId}` }),
  'POST /api/contacts/:id/decision': async (ctx) => ({
    url: `/api/contacts/${(await contactAt(ctx)).contactId}/decision`,
    payload: { decision: 'dismiss' },
  }),
  'PATCH /api/contacts/:id': async (ctx) => ({
    url: `/api/contacts/${(await contactAt(ctx)).contactId}`,
    payload: { note: 'Gọi lại buổi chiều' },
  }),
  'POST /api/contacts/:id/followups': async (ctx) => ({
    url: `/api/contacts/${(await contactAt(ctx, 'confirmed')).contactId}/followups`,
    payload: { outcome: 'well' },
  }),
  'GET /api/tracing/worklist': async (ctx) => {
    const { contactId } = await contactAt(ctx);
    return {
      url: `/api/tracing/worklist?communeCode=${ctx.place.communeCode}`,
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ contactsToCall: { id: string }[] }>().contactsToCall.map((c) => c.id);
        expect(ids.includes(contactId)).toBe(ctx.side === 'inside');
      },
    };
  },
  'GET /api/tracing/graph': async (ctx) => {
    const { personId } = await caseAt(ctx);
    return {
      url: `/api/tracing/graph?personId=${personId}`,
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ nodes: { id: string }[] }>().nodes.map((n) => n.id);
        expect(ids.includes(personId)).toBe(ctx.side === 'inside');
      },
    };
  },
  'GET /api/persons/:id/epi-status': async (ctx) => ({
    url: `/api/persons/${await personAt(ctx)}/epi-status`,
  }),
  'GET /api/me/epi-status': async (ctx) => {
    const { personId: other } = await caseAt(ctx);
    await ctx.t.database.db.execute(
      sql`insert into person_epi_status (person_id, disease_code, degree, status, province_code, district_code, commune_code)
        values (${other}, 'COVID-19', 0, 'f0', ${ctx.place.provinceCode}, ${ctx.place.districtCode}, ${ctx.place.communeCode})
        on conflict do nothing`,
    );
    return {
      url: '/api/me/epi-status',
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { personId: string }[] }>().items.map((i) => i.personId);
        expect(ids).not.toContain(other);
      },
    };
  },
};
