/**
 * Drawing a zone as a polygon (issue #16 item 6). The registry has no coordinates for households,
 * so a polygon selects **communes whose centroid lies inside it** (from the loaded or shipped
 * commune boundaries), and **venues whose coordinates lie inside it**. Positions are [lon, lat].
 */
import type { AreaGeometry, Position, Ring } from '../geo/types.ts';
import { polygonsOf } from '../geo/types.ts';

/** Largest number of vertices an official may draw. */
export const MAX_POLYGON_VERTICES = 500;

/** True when the point is inside the ring (even-odd rule; a ring may be closed or open). */
export function pointInRing(point: Position, ring: Ring): boolean {
  const [x, y] = point;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Signed area and centroid sums of a ring (shoelace). */
function ringMoments(ring: Ring): { a: number; cx: number; cy: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!;
    const [x1, y1] = ring[i]!;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  return { a: a / 2, cx, cy };
}

/**
 * The area-weighted centroid of a unit's geometry (outer rings minus holes), or null for a
 * geometry without area.
 */
export function geometryCentroid(geometry: AreaGeometry): Position | null {
  let area = 0;
  let sx = 0;
  let sy = 0;
  for (const polygon of polygonsOf(geometry))
    polygon.forEach((ring, k) => {
      const m = ringMoments(ring);
      // Outer rings add, holes subtract, whatever their winding.
      const sign = (k === 0 ? 1 : -1) * Math.sign(m.a);
      area += sign * m.a;
      sx += sign * m.cx;
      sy += sign * m.cy;
    });
  if (Math.abs(area) < 1e-12) return null;
  return [sx / (6 * area), sy / (6 * area)];
}

/** Why a drawn polygon is refused (an i18n key under `zones.polygon.`), or null when it is usable. */
export function polygonProblem(
  ring: readonly Position[],
): 'tooFew' | 'tooMany' | 'outOfRange' | 'noArea' | null {
  const open =
    ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1]
      ? ring.slice(0, -1)
      : ring;
  if (open.length < 3) return 'tooFew';
  if (open.length > MAX_POLYGON_VERTICES) return 'tooMany';
  if (
    open.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90)
  )
    return 'outOfRange';
  if (Math.abs(ringMoments([...open]).a) < 1e-10) return 'noArea';
  return null;
}

/** The communes (by code) whose centroid lies inside the drawn ring. */
export function communesInPolygon(
  ring: Ring,
  communes: readonly { code: string; geometry: AreaGeometry }[],
): string[] {
  return communes
    .filter((c) => {
      const centre = geometryCentroid(c.geometry);
      return centre !== null && pointInRing(centre, ring);
    })
    .map((c) => c.code);
}
