/**
 * Boundaries for the map (Contract C): the shipped province and district polygons, and the
 * commune polygons an administrator loads (with their licence credited). Until a commune file is
 * loaded for the unit list of a date, communes come without geometry and the web draws the
 * cartogram (core/geo/cartogram.ts).
 */
import { AppError } from '@epilink/core';
import { parseBoundaryCollection, simplifyGeometry } from '@epilink/core/geo/index';
import type { AreaGeometry } from '@epilink/core/geo/index';
import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { mapBoundaries, mapBoundarySets, unitDatasets } from '../db/schema/index.ts';
import { shippedBoundaries, SHIPPED_ATTRIBUTION } from './shipped.ts';
import { territoryOf } from './territory.ts';
import type { Territory } from './territory.ts';

/** Upload limits: features, positions after parsing, positions kept per ring after simplifying. */
export const BOUNDARY_LIMITS = { maxFeatures: 2_000, maxVertices: 2_000_000 };
/** Simplification tolerance on load, in degrees (≈ 11 m): a province map never needs finer. */
const SIMPLIFY_DEGREES = 0.0001;

/** One GeoJSON feature of the answer (`geometry` null: a commune with no polygon loaded). */
export interface BoundaryFeature {
  type: 'Feature';
  properties: { code: string; name: string; group: string | null; groupName: string | null };
  geometry: AreaGeometry | null;
}

/** The answer: a FeatureCollection with the credit for the polygons it carries. */
export interface BoundaryCollection {
  type: 'FeatureCollection';
  level: 'province' | 'district' | 'commune';
  asOf: string;
  /** The unit list in force on `asOf`. */
  dataset: string | null;
  attribution: string | null;
  licence: string | null;
  features: BoundaryFeature[];
}

/** The shipped unit list in force on a date (null before the first). */
export async function datasetOn(db: DbOrTx, day: string): Promise<string | null> {
  const [row] = await db
    .select({ dataset: unitDatasets.dataset })
    .from(unitDatasets)
    .where(lte(unitDatasets.validFrom, day))
    .orderBy(desc(unitDatasets.validFrom))
    .limit(1);
  return row?.dataset ?? null;
}

/** The newest commune set loaded for a province's unit list, if any. */
async function latestSet(db: DbOrTx, provinceCode: string, dataset: string | null) {
  if (dataset === null) return null;
  const [set] = await db
    .select()
    .from(mapBoundarySets)
    .where(and(eq(mapBoundarySets.provinceCode, provinceCode), eq(mapBoundarySets.dataset, dataset)))
    .orderBy(desc(mapBoundarySets.uploadedAt))
    .limit(1);
  return set ?? null;
}

/**
 * Boundaries of a root unit's territory on `asOf` at one level. Provinces: the shipped polygons of
 * the provinces (old ones too, across a merger) lying in it; districts: the shipped polygons of its
 * districts or health areas (an area keeps its district's code); communes: every commune of the
 * date, with the loaded polygon when there is one.
 */
export async function readBoundaries(
  db: DbOrTx,
  options: {
    provinceCode: string;
    rootCode: string;
    level: 'province' | 'district' | 'commune';
    asOf: string;
  },
  territory?: Territory,
): Promise<BoundaryCollection> {
  const t = territory ?? (await territoryOf(db, options.rootCode, options.asOf));
  const dataset = await datasetOn(db, options.asOf);
  const base = { type: 'FeatureCollection' as const, level: options.level, asOf: options.asOf, dataset };
  if (options.level !== 'commune') {
    const wanted = new Set(
      options.level === 'province' ? await provincesIn(db, t) : t.groups.map((g) => g.code),
    );
    const features = shippedBoundaries()
      .filter((b) => b.level === options.level && wanted.has(b.code))
      .map((b) => ({
        type: 'Feature' as const,
        properties: { code: b.code, name: b.name, group: null, groupName: null },
        geometry: b.geometry,
      }));
    return { ...base, attribution: features.length ? SHIPPED_ATTRIBUTION : null, licence: null, features };
  }
  const set = await latestSet(db, options.provinceCode, dataset);
  const polygons = new Map<string, AreaGeometry>();
  if (set) {
    const rows = await db
      .select({ code: mapBoundaries.code, geometry: mapBoundaries.geometry })
      .from(mapBoundaries)
      .where(eq(mapBoundaries.setId, set.id));
    for (const r of rows) polygons.set(r.code, r.geometry);
  }
  return {
    ...base,
    attribution: set?.attribution ?? null,
    licence: set?.licence ?? null,
    features: t.communes.map((c) => ({
      type: 'Feature' as const,
      properties: { code: c.code, name: c.name, group: c.group, groupName: c.groupName },
      geometry: polygons.get(c.code) ?? null,
    })),
  };
}

