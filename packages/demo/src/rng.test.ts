import { describe, expect, it } from 'vitest';
import { WeightedTable, createRng, deriveSeed } from './rng.ts';

describe('createRng', () => {
  it('repeats the same sequence for the same seed, and another for another seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('keeps int() within bounds and reaches both ends', () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(rng.int(3, 7));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('draws weighted picks and normals with the right moments', () => {
    const rng = createRng(2);
    let heads = 0;
    let sum = 0;
    let sumSq = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      if (rng.weighted(['a', 'b'], [3, 1]) === 'a') heads++;
      const z = rng.normal(10, 2);
      sum += z;
      sumSq += z * z;
    }
    expect(heads / n).toBeCloseTo(0.75, 1);
    const mean = sum / n;
    expect(mean).toBeCloseTo(10, 1);
    expect(Math.sqrt(sumSq / n - mean * mean)).toBeCloseTo(2, 1);
  });

  it('derives distinct seeds for distinct labels', () => {
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(1, 'b'));
    expect(deriveSeed(1, 'a')).toBe(deriveSeed(1, 'a'));
  });
});

describe('WeightedTable', () => {
  it('never draws a zero-weight item and follows the weights', () => {
    const table = new WeightedTable(['x', 'never', 'y'], [1, 0, 4]);
    const rng = createRng(3);
    const counts: Record<string, number> = { x: 0, never: 0, y: 0 };
    for (let i = 0; i < 20_000; i++) counts[table.sample(rng)]!++;
    expect(counts.never).toBe(0);
    expect(counts.y! / 20_000).toBeCloseTo(0.8, 1);
  });
});
