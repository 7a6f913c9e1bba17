import { describe, expect, it } from 'vitest';
import { communesInPolygon, geometryCentroid, pointInRing, polygonProblem } from './polygon.ts';
import { planPools } from './pooling.ts';
import { liftCheck, percentOf, roundDatesProblem } from './lifting.ts';
import type { Ring } from '../geo/types.ts';

const square = (x: number, y: number, s: number): Ring => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

describe('pooling a round', () => {
  const residents = [
    { personId: 'p1', householdId: 'h2' },
    { personId: 'p2', householdId: 'h1' },
    { personId: 'p3', householdId: 'h1' },
    { personId: 'p4', householdId: null },
    { personId: 'p5', householdId: 'h2' },
    { personId: 'p6', householdId: null },
    { personId: 'p7', householdId: 'h2' },
  ];

  it('by household: each household its own pool, people without one pooled together', () => {
    expect(planPools(residents, 'household', 10)).toEqual([
      ['p2', 'p3'],
      ['p1', 'p5', 'p7'],
      ['p4', 'p6'],
    ]);
  });

  it('by household: a household larger than the pool size fills several pools', () => {
    expect(planPools(residents, 'household', 2)).toEqual([['p2', 'p3'], ['p1', 'p5'], ['p7'], ['p4', 'p6']]);
  });

  it('by cluster: cut every N in household order, so households stay side by side', () => {
    expect(planPools(residents, 'cluster', 3)).toEqual([['p2', 'p3', 'p1'], ['p5', 'p7', 'p4'], ['p6']]);
  });

  it('puts every resident in exactly one pool of at most N, whatever the order given', () => {
    const many = Array.from({ length: 2_345 }, (_, i) => ({
      personId: `p${String(i).padStart(5, '0')}`,
      householdId: i % 7 === 0 ? null : `h${Math.floor(i / 4)}`,
    }));
    for (const by of ['household', 'cluster'] as const) {
      const pools = planPools([...many].reverse(), by, 10);
      expect(pools.every((p) => p.length >= 1 && p.length <= 10)).toBe(true);
      const all = pools.flat();
      expect(new Set(all).size).toBe(many.length);
      expect(all.length).toBe(many.length);
      expect(planPools(many, by, 10)).toEqual(pools);
    }
    expect(planPools(many, 'cluster', 10)).toHaveLength(235);
  });

  it('refuses a pool size outside 1..100', () => {
    expect(() => planPools(residents, 'cluster', 0)).toThrow(RangeError);
    expect(() => planPools(residents, 'cluster', 101)).toThrow(RangeError);
  });
});

describe('drawing a zone as a polygon', () => {
  it('tells points inside from points outside, open or closed ring', () => {
    const ring = square(106, 10, 1);
    expect(pointInRing([106.5, 10.5], ring)).toBe(true);
    expect(pointInRing([107.5, 10.5], ring)).toBe(false);
    expect(pointInRing([106.5, 10.5], ring.slice(0, -1))).toBe(true);
  });

  it('finds the centroid of a polygon with a hole and of a multipolygon', () => {
    expect(geometryCentroid({ type: 'Polygon', coordinates: [square(0, 0, 2)] })).toEqual([1, 1]);
    const holed = geometryCentroid({ type: 'Polygon', coordinates: [square(0, 0, 4), square(2, 0, 2)] });
    expect(holed![0]).toBeCloseTo(5 / 3, 6);
    const two = geometryCentroid({
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 1)], [square(3, 0, 1)]],
    });
    expect(two![0]).toBeCloseTo(2, 6);
    expect(
      geometryCentroid({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      }),
    ).toBeNull();
  });

  it('selects the communes whose centroid is inside the drawn ring', () => {
    const communes = [
      { code: '28756', geometry: { type: 'Polygon' as const, coordinates: [square(106.3, 10.2, 0.1)] } },
      { code: '28759', geometry: { type: 'Polygon' as const, coordinates: [square(106.45, 10.2, 0.1)] } },
      { code: '28762', geometry: { type: 'Polygon' as const, coordinates: [square(107, 11, 0.1)] } },
    ];
    // Covers the first commune wholly and the second's western half (its centroid 106.5 is outside).
    expect(communesInPolygon(square(106.25, 10.15, 0.24), communes)).toEqual(['28756']);
    expect(communesInPolygon(square(106.25, 10.15, 0.5), communes)).toEqual(['28756', '28759']);
  });

  it('refuses polygons that cannot select anything', () => {
    expect(
      polygonProblem([
        [106, 10],
        [107, 10],
      ]),
    ).toBe('tooFew');
    expect(
      polygonProblem([
        [106, 10],
        [107, 10],
        [108, 10],
      ]),
    ).toBe('noArea');
    expect(
      polygonProblem([
        [106, 10],
        [107, 10],
        [200, 11],
      ]),
    ).toBe('outOfRange');
    expect(
      polygonProblem(Array.from({ length: 600 }, (_, i) => [Math.cos(i), Math.sin(i)] as [number, number])),
    ).toBe('tooMany');
    expect(polygonProblem(square(106, 10, 1))).toBeNull();
  });
});

describe('lifting a zone', () => {
  const rule = { daysWithoutNewCase: 14 };

  it('counts from the start when no case was reported in the zone since', () => {
    expect(liftCheck({ startsOn: '2021-08-01', lastCaseOn: null }, '2021-08-14', rule)).toEqual({
      allowed: false,
      since: '2021-08-01',
      daysWithoutCase: 13,
      earliestOn: '2021-08-15',
    });
    expect(liftCheck({ startsOn: '2021-08-01', lastCaseOn: '2021-07-20' }, '2021-08-15', rule).allowed).toBe(
      true,
    );
  });

  it('starts counting again at each new case', () => {
    const check = liftCheck({ startsOn: '2021-08-01', lastCaseOn: '2021-08-10' }, '2021-08-20', rule);
    expect(check).toMatchObject({
      allowed: false,
      since: '2021-08-10',
      daysWithoutCase: 10,
      earliestOn: '2021-08-24',
    });
    expect(liftCheck({ startsOn: '2021-08-01', lastCaseOn: '2021-08-10' }, '2021-08-24', rule).allowed).toBe(
      true,
    );
  });

  it('follows the rule given (a shorter dated rule lifts sooner)', () => {
    const zone = { startsOn: '2021-10-01', lastCaseOn: null };
    expect(liftCheck(zone, '2021-10-08', { daysWithoutNewCase: 7 }).allowed).toBe(true);
    expect(liftCheck(zone, '2021-10-08', rule).allowed).toBe(false);
  });
});

describe('round dates and progress', () => {
  const zone = { startsOn: '2021-08-01', status: 'active' as const };
  it('accepts a round inside an active zone and refuses the rest', () => {
    expect(roundDatesProblem({ startsOn: '2021-08-02', endsOn: '2021-08-03' }, zone)).toBeNull();
    expect(roundDatesProblem({ startsOn: '2021-07-30', endsOn: '2021-08-03' }, zone)).toBe('beforeZone');
    expect(roundDatesProblem({ startsOn: '2021-08-05', endsOn: '2021-08-03' }, zone)).toBe('endsBeforeStart');
    expect(roundDatesProblem({ startsOn: '2021-08-02', endsOn: '2021-08-30' }, zone)).toBe('tooLong');
    expect(
      roundDatesProblem({ startsOn: '2021-08-02', endsOn: '2021-08-03' }, { ...zone, status: 'lifted' }),
    ).toBe('lifted');
  });
  it('gives a percentage with one decimal', () => {
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(0, 0)).toBe(0);
  });
});
