/**
 * Authorization-matrix probes of the routes added or made personal by the security work
 * (issue #9): clusters and cross-jurisdiction contact referrals. Spread into PROBES.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import type { Probe, ProbeContext } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';

/** A confirmed case at the probe's place, with a household contact at the same place. */
async function clusterAt(ctx: ProbeContext): Promise<{ caseId: string; personIds: string[] }> {
  const source = await personAt(ctx);
  const contact = await personAt(ctx);
  const [row] = await queryRows<{ id: string }>(
    ctx.t.database.db,
    sql`insert into cases (person_id, disease_code, classification, province_code, district_code, commune_code,
        infectious_from, confirmed_at)
      values (${source}, 'COVID-19', 'confirmed', ${ctx.place.provinceCode}, ${ctx.place.districtCode},
        ${ctx.place.communeCode}, now() - interval '2 days', now()) returning id`,
  );
  await ctx.t.database.db.execute(
    sql`insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type, source,
        province_code, district_code, commune_code)
      values (${row!.id}, ${source}, ${contact}, 'COVID-19', 'household', 'household',
        ${ctx.place.provinceCode}, ${ctx.place.districtCode}, ${ctx.place.communeCode})`,
  );
  return { caseId: row!.id, personIds: [source, contact] };
}

/** A pending referral to the probe's place (named at an interview on a case elsewhere). */
async function referralAt(ctx: ProbeContext): Promise<string> {
  const { caseId, personIds } = await clusterAt({ ...ctx, place: ctx.places.otherProvince });
  const [row] = await queryRows<{ id: string }>(
    ctx.t.database.db,
    sql`insert into contact_referrals (case_id, source_person_id, disease_code, named, province_code, district_code, commune_code)
      values (${caseId}, ${personIds[0]}, 'COVID-19', ${JSON.stringify({ fullName: 'Người Được Nêu Tên', exposureType: 'other' })}::jsonb,
        ${ctx.place.provinceCode}, ${ctx.place.districtCode}, ${ctx.place.communeCode}) returning id`,
  );
  return row!.id;
}

export const SECURITY_PROBES: Record<string, Probe> = {
  // The audit trail names person ids: province-level security officers read all of it (the trail
  // is not scoped below the province), everyone else is refused by role.
  'GET /api/audit': async (ctx) => {
    await personAt(ctx);
    return { url: '/api/audit?limit=5', outsideStatus: 200 };
  },
  'GET /api/tracing/clusters': async (ctx) => {
    const { personIds } = await clusterAt(ctx);
    return {
      url: '/api/tracing/clusters?days=365',
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ clusters: { personIds: string[] }[] }>().clusters.flatMap((c) => c.personIds);
        expect(ids.includes(personIds[1]!)).toBe(ctx.side === 'inside');
      },
    };
  },
  'GET /api/tracing/referrals': async (ctx) => {
    const id = await referralAt(ctx);
    return {
      url: '/api/tracing/referrals',
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { id: string }[] }>().items.map((i) => i.id);
        expect(ids.includes(id)).toBe(ctx.side === 'inside');
      },
    };
  },
  'POST /api/tracing/referrals/:id/decision': async (ctx) => ({
    url: `/api/tracing/referrals/${await referralAt(ctx)}/decision`,
    payload: { decision: 'dismiss' },
  }),
};
