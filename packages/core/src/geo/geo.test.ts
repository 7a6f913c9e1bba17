import { describe, expect, it } from 'vitest';
import { cartogramLayout, cartogramCells, fitCartogram } from './cartogram.ts';
import { projectRings } from './project.ts';
import { simplifyRing, vertexCount } from './simplify.ts';
import { parseBoundaryCollection } from './validate.ts';
import type { Ring, UnitBoundary } from './types.ts';

const square = (x: number, y: number, s: number): Ring => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

describe('the commune cartogram', () => {
  const communes = [
    ...['28756', '28757', '28758', '28759', '28760'].map((code) => ({ code, group: '829' })),
    ...['28800', '28801'].map((code) => ({ code, group: '831' })),
    { code: '28900', group: '832' },
  ];

  it('gives every commune one equal cell, grouped by district, none overlapping', () => {
    const layout = cartogramLayout(communes);
    expect(layout.cells.map((c) => c.code).sort()).toEqual(communes.map((c) => c.code).sort());
    expect(new Set(layout.cells.map((c) => `${c.w}x${c.h}`))).toEqual(new Set(['1x1']));
    for (const a of layout.cells)
      for (const b of layout.cells)
        if (a !== b)
          expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
    const district = layout.groups.find((g) => g.group === '829')!;
    for (const cell of layout.cells.filter((c) => c.group === '829')) {
      expect(cell.x).toBeGreaterThanOrEqual(district.x);
      expect(cell.x + cell.w).toBeLessThanOrEqual(district.x + district.w + 1e-9);
    }
    expect(district.count).toBe(5);
  });

  it('is the same picture whatever order the communes come in, and places a shared commune once', () => {
    const shuffled = [...communes].reverse();
    expect(cartogramCells(shuffled)).toEqual(cartogramCells(communes));
    const shared = cartogramCells([...communes, { code: '28900', group: '831' }]);
    expect(shared.filter((c) => c.code === '28900')).toHaveLength(1);
  });

  it('fits into a drawing box keeping its proportions', () => {
    const fitted = fitCartogram(cartogramLayout(communes), { x: 10, y: 20, width: 300, height: 200 });
    for (const c of fitted.cells) {
      expect(c.x).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(c.y).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(c.x + c.w).toBeLessThanOrEqual(310 + 1e-9);
      expect(c.y + c.h).toBeLessThanOrEqual(220 + 1e-9);
      expect(c.w).toBeCloseTo(c.h);
    }
    expect(cartogramLayout([])).toEqual({ cells: [], groups: [], width: 0, height: 0 });
  });
});

describe('projecting boundaries into a box', () => {
  const units: UnitBoundary[] = [
    { code: 'A', geometry: { type: 'Polygon', coordinates: [square(106, 10, 0.2)] } },
    {
      code: 'B',
      geometry: { type: 'MultiPolygon', coordinates: [[square(106.2, 10, 0.2)], [square(106.2, 10.2, 0.1)]] },
    },
  ];

  it('puts north at the top, fits the widest side and centres the other', () => {
    const [a, b] = projectRings(units, { x: 0, y: 0, width: 400, height: 400 });
    const xs = [...a!.rings, ...b!.rings].flat().map((p) => p[0]);
    const ys = [...a!.rings, ...b!.rings].flat().map((p) => p[1]);
    expect(Math.min(...xs)).toBeCloseTo(0);
    expect(Math.max(...xs)).toBeCloseTo(400);
    expect(Math.min(...ys)).toBeGreaterThan(0);
    expect(Math.max(...ys)).toBeLessThan(400);
    // The point at latitude 10 (south) is drawn below the one at 10.2.
    expect(a!.rings[0]![0]![1]).toBeGreaterThan(a!.rings[0]![3]![1]);
    expect(b!.rings).toHaveLength(2);
    // Longitude is shortened by cos(latitude): A is taller than wide.
    const ax = a!.rings[0]!.map((p) => p[0]);
    const ay = a!.rings[0]!.map((p) => p[1]);
    expect(Math.max(...ay) - Math.min(...ay)).toBeGreaterThan(Math.max(...ax) - Math.min(...ax));
  });
});