/** The provinces of the territory's date and the old provinces that went into them. */
async function provincesIn(db: DbOrTx, t: Territory): Promise<string[]> {
  const list = await queryRows<{ code: string }>(
    db,
    sql`select old_province_code as code from unit_changes where new_province_code in (${sql.join(
      t.provinces.map((p) => sql`${p}`),
      sql`, `,
    )}) group by 1`,
  );
  return [...new Set([...t.provinces, ...list.map((r) => r.code)])];
}

/**
 * Store an administrator's commune boundary file for the unit list in force on `unitsAsOf`, in the
 * caller's transaction: the file must be a FeatureCollection of Polygons/MultiPolygons whose
 * codes are all communes of the province on that date (core/geo/validate.ts); anything else is
 * refused with the reasons and nothing is stored. Rings are simplified on load.
 */
export async function loadCommuneBoundaries(
  db: DbOrTx,
  input: {
    provinceCode: string;
    unitsAsOf: string;
    licence: string;
    attribution: string;
    geojson: unknown;
    uploadedBy: string | null;
  },
): Promise<{ id: string; dataset: string; features: number; missing: number }> {
  const parsed = parseBoundaryCollection(input.geojson, BOUNDARY_LIMITS);
  if (!parsed.ok)
    throw new AppError('BOUNDARIES_INVALID', {
      details: parsed.problems.map((p) => ({
        path: p.feature === undefined ? 'file' : `features[${p.feature - 1}]`,
        messageKey: p.messageKey,
        ...(p.params ? { params: p.params } : {}),
      })),
    });
  const territory = await territoryOf(db, input.provinceCode, input.unitsAsOf);
  const known = new Set(territory.communes.map((c) => c.code));
  const unknown = parsed.boundaries.filter((b) => !known.has(b.code));
  if (unknown.length > 0)
    throw new AppError('BOUNDARIES_INVALID', {
      details: unknown.slice(0, 20).map((b) => ({
        path: 'code',
        messageKey: 'map.errors.unknownCommune',
        params: { code: b.code, asOf: input.unitsAsOf },
      })),
    });
  const dataset = await datasetOn(db, input.unitsAsOf);
  if (dataset === null) throw new AppError('NOT_FOUND');
  const [set] = await db
    .insert(mapBoundarySets)
    .values({
      provinceCode: input.provinceCode,
      level: 'commune',
      dataset,
      unitsAsOf: input.unitsAsOf,
      licence: input.licence,
      attribution: input.attribution,
      featureCount: parsed.boundaries.length,
      uploadedBy: input.uploadedBy,
    })
    .returning({ id: mapBoundarySets.id });
  await db.insert(mapBoundaries).values(
    parsed.boundaries.map((b) => ({
      setId: set!.id,
      code: b.code,
      geometry: simplifyGeometry(b.geometry, SIMPLIFY_DEGREES, 6),
    })),
  );
  return {
    id: set!.id,
    dataset,
    features: parsed.boundaries.length,
    missing: known.size - parsed.boundaries.length,
  };
}
