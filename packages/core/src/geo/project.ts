import type { Box, Position, UnitBoundary } from './types.ts';
import { polygonsOf } from './types.ts';

/** Longitude/latitude bounds: [west, south, east, north]. */
export type Bounds = [number, number, number, number];

/** The bounds of some boundaries (null when there is no position at all). */
export function boundsOf(boundaries: readonly UnitBoundary[]): Bounds | null {
  let b: Bounds | null = null;
  for (const f of boundaries)
    for (const polygon of polygonsOf(f.geometry))
      for (const ring of polygon)
        for (const [lon, lat] of ring) {
          if (!b) b = [lon, lat, lon, lat];
          else b = [Math.min(b[0], lon), Math.min(b[1], lat), Math.max(b[2], lon), Math.max(b[3], lat)];
        }
  return b;
}

/** One unit drawn: its code and its rings in drawing units (each a closed list of [x, y]). */
export interface ProjectedUnit {
  code: string;
  name?: string;
  rings: [number, number][][];
  /** The centre of its largest ring's bounding box, for a label or a marker. */
  anchor: [number, number];
}

/**
 * Fit boundaries into a box (a PDF frame, an SVG): an equirectangular projection whose longitude is
 * scaled by the cosine of the middle latitude (true to shape at a province's size), centred, with
 * north up (y grows downwards, as in PDF and SVG drawing). Every ring keeps its positions.
 */
export function projectRings(boundaries: readonly UnitBoundary[], box: Box): ProjectedUnit[] {
  const bounds = boundsOf(boundaries);
  if (!bounds) return [];
  const [west, south, east, north] = bounds;
  const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * kx, 1e-9);
  const spanY = Math.max(north - south, 1e-9);
  const scale = Math.min(box.width / spanX, box.height / spanY);
  const offsetX = box.x + (box.width - spanX * scale) / 2;
  const offsetY = box.y + (box.height - spanY * scale) / 2;
  const project = ([lon, lat]: Position): [number, number] => [
    offsetX + (lon - west) * kx * scale,
    offsetY + (north - lat) * scale,
  ];
  return boundaries.map((f) => {
    const rings = polygonsOf(f.geometry).flatMap((polygon) => polygon.map((ring) => ring.map(project)));
    let anchor: [number, number] = [box.x + box.width / 2, box.y + box.height / 2];
    let largest = -1;
    for (const outer of polygonsOf(f.geometry).map((p) => p[0]?.map(project) ?? [])) {
      const xs = outer.map((p) => p[0]);
      const ys = outer.map((p) => p[1]);
      if (xs.length === 0) continue;
      const area = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
      if (area > largest) {
        largest = area;
        anchor = [(Math.max(...xs) + Math.min(...xs)) / 2, (Math.max(...ys) + Math.min(...ys)) / 2];
      }
    }
    return { code: f.code, ...(f.name === undefined ? {} : { name: f.name }), rings, anchor };
  });
}