describe('simplifying a ring', () => {
  it('drops points closer to the line than the tolerance and keeps the ring closed', () => {
    const wiggly: Ring = [
      [0, 0],
      [0.5, 0.0001],
      [1, 0],
      [1, 1],
      [0.5, 1.0001],
      [0, 1],
      [0, 0],
    ];
    const out = simplifyRing(wiggly, 0.01);
    expect(out).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ]);
    expect(vertexCount({ type: 'Polygon', coordinates: [out] })).toBe(5);
  });

  it('never shrinks a small island below a valid ring', () => {
    const tiny: Ring = [
      [0, 0],
      [0.001, 0],
      [0.001, 0.001],
      [0.0005, 0.0012],
      [0, 0.001],
      [0, 0],
    ];
    const out = simplifyRing(tiny, 1);
    expect(out.length).toBeGreaterThanOrEqual(4);
    expect(out[0]).toEqual(out.at(-1));
  });
});

describe('reading an uploaded boundary file', () => {
  const limits = { maxFeatures: 10, maxVertices: 100 };
  const feature = (code: unknown, geometry: unknown) => ({
    type: 'Feature',
    properties: { code, name: ' Xã A ' },
    geometry,
  });

  it('accepts Polygons and MultiPolygons with codes', () => {
    const parsed = parseBoundaryCollection(
      {
        type: 'FeatureCollection',
        features: [
          feature('28756', { type: 'Polygon', coordinates: [square(106, 10, 0.1)] }),
          feature(28757, { type: 'MultiPolygon', coordinates: [[square(106.1, 10, 0.1)]] }),
        ],
      },
      limits,
    );
    expect(parsed.ok && parsed.boundaries.map((b) => [b.code, b.name])).toEqual([
      ['28756', 'Xã A'],
      ['28757', 'Xã A'],
    ]);
  });

  it('refuses what is not a collection of closed areas with one code each, naming the feature', () => {
    const problems = (input: unknown) => {
      const parsed = parseBoundaryCollection(input, limits);
      return parsed.ok ? [] : parsed.problems.map((p) => `${p.feature ?? '-'}:${p.messageKey}`);
    };
    expect(problems([])).toEqual(['-:map.errors.notFeatureCollection']);
    expect(problems({ type: 'FeatureCollection', features: [] })).toEqual(['-:map.errors.noFeatures']);
    const open = square(106, 10, 0.1)
      .slice(0, -1)
      .concat([[106.05, 10.05]]);
    expect(
      problems({
        type: 'FeatureCollection',
        features: [
          feature('28756', { type: 'Point', coordinates: [106, 10] }),
          feature('<script>', { type: 'Polygon', coordinates: [square(106, 10, 0.1)] }),
          feature('28757', { type: 'Polygon', coordinates: [open] }),
          feature('28758', {
            type: 'Polygon',
            coordinates: [
              [
                [106, 10],
                [200, 10],
                [106, 11],
                [106, 10],
              ],
            ],
          }),
          feature('28759', { type: 'Polygon', coordinates: [square(106, 10, 0.1)] }),
          feature('28759', { type: 'Polygon', coordinates: [square(106, 10, 0.1)] }),
        ],
      }),
    ).toEqual([
      '1:map.errors.geometryType',
      '2:map.errors.noCode',
      '3:map.errors.ringNotClosed',
      '4:map.errors.badPosition',
      '6:map.errors.duplicateCode',
    ]);
    const many = Array.from({ length: 11 }, (_, i) => feature(String(28000 + i), null));
    expect(problems({ type: 'FeatureCollection', features: many })).toEqual(['-:map.errors.tooManyFeatures']);
    const big = Array.from({ length: 3 }, (_, i) =>
      feature(String(28000 + i), {
        type: 'Polygon',
        coordinates: [
          Array.from({ length: 40 }, (_, k) =>
            k === 39 ? [106, 10] : [106 + k / 1000, 10 + (k % 2) / 1000],
          ),
        ],
      }),
    );
    expect(problems({ type: 'FeatureCollection', features: big })).toEqual(['-:map.errors.tooManyVertices']);
  });
});
