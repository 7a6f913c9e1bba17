/**
 * Authorization-matrix probes of the check-in routes that touch personal data (spread into
 * PROBES in test/authz/probes.ts). Venues are made at the probe's place; for the scanner, the
 * "inside" venue belongs to the matrix's venue owner, the "outside" one to nobody.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import type { Probe, ProbeContext } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';

let n = 0;

async function venueAt(
  ctx: ProbeContext,
  ownerUserId: string | null = null,
): Promise<{ id: string; token: string }> {
  const token = randomBytes(16).toString('base64url');
  const [v] = await queryRows<{ id: string }>(
    ctx.t.database.db,
    sql`insert into venues (name, type, address, province_code, district_code, commune_code, status, owner_user_id)
      values (${`Điểm Ma Trận ${++n}`}, 'shop', 'Ấp 1', ${ctx.place.provinceCode}, ${ctx.place.districtCode},
        ${ctx.place.communeCode}, 'approved', ${ownerUserId}) returning id`,
  );
  await ctx.t.database.db.execute(
    sql`insert into venue_tokens (token, venue_id) values (${token}, ${v!.id})`,
  );
  return { id: v!.id, token };
}

async function checkinNow(
  ctx: ProbeContext,
  venueId: string,
  personId: string,
  minutesAgo = 5,
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    ctx.t.database.db,
    sql`insert into checkins (venue_id, person_id, visitor_key, method, checked_in_at, checked_out_at,
        province_code, district_code, commune_code)
      select id, ${personId}, ${`p:${personId}`}, 'self', date_trunc('minute', now()) - make_interval(mins => ${minutesAgo}),
        now() + interval '1 hour', province_code, district_code, commune_code from venues where id = ${venueId}
      returning id::text as id`,
  );
  return row!.id;
}

function ownOrOther(ctx: ProbeContext): Promise<string> {
  if (ctx.caller.kind === 'citizen' && ctx.side === 'inside') return Promise.resolve(ctx.caller.personId);
  return personAt(ctx);
}

const window = () => ({
  from: new Date(Date.now() - 86_400_000).toISOString(),
  to: new Date(Date.now() + 3_600_000).toISOString(),
  purpose: 'Matrix probe',
});

export const CHECKIN_PROBES: Record<string, Probe> = {
  'POST /api/me/checkins': async (ctx) => {
    const venue = await venueAt(ctx);
    return { url: '/api/me/checkins', payload: { token: venue.token, personIds: [await ownOrOther(ctx)] } };
  },
  'POST /api/me/checkins/:id/checkout': async (ctx) => {
    const venue = await venueAt(ctx);
    return { url: `/api/me/checkins/${await checkinNow(ctx, venue.id, await ownOrOther(ctx))}/checkout` };
  },
  'GET /api/me/checkins': async (ctx) => {
    const venue = await venueAt(ctx);
    const other = await checkinNow(ctx, venue.id, await personAt(ctx));
    return {
      url: '/api/me/checkins',
      outsideStatus: 200,
      check: (res) => {
        expect(res.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(other);
      },
    };
  },
  'POST /api/checkins/contacts': async (ctx) => {
    const venue = await venueAt(ctx);
    const index = await personAt(ctx);
    await checkinNow(ctx, venue.id, index, 10);
    await checkinNow(ctx, venue.id, await personAt(ctx), 5);
    return { url: '/api/checkins/contacts', payload: { personIds: [index], ...window() } };
  },
  'POST /api/checkins/venue-visits': async (ctx) => {
    const venue = await venueAt(ctx);
    await checkinNow(ctx, venue.id, await personAt(ctx));
    return { url: '/api/checkins/venue-visits', payload: { venueId: venue.id, ...window() } };
  },
  'POST /api/venues/:id/scan': async (ctx) => {
    const [owner] = await queryRows<{ id: string }>(
      ctx.t.database.db,
      sql`select id from users where role = 'venue_owner' order by created_at limit 1`,
    );
    const venue = await venueAt(ctx, ctx.side === 'inside' ? (owner?.id ?? null) : null);
    const id = `0830850${String(10000 + ++n).slice(-5)}`;
    return {
      url: `/api/venues/${venue.id}/scan`,
      payload: { qr: `${id}|NGUYEN VAN MA TRAN|1985-03-14|0|Q|` },
    };
  },
};
