import type { AreaGeometry, Position, Ring, UnitBoundary } from './types.ts';

/** Why an uploaded boundary file was refused: a message key of `map.errors` with parameters. */
export interface BoundaryProblem {
  /** The feature's index in the file (absent for a problem of the whole file). */
  feature?: number;
  messageKey: string;
  params?: Record<string, string | number>;
}

/** Limits of an upload (the server sets them; see server/src/map/boundaries.ts). */
export interface BoundaryLimits {
  maxFeatures: number;
  maxVertices: number;
  /** The property holding each unit's GSO code (default `code`). */
  codeProperty?: string;
}

export type BoundaryParse =
  { ok: true; boundaries: UnitBoundary[] } | { ok: false; problems: BoundaryProblem[] };

const MAX_PROBLEMS = 20;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function position(v: unknown): Position | null {
  if (!Array.isArray(v) || v.length < 2) return null;
  const [lon, lat] = v as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number') return null;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90)
    return null;
  return [lon, lat];
}

/** A ring: at least four positions, closed. Null with the reason otherwise. */
function ring(v: unknown): Ring | string {
  if (!Array.isArray(v) || v.length < 4) return 'ringTooShort';
  const out: Ring = [];
  for (const p of v) {
    const pos = position(p);
    if (!pos) return 'badPosition';
    out.push(pos);
  }
  const [a, z] = [out[0]!, out[out.length - 1]!];
  return a[0] === z[0] && a[1] === z[1] ? out : 'ringNotClosed';
}

function polygon(v: unknown): Ring[] | string {
  if (!Array.isArray(v) || v.length === 0) return 'badGeometry';
  const rings: Ring[] = [];
  for (const r of v) {
    const parsed = ring(r);
    if (typeof parsed === 'string') return parsed;
    rings.push(parsed);
  }
  return rings;
}

function geometry(v: unknown): AreaGeometry | string {
  if (!isObject(v)) return 'noGeometry';
  if (v.type === 'Polygon') {
    const p = polygon(v.coordinates);
    return typeof p === 'string' ? p : { type: 'Polygon', coordinates: p };
  }
  if (v.type === 'MultiPolygon') {
    if (!Array.isArray(v.coordinates) || v.coordinates.length === 0) return 'badGeometry';
    const polygons: Ring[][] = [];
    for (const c of v.coordinates) {
      const p = polygon(c);
      if (typeof p === 'string') return p;
      polygons.push(p);
    }
    return { type: 'MultiPolygon', coordinates: polygons };
  }
  return 'geometryType';
}

/**
 * Read an uploaded GeoJSON FeatureCollection of unit boundaries (RFC 7946): every feature a
 * Polygon or MultiPolygon in longitude/latitude, with closed rings of at least four positions and
 * a GSO code (digits) in `codeProperty`; no code twice; within the limits. Whether the codes are
 * units of the chosen date is the caller's check (it needs the unit list). Pure; never throws.
 */
export function parseBoundaryCollection(input: unknown, limits: BoundaryLimits): BoundaryParse {
  const key = limits.codeProperty ?? 'code';
  if (!isObject(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features))
    return { ok: false, problems: [{ messageKey: 'map.errors.notFeatureCollection' }] };
  const features: unknown[] = input.features;
  if (features.length === 0) return { ok: false, problems: [{ messageKey: 'map.errors.noFeatures' }] };
  if (features.length > limits.maxFeatures)
    return {
      ok: false,
      problems: [{ messageKey: 'map.errors.tooManyFeatures', params: { max: limits.maxFeatures } }],
    };
  const problems: BoundaryProblem[] = [];
  const boundaries: UnitBoundary[] = [];
  const seen = new Set<string>();
  let vertices = 0;
  features.forEach((f, index) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const feature = index + 1;
    if (!isObject(f) || f.type !== 'Feature') {
      problems.push({ feature, messageKey: 'map.errors.notFeature' });
      return;
    }
    const props = isObject(f.properties) ? f.properties : {};
    const raw = props[key];
    const code = typeof raw === 'number' && Number.isInteger(raw) ? String(raw).padStart(5, '0') : raw;
    if (typeof code !== 'string' || !/^\d{2,5}$/u.test(code)) {
      problems.push({ feature, messageKey: 'map.errors.noCode', params: { property: key } });
      return;
    }
    if (seen.has(code)) {
      problems.push({ feature, messageKey: 'map.errors.duplicateCode', params: { code } });
      return;
    }
    seen.add(code);
    const g = geometry(f.geometry);
    if (typeof g === 'string') {
      problems.push({ feature, messageKey: `map.errors.${g}`, params: { code } });
      return;
    }
    vertices += (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).reduce(
      (n, p) => n + p.reduce((m, r) => m + r.length, 0),
      0,
    );
    const name = typeof props.name === 'string' ? props.name.trim().slice(0, 120) : undefined;
    boundaries.push({ code, ...(name ? { name } : {}), geometry: g });
  });
  if (problems.length === 0 && vertices > limits.maxVertices)
    problems.push({ messageKey: 'map.errors.tooManyVertices', params: { max: limits.maxVertices } });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, boundaries };
}
