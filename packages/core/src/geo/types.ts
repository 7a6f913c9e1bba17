/** A position as GeoJSON writes it: [longitude, latitude] in degrees (WGS 84). */
export type Position = [number, number];
/** A closed ring (first position = last position). */
export type Ring = Position[];

/** The two area geometries a boundary may have (RFC 7946). */
export type AreaGeometry =
  { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** One unit's boundary: its GSO code, its name when the file gives one, its geometry. */
export interface UnitBoundary {
  code: string;
  name?: string;
  geometry: AreaGeometry;
}

/** A rectangle in drawing units (pixels, PDF points): x grows rightwards, y downwards. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The polygons of a geometry (a Polygon is one polygon; each polygon is its rings). */
export function polygonsOf(geometry: AreaGeometry): Ring[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}
