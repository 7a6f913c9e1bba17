import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AreaGeometry } from '@epilink/core/geo/index';

/** A polygon shipped with EpiLink (assets/geo/SOURCES.md): a province or a district, lon/lat. */
export interface ShippedBoundary {
  code: string;
  name: string;
  level: 'province' | 'district';
  geometry: AreaGeometry;
}

/** The shipped files: Bến Tre (83) and its nine districts (the health areas keep their codes). */
const FILES = ['bentre-83.geojson'];

let cache: ShippedBoundary[] | null = null;

/** Every shipped province and district polygon (read once). */
export function shippedBoundaries(): ShippedBoundary[] {
  if (cache) return cache;
  cache = FILES.flatMap((file) => {
    const path = fileURLToPath(new URL(`../../assets/geo/${file}`, import.meta.url));
    const json = JSON.parse(readFileSync(path, 'utf8')) as {
      features: {
        properties: { code: string; name: string; level: 'province' | 'district' };
        geometry: AreaGeometry;
      }[];
    };
    return json.features.map((f) => ({ ...f.properties, geometry: f.geometry }));
  });
  return cache;
}

/** The attribution the map shows for the shipped polygons. */
export const SHIPPED_ATTRIBUTION = 'gis.chinhphu.vn, dvhcvn (GPL-3.0)';
