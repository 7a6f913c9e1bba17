import { AppError, addDays, today } from '@epilink/core';
import { z } from 'zod';
import { actorId, actorJurisdiction } from '../access/context.ts';
import { defineRoute } from '../http/route.ts';
import { gunzipBase64 } from '../registry/units/upload.ts';
import { loadCommuneBoundaries, readBoundaries } from './boundaries.ts';
import { communeFigures } from './figures.ts';
import { territoryOf, territoryWithin } from './territory.ts';

const code = z.string().regex(/^\d{2,5}$/u);
const geometry = z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) });
const boundaryCollection = z.object({
  type: z.literal('FeatureCollection'),
  level: z.enum(['province', 'district', 'commune']),
  asOf: z.string(),
  dataset: z.string().nullable(),
  attribution: z.string().nullable(),
  licence: z.string().nullable(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.object({
        code: z.string(),
        name: z.string(),
        group: z.string().nullable(),
        groupName: z.string().nullable(),
      }),
      geometry: geometry.nullable(),
    }),
  ),
});

/** The Monday of the week holding a day (weeks run Monday–Sunday, as the levels' ISO weeks). */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The unit list date of a week: its Sunday, or today while the week is running. */
function weekAsOf(week: string): string {
  const end = addDays(week, 6);
  return end < today() ? end : today();
}

/** The map's history starts with the 2021 wave (the unit lists begin in 2020). */
const FIRST_DAY = '2020-02-01';
const day = z.iso.date().refine((d) => d >= FIRST_DAY, { message: 'before 2020-02-01' });

export const mapRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/map/boundaries',
    summary:
      'Boundaries of the province (or one of its units) on a date: shipped province/district polygons, communes with the loaded polygon or none (the web then draws the cartogram)',
    tags: ['map'],
    auth: { kind: 'public' },
    personalData: false,
    query: z.strictObject({
      level: z.enum(['province', 'district', 'commune']).default('commune'),
      asOf: day.optional(),
      unit: code.optional(),
    }),
    response: boundaryCollection,
    handler: async ({ tx, deps, query }) => {
      const asOf = query.asOf ?? today();
      const province = deps.config.provinceCode;
      const territory = await territoryWithin(tx, province, query.unit ?? province, asOf);
      return readBoundaries(
        tx,
        { provinceCode: province, rootCode: query.unit ?? province, level: query.level, asOf },
        territory,
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/map/boundaries',
    summary:
      "Load the province's commune boundaries (GeoJSON, or gzip+base64) with licence and attribution; refused with reasons and nothing stored when invalid",
    tags: ['map'],
    auth: { kind: 'user', permission: 'user:manage' },
    personalData: false,
    body: z
      .strictObject({
        unitsAsOf: day,
        licence: z.string().trim().min(1).max(200),
        attribution: z.string().trim().min(1).max(300),
        geojson: z.unknown().optional(),
        geojsonGzip: z.string().min(1).max(900_000).optional(),
      })
      .refine((b) => (b.geojson === undefined) !== (b.geojsonGzip === undefined), {
        message: 'geojson or geojsonGzip',
        path: ['geojson'],
      }),
    successStatus: 201,
    response: z.object({ id: z.string(), dataset: z.string(), features: z.number(), missing: z.number() }),
    handler: async ({ tx, access, body, deps, audit }) => {
      if (actorJurisdiction(access)?.level !== 'province') throw new AppError('FORBIDDEN');
      if (body.unitsAsOf > today())
        throw new AppError('VALIDATION_FAILED', {
          details: [{ path: 'unitsAsOf', messageKey: 'errors.validationFailed' }],
        });
      let geojson = body.geojson;
      if (body.geojsonGzip !== undefined) {
        const text = gunzipBase64(body.geojsonGzip, 'geojsonGzip');
        try {
          geojson = JSON.parse(text) as unknown;
        } catch {
          throw new AppError('BOUNDARIES_INVALID', {
            details: [{ path: 'file', messageKey: 'map.errors.notFeatureCollection' }],
          });
        }
      }
      const loaded = await loadCommuneBoundaries(tx, {
        provinceCode: deps.config.provinceCode,
        unitsAsOf: body.unitsAsOf,
        licence: body.licence,
        attribution: body.attribution,
        geojson,
        uploadedBy: actorId(access),
      });
      await audit({
        action: 'create',
        entity: 'map_boundaries',
        entityId: loaded.id,
        details: { dataset: loaded.dataset, unitsAsOf: body.unitsAsOf, features: loaded.features },
      });
      return loaded;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/map/figures',
    summary:
      "Each commune's figures for a week (cases per 100,000 over 7/14 days, coverage, test sites, facilities, venue clusters) in the units of a date, inside the caller's jurisdiction",
    tags: ['map'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    query: z.strictObject({
      week: day.optional(),
      asOf: day.optional(),
      unit: code.optional(),
      disease: z.string().max(40).default('COVID-19'),
    }),
    response: z.object({
      week: z.string(),
      asOf: z.string(),
      unit: z.string(),
      groups: z.array(z.object({ code: z.string(), name: z.string() })),
      communes: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          group: z.string(),
          population: z.number(),
          cases7: z.number(),
          cases14: z.number(),
          per100k7: z.number().nullable(),
          per100k14: z.number().nullable(),
          coverage: z.number().nullable(),
          testSites: z.number(),
          facilities: z.number(),
          clusters: z.number(),
        }),
      ),
    }),
    handler: async ({ tx, access, query, deps }) => {
      const jurisdiction = actorJurisdiction(access);
      if (!jurisdiction) throw new AppError('NOT_FOUND');
      const week = mondayOf(query.week ?? today());
      if (week > today()) throw new AppError('NOT_FOUND');
      const asOf = query.asOf ?? weekAsOf(week);
      const own = jurisdiction.level === 'province' ? deps.config.provinceCode : jurisdiction.code;
      const territory =
        query.unit === undefined
          ? await territoryOf(tx, own, asOf)
          : await territoryWithin(tx, own, query.unit, asOf);
      const figures = await communeFigures(tx, access, territory, { week, disease: query.disease });
      const byCode = new Map(territory.communes.map((c) => [c.code, c]));
      return {
        week,
        asOf,
        unit: query.unit ?? own,
        groups: territory.groups,
        communes: figures.map((f) => ({
          ...f,
          name: byCode.get(f.code)!.name,
          group: byCode.get(f.code)!.group,
        })),
      };
    },
  }),
];
