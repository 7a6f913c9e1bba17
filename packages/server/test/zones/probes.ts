/**
 * Authorization-matrix probes of the zone routes that touch personal data (spread into PROBES in
 * test/authz/probes.ts): a zone over the probe's commune, made straight in the database, with a
 * resident; rounds scheduled through the service as the system.
 */
import { addDays, localDayStart, today } from '@epilink/core';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { systemAccess } from '../../src/access/context.ts';
import { testSessions, zoneUnits, zones } from '../../src/db/schema/index.ts';
import { siteAt } from '../../src/testing/test-fixtures.ts';
import { scheduleRound } from '../../src/zones/rounds.ts';
import type { Probe, ProbeContext } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';

/** A zone over the context's commune with a fresh resident; returns both ids. */
async function zoneHere(ctx: ProbeContext): Promise<{ zoneId: string; personId: string }> {
  const db = ctx.t.database.db;
  const personId = await personAt(ctx);
  const [z] = await db
    .insert(zones)
    .values({
      kind: 'blockade',
      name: 'Vùng ma trận',
      reason: 'thử',
      decisionRef: '1/QĐ',
      startsOn: '2021-08-01',
      drawnBy: 'units',
      ...ctx.place,
    })
    .returning({ id: zones.id });
  await db
    .insert(zoneUnits)
    .values({ zoneId: z!.id, communeCode: ctx.place.communeCode, districtCode: ctx.place.districtCode });
  return { zoneId: z!.id, personId };
}

/** A zone with a round scheduled (as the system) over its residents. */
async function roundHere(ctx: ProbeContext) {
  const { zoneId, personId } = await zoneHere(ctx);
  const siteId = await siteAt(ctx.t.database.db, ctx.place);
  const round = await scheduleRound(ctx.t.database.db, systemAccess('test'), { ip: null }, zoneId, {
    startsOn: '2021-08-02',
    endsOn: '2021-08-03',
    siteId,
  });
  return { zoneId, personId, roundId: round.id };
}

const lists = (personId: string, ctx: ProbeContext) => (res: LightMyRequestResponse) => {
  const ids = res.json<{ items: { id: string }[] }>().items.map((p) => p.id);
  expect(ids.includes(personId)).toBe(ctx.side === 'inside');
};

export const ZONE_PROBES: Record<string, Probe> = {
  'GET /api/zones/:id/residents': async (ctx) => {
    const { zoneId, personId } = await zoneHere(ctx);
    return { url: `/api/zones/${zoneId}/residents?limit=500`, check: lists(personId, ctx) };
  },
  'POST /api/zones/:id/rounds': async (ctx) => {
    const { zoneId } = await zoneHere(ctx);
    const siteId = await siteAt(ctx.t.database.db, ctx.place);
    return {
      url: `/api/zones/${zoneId}/rounds`,
      payload: { startsOn: '2021-08-02', endsOn: '2021-08-03', siteId },
      insideStatus: 201,
    };
  },
  'GET /api/zones/:id/rounds/:roundId/untested': async (ctx) => {
    const { zoneId, roundId, personId } = await roundHere(ctx);
    return { url: `/api/zones/${zoneId}/rounds/${roundId}/untested?limit=500`, check: lists(personId, ctx) };
  },
  'GET /api/zones/:id/rounds/:roundId/untested.csv': async (ctx) => {
    const { zoneId, roundId } = await roundHere(ctx);
    return { url: `/api/zones/${zoneId}/rounds/${roundId}/untested.csv` };
  },
  'POST /api/zones/:id/rounds/:roundId/invitations': async (ctx) => {
    const { zoneId, roundId } = await roundHere(ctx);
    return { url: `/api/zones/${zoneId}/rounds/${roundId}/invitations`, payload: {} };
  },
  'POST /api/zones/:id/rounds/:roundId/bookings': async (ctx) => {
    // A coming round (a slot must not have ended) with one slot at its site.
    const { zoneId, personId } = await zoneHere(ctx);
    const db = ctx.t.database.db;
    const siteId = await siteAt(db, ctx.place);
    const day = addDays(today(), 1);
    const round = await scheduleRound(db, systemAccess('test'), { ip: null }, zoneId, {
      startsOn: day,
      endsOn: day,
      siteId,
    });
    const at = localDayStart(day).getTime() + 8 * 3_600_000;
    const [slot] = await db
      .insert(testSessions)
      .values({ siteId, startsAt: new Date(at), endsAt: new Date(at + 3_600_000), capacity: 5, ...ctx.place })
      .returning({ id: testSessions.id });
    return {
      url: `/api/zones/${zoneId}/rounds/${round.id}/bookings`,
      payload: { personId, sessionId: slot!.id, household: false },
    };
  },
};
