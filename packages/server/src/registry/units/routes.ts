import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';
import { nextCursorSchema, pageQuery } from '../../http/page.ts';
import { AppError } from '@epilink/core';
import { actorJurisdiction } from '../../access/context.ts';
import { weeklyCasesByCommune } from './report.ts';
import { browseUnit, today } from './repository.ts';
import { searchUnits } from './search.ts';
import { decideRehoming, listRehomingReviews } from './reviews.ts';
import { gunzipBase64, loadNextUnitList } from './upload.ts';

const unitSummary = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'district', 'commune']),
  type: z.string(),
  parentCode: z.string().nullable(),
  personCount: z.number().int(),
});
const browseResponse = z.object({
  unit: unitSummary,
  ancestors: z.array(unitSummary),
  children: z.array(unitSummary),
});
const dateQuery = z.strictObject({
  at: z.iso.date().optional(),
});

export const unitRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/units',
    summary: 'The home province with its districts and people counts',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'unit:read' },
    personalData: false,
    query: dateQuery,
    response: browseResponse,
    handler: ({ tx, deps, query }) => browseUnit(tx, deps.config.provinceCode, query.at ?? today()),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/units/:code',
    summary: 'A unit (province, district or commune) with its children and people counts',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'unit:read' },
    personalData: false,
    params: z.strictObject({ code: z.string().regex(/^\d{2,5}$/u) }),
    query: dateQuery,
    response: browseResponse,
    handler: ({ tx, params, query }) => browseUnit(tx, params.code, query.at ?? today()),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/units/reports/weekly-cases',
    summary: 'Confirmed cases per week and commune, in the communes of the list in force on unitsAsOf',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'case:read' },
    personalData: false,
    query: z.strictObject({
      from: z.iso.date(),
      to: z.iso.date(),
      unitsAsOf: z.iso.date().optional(),
      disease: z.string().max(40).default('COVID-19'),
    }),
    response: z.object({
      unitsAsOf: z.string(),
      cells: z.array(
        z.object({ week: z.string(), unitCode: z.string(), unitName: z.string(), cases: z.number() }),
      ),
      unplaced: z.array(z.object({ unitCode: z.string(), cases: z.number() })),
    }),
    handler: ({ tx, access, query }) =>
      weeklyCasesByCommune(tx, access, { ...query, unitsAsOf: query.unitsAsOf ?? today() }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/units/rehoming-reviews',
    summary: "Open re-homing reviews of the province's divided communes, with candidates and shares",
    tags: ['registry'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: false,
    query: z.strictObject(pageQuery(100, 500)),
    response: z.object({
      nextCursor: nextCursorSchema,
      items: z.array(
        z.object({
          id: z.string(),
          changeSet: z.string(),
          entity: z.string(),
          entityId: z.string(),
          oldCode: z.string(),
          oldName: z.string().nullable(),
          candidates: z.array(z.object({ code: z.string(), name: z.string(), share: z.number() })),
        }),
      ),
    }),
    handler: ({ tx, access, query }) => listRehomingReviews(tx, access, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/units/rehoming-reviews/:id/decide',
    summary: 'Move a row of a divided commune (a household with its members) to one of the candidates',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ communeCode: z.string().regex(/^\d{5}$/u) }),
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ tx, access, params, body, origin }) => {
      // The chain's transaction: the move and its audit rows commit together.
      await decideRehoming(tx, access, origin, params.id, body.communeCode);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/units/lists',
    summary:
      'Load the next unit list and its change table (gzip, base64); refused if it contradicts the list in force',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'user:manage' },
    personalData: false,
    body: z.strictObject({
      dataset: z.string().regex(/^[\w.-]{1,40}$/u),
      validFrom: z.iso.date(),
      listGzip: z.string().min(1).max(900_000),
      changesGzip: z.string().min(1).max(900_000).nullable(),
    }),
    successStatus: 201,
    response: z.object({ units: z.number(), changes: z.number(), rehomed: z.array(z.string()) }),
    handler: async ({ tx, access, body, origin }) => {
      if (actorJurisdiction(access)?.level !== 'province') throw new AppError('FORBIDDEN');
      const listJson = gunzipBase64(body.listGzip, 'listGzip');
      const changesCsv = body.changesGzip === null ? null : gunzipBase64(body.changesGzip, 'changesGzip');
      return loadNextUnitList(tx, access, origin, {
        dataset: body.dataset,
        validFrom: body.validFrom,
        listJson,
        changesCsv,
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/units/search',
    summary:
      'Units whose name contains the text typed, with or without tone marks (or whose code starts with it)',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'unit:read' },
    personalData: false,
    query: z.strictObject({
      q: z.string().max(80),
      within: z
        .string()
        .regex(/^\d{2,5}$/u)
        .optional(),
      levels: z
        .string()
        .regex(/^(?:province|district|commune)(?:,(?:province|district|commune)){0,2}$/u)
        .optional(),
      at: z.iso.date().optional(),
    }),
    response: z.object({
      items: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          level: z.enum(['province', 'district', 'commune']),
          type: z.string(),
          parentCode: z.string().nullable(),
          parentName: z.string().nullable(),
        }),
      ),
    }),
    handler: async ({ tx, query }) => ({
      items: await searchUnits(tx, query.q, {
        onDate: query.at ?? today(),
        within: query.within,
        levels: query.levels?.split(',') as ('province' | 'district' | 'commune')[] | undefined,
      }),
    }),
  }),
];
