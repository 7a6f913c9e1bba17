/**
 * Routes of blockaded zones, testing rounds and campaigns (issue #16 items 6–7; docs/zones.md).
 * Reads need `testing:read`, drawing, scheduling and lifting `testing:manage`; every zone is
 * scoped to the caller's jurisdiction (outside: 404).
 */
import { AppError, today } from '@epilink/core';
import { z } from 'zod';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { liftStatus, liftZone } from './lift.ts';
import { listZoneResidents, listZoneVenues } from './members.ts';
import { zoneDocument } from './documents.ts';
import { zoneDecisionPdf } from './pdf.ts';
import { zoneProgress, zonesOnMap } from './progress.ts';
import { scheduleRound } from './rounds.ts';
import { createZone, listZones, zoneInScope } from './service.ts';
import { untestedRoutes } from './untested-routes.ts';

const day = z.iso.date();
const idParam = z.strictObject({ id: z.uuid() });
const kind = z.enum(['blockade', 'campaign']);

const zoneSchema = z.object({
  id: z.string(),
  kind,
  name: z.string(),
  reason: z.string(),
  decisionRef: z.string(),
  diseaseCode: z.string(),
  startsOn: z.string(),
  drawnBy: z.enum(['units', 'polygon']),
  polygon: z.array(z.tuple([z.number(), z.number()])).nullable(),
  targetPercent: z.number().nullable(),
  status: z.enum(['active', 'lifted']),
  liftedOn: z.string().nullable(),
  liftDecisionRef: z.string().nullable(),
  provinceCode: z.string(),
  districtCode: z.string().nullable(),
  communeCode: z.string().nullable(),
  createdAt: z.date(),
});

const figuresSchema = z.object({
  communeCode: z.string().nullable(),
  members: z.number(),
  tested: z.number(),
  positives: z.number(),
  testedPercent: z.number(),
});

const roundSchema = z.object({
  id: z.string(),
  number: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  poolBy: z.enum(['household', 'cluster']),
  poolSize: z.number(),
  siteId: z.string(),
  memberCount: z.number(),
  poolCount: z.number(),
});

const liftSchema = z
  .object({
    allowed: z.boolean(),
    since: z.string(),
    daysWithoutCase: z.number(),
    earliestOn: z.string(),
    daysRequired: z.number(),
    lastCaseOn: z.string().nullable(),
  })
  .nullable();

const memberQuery = z.strictObject({
  ...pageQuery(100, 500),
  communeCode: z
    .string()
    .regex(/^\d{5}$/u)
    .optional(),
});

