import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';
import { browseUnit, today } from './repository.ts';

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
    handler: ({ deps, query }) => browseUnit(deps.database.db, deps.config.provinceCode, query.at ?? today()),
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
    handler: ({ deps, params, query }) => browseUnit(deps.database.db, params.code, query.at ?? today()),
  }),
];
