import { describe, expect, it } from 'vitest';
import { drawnBounds, fitView } from './chainDraw.ts';
import { layoutChain, PointIndex, type LayoutEdge, type LayoutNode } from './chainLayout.ts';
import { prepareChain } from './chainModel.ts';

const f = (degree: number | null, proposedDegree: number | null = degree): LayoutNode => ({
  degree,
  proposedDegree,
});

describe('chain layout', () => {
  it('puts a lone F0 at the centre of its cluster with its contacts on a ring around it', () => {
    // 0 = F0, 1..3 = its F1s, 4 = an F2 of 1.
    const nodes = [f(0), f(1), f(1), f(1), f(2)];
    const edges: LayoutEdge[] = [
      { from: 0, to: 1 },
      { from: 0, to: 2 },
      { from: 0, to: 3 },
      { from: 1, to: 4 },
    ];
    const layout = layoutChain(nodes, edges);
    expect(layout.components).toHaveLength(1);
    const c = layout.components[0]!;
    expect(c.roots).toEqual([0]);
    expect([layout.x[0], layout.y[0]]).toEqual([c.cx, c.cy]);
    const dist = (i: number) => Math.hypot(layout.x[i]! - c.cx, layout.y[i]! - c.cy);
    expect(dist(1)).toBeCloseTo(dist(2));
    expect(dist(2)).toBeCloseTo(dist(3));
    expect(dist(4)).toBeGreaterThan(dist(1));
  });

  it('grows a chain from the first case: a case exposed by another case hangs below it', () => {
    const nodes = [f(0), f(0), f(1)];
    const layout = layoutChain(nodes, [
      { from: 1, to: 0 },
      { from: 0, to: 2 },
    ]);
    expect(layout.components[0]!.roots).toEqual([1]);
  });

  it('keeps separate chains apart, largest first, and never overlaps two of them', () => {
    const nodes = [f(0), f(1), f(0), f(1), f(1), f(1), f(null, 1)];
    const edges = [
      { from: 0, to: 1 },
      { from: 2, to: 3 },
      { from: 2, to: 4 },
      { from: 2, to: 5 },
      { from: 2, to: 6 },
    ];
    const layout = layoutChain(nodes, edges);
    expect(layout.components.map((c) => c.nodes.length)).toEqual([5, 2]);
    const [a, b] = layout.components;
    expect(Math.hypot(a!.cx - b!.cx, a!.cy - b!.cy)).toBeGreaterThanOrEqual(a!.r + b!.r);
    expect(layout.component[0]).toBe(1);
    expect(layout.component[6]).toBe(0);
  });

  it('is deterministic and handles 25,000 people without a quadratic step', () => {
    const nodes: LayoutNode[] = [];
    const edges: LayoutEdge[] = [];
    for (let i = 0; i < 5000; i++) nodes.push(f(0));
    for (let j = 0; j < 20000; j++) {
      nodes.push(f(1));
      edges.push({ from: (j * 7919) % 5000, to: 5000 + j });
    }
    const one = layoutChain(nodes, edges);
    const two = layoutChain(nodes, edges);
    expect(Array.from(one.x)).toEqual(Array.from(two.x));
    expect(one.components).toHaveLength(5000);
    expect(Number.isFinite(one.bounds.maxX)).toBe(true);
    // Every node is somewhere distinct from its cluster's centre except the roots.
    const index = new PointIndex(one);
    expect(index.nearest(one.x[123]!, one.y[123]!, 1)).toBe(123);
  });

  it('ignores edges to unknown people and self-loops', () => {
    const layout = layoutChain(
      [f(0), f(1)],
      [
        { from: 0, to: 5 },
        { from: 1, to: 1 },
      ],
    );
    expect(layout.components).toHaveLength(2);
  });
});

describe('fitting the view (#19 item 12)', () => {
  it('fits the nodes drawn, not the packing rows around them, and centres them', () => {
    // Three clusters of different sizes: the packing leaves empty room in its last row.
    const nodes = Array.from({ length: 12 }, (_, i) => ({
      id: `p${i}`,
      label: `P${i}`,
      caseId: i % 4 === 0 ? `c${i}` : null,
      degree: i % 4 === 0 ? 0 : 1,
      proposedDegree: i % 4 === 0 ? 0 : 1,
      status: i % 4 === 0 ? 'f0' : 'monitoring',
    }));
    const edges = nodes
      .filter((_, i) => i % 4 !== 0)
      .map((n, k) => ({
        from: `p${Math.floor((k * 4) / 3 / 4) * 4}`,
        to: n.id,
        status: 'confirmed' as const,
      }));
    const p = prepareChain({ nodes, edges });
    const b = drawnBounds(p);
    for (let i = 0; i < nodes.length; i++) {
      expect(p.layout.x[i]!).toBeGreaterThan(b.minX);
      expect(p.layout.x[i]!).toBeLessThan(b.maxX);
    }
    const v = fitView(p, 800, 600);
    const sx = (x: number) => x * v.scale + v.tx;
    const sy = (y: number) => y * v.scale + v.ty;
    // The drawn box spans at least 90 % of one side (unless the 3× zoom cap holds it back), centred.
    const w = sx(b.maxX) - sx(b.minX);
    const h = sy(b.maxY) - sy(b.minY);
    expect(v.scale >= 2.85 || w >= 0.9 * 800 || h >= 0.9 * 600).toBe(true);
    expect((sx(b.minX) + sx(b.maxX)) / 2).toBeCloseTo(400, 0);
    expect((sy(b.minY) + sy(b.maxY)) / 2).toBeCloseTo(300, 0);
  });
});