export const zoneRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/zones',
    summary: 'Blockaded zones or testing campaigns of my jurisdiction, newest first',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    query: z.strictObject({
      ...pageQuery(50, 200),
      kind: kind.default('blockade'),
      status: z.enum(['active', 'lifted']).optional(),
    }),
    response: z.object({ items: z.array(zoneSchema), nextCursor: nextCursorSchema }),
    handler: ({ tx, access, query }) => listZones(tx, access, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/zones',
    summary: 'Draw a blockaded zone or a campaign: communes/districts or a polygon, with its decision',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:manage' },
    personalData: false,
    successStatus: 201,
    body: z.strictObject({
      kind: kind.default('blockade'),
      name: z.string().trim().min(2).max(160),
      reason: z.string().trim().min(2).max(500),
      decisionRef: z.string().trim().min(1).max(80),
      startsOn: day,
      diseaseCode: z
        .string()
        .regex(/^[A-Z0-9-]{2,20}$/u)
        .optional(),
      unitCodes: z
        .array(z.string().regex(/^\d{2,5}$/u))
        .max(200)
        .optional(),
      polygon: z
        .array(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]))
        .max(501)
        .optional(),
      targetPercent: z.number().int().min(1).max(100).optional(),
    }),
    response: z.object({ id: z.string(), communeCodes: z.array(z.string()) }),
    handler: ({ tx, access, origin, body }) => createZone(tx, access, origin, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/zones/map',
    summary: 'Communes of the active zones and campaigns of my jurisdiction with the latest round’s progress',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    response: z.object({
      items: z.array(
        z.object({
          communeCode: z.string(),
          zoneId: z.string(),
          zoneName: z.string(),
          kind,
          round: z.number().nullable(),
          testedPercent: z.number().nullable(),
          positives: z.number().nullable(),
        }),
      ),
    }),
    handler: async ({ tx, access }) => ({ items: await zonesOnMap(tx, access) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/zones/:id',
    summary: 'A zone with its communes, rounds and their progress, and whether it may be lifted today',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    params: idParam,
    response: z.object({
      zone: zoneSchema.extend({ communeCodes: z.array(z.string()) }),
      rounds: z.array(roundSchema.extend({ total: figuresSchema, byCommune: z.array(figuresSchema) })),
      lift: liftSchema,
    }),
    handler: async ({ tx, access, params }) => {
      const { zone, rounds } = await zoneProgress(tx, access, params.id);
      const lift =
        zone.kind === 'blockade' && zone.status === 'active' ? await liftStatus(tx, zone, today()) : null;
      return { zone, rounds, lift };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/zones/:id/residents',
    summary: 'Residents of a zone from the registry, by commune then name (audited)',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    params: idParam,
    query: memberQuery,
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          fullName: z.string(),
          dateOfBirth: z.string().nullable(),
          address: z.string().nullable(),
          communeCode: z.string().nullable(),
          householdId: z.string().nullable(),
        }),
      ),
      nextCursor: nextCursorSchema,
    }),
    handler: ({ tx, access, origin, params, query }) =>
      listZoneResidents(tx, access, origin, params.id, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/zones/:id/venues',
    summary: 'Approved venues of a zone’s communes, by name; inside/outside a drawn polygon',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    params: idParam,
    query: memberQuery,
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          type: z.string(),
          address: z.string(),
          communeCode: z.string(),
          insidePolygon: z.boolean().nullable(),
        }),
      ),
      nextCursor: nextCursorSchema,
    }),
    handler: ({ tx, access, params, query }) => listZoneVenues(tx, access, params.id, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/zones/:id/rounds',
    summary: 'Schedule a testing round for every resident: registrations and pre-labelled pools',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:manage' },
    personalData: true,
    successStatus: 201,
    params: idParam,
    body: z.strictObject({
      startsOn: day,
      endsOn: day,
      siteId: z.uuid(),
      poolBy: z.enum(['household', 'cluster']).optional(),
      poolSize: z.number().int().min(1).max(100).optional(),
    }),
    response: roundSchema,
    handler: ({ tx, access, origin, params, body }) => scheduleRound(tx, access, origin, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/zones/:id/lift',
    summary: 'Lift a blockaded zone when the rule in force allows it (audited)',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:manage' },
    personalData: false,
    params: idParam,
    body: z.strictObject({ liftedOn: day, decisionRef: z.string().trim().min(1).max(80) }),
    response: z.object({ id: z.string(), status: z.literal('lifted'), liftedOn: z.string() }),
    handler: ({ tx, access, origin, params, body }) => liftZone(tx, access, origin, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/zones/:id/decision.pdf',
    summary: 'The bilingual decision establishing or lifting a zone (PDF)',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    params: idParam,
    query: z.strictObject({ document: z.enum(['establish', 'lift']).default('establish') }),
    response: null,
    async handler({ tx, access, params, query, reply }) {
      const zone = await zoneInScope(tx, access, params.id);
      if (query.document === 'lift' && zone.status !== 'lifted') throw new AppError('NOT_FOUND');
      const pdf = await zoneDecisionPdf(await zoneDocument(tx, zone, query.document));
      await reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="zone-${zone.id}-${query.document}.pdf"`)
        .send(pdf);
      return undefined;
    },
  }),
  ...untestedRoutes,
];
