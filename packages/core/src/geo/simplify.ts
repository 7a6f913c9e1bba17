import type { AreaGeometry, Position, Ring } from './types.ts';

function distanceToSegment(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return Math.sqrt(x * x + y * y);
}

/** Douglas–Peucker over an open polyline, iteratively (no recursion depth limit). */
function keepMask(points: readonly Position[], tolerance: number): boolean[] {
  const keep = points.map((_, i) => i === 0 || i === points.length - 1);
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    let worst = -1;
    let worstDistance = tolerance;
    for (let i = from + 1; i < to; i++) {
      const d = distanceToSegment(points[i]!, points[from]!, points[to]!);
      if (d > worstDistance) {
        worst = i;
        worstDistance = d;
      }
    }
    if (worst >= 0) {
      keep[worst] = true;
      stack.push([from, worst], [worst, to]);
    }
  }
  return keep;
}

/**
 * Simplify a closed ring (Douglas–Peucker, `tolerance` in the ring's own units, degrees for
 * GeoJSON). The ring stays closed and keeps at least four positions (a triangle), so a tiny island
 * never vanishes into an invalid ring; `digits` rounds the kept coordinates (5 ≈ 1 m).
 */
export function simplifyRing(ring: Ring, tolerance: number, digits = 6): Ring {
  const round = (v: number) => Number(v.toFixed(digits));
  if (ring.length <= 4) return ring.map(([x, y]) => [round(x), round(y)]);
  // Split the ring at its farthest point from the start so both halves are open polylines.
  const open = ring.slice(0, -1);
  let far = 1;
  let farDistance = -1;
  for (let i = 1; i < open.length; i++) {
    const d = Math.hypot(open[i]![0] - open[0]![0], open[i]![1] - open[0]![1]);
    if (d > farDistance) {
      far = i;
      farDistance = d;
    }
  }
  const first = open.slice(0, far + 1);
  const second = [...open.slice(far), open[0]!];
  const mask1 = keepMask(first, tolerance);
  const kept1 = first.filter((_, i) => mask1[i]);
  const mask2 = keepMask(second, tolerance);
  const kept2 = second.filter((_, i) => mask2[i]).slice(1);
  let out: Position[] = [...kept1, ...kept2];
  if (out.length < 4) {
    // Too simple to stay a ring: keep the start, the farthest point and one more original vertex.
    const third = open[Math.floor((far + open.length) / 2)] ?? open[open.length - 1]!;
    out = [open[0]!, open[far]!, third, open[0]!];
  }
  return out.map(([x, y]) => [round(x), round(y)]);
}

/** Simplify every ring of a geometry (see simplifyRing). */
export function simplifyGeometry(geometry: AreaGeometry, tolerance: number, digits = 6): AreaGeometry {
  const rings = (polygon: Ring[]) => polygon.map((r) => simplifyRing(r, tolerance, digits));
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: rings(geometry.coordinates) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(rings) };
}

/** How many positions a geometry holds (to budget uploads and drawings). */
export function vertexCount(geometry: AreaGeometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
}
