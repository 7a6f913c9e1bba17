import { describe, expect, it } from 'vitest';
import { createRng, gammaDraw, negativeBinomialDraw, poissonDraw, type Rng } from './random.ts';

function moments(draw: (rng: Rng) => number, seed: number, n = 40_000): { mean: number; variance: number } {
  const rng = createRng(seed);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw(rng);
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

describe('seeded random draws', () => {
  it('repeat exactly for a seed and differ between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const first = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(first);
    expect(first.every((u) => u > 0 && u < 1)).toBe(true);
  });

  it('have the moments of their distributions (40,000 draws: means within 3 %, variances within 6 %)', () => {
    const cases: [string, (rng: Rng) => number, number, number][] = [
      ['Poisson(3), inversion', (r) => poissonDraw(r, 3), 3, 3],
      ['Poisson(250), PTRS', (r) => poissonDraw(r, 250), 250, 250],
      ['Gamma(0.5, 2)', (r) => gammaDraw(r, 0.5, 2), 1, 2],
      ['Gamma(40, 0.05)', (r) => gammaDraw(r, 40, 0.05), 2, 0.1],
      // NegBin(mean 20, size 2): variance = μ + μ²/k = 220.
      ['NegBin(20, k = 2)', (r) => negativeBinomialDraw(r, 20, 2), 20, 220],
    ];
    cases.forEach(([name, draw, mean, variance], i) => {
      const m = moments(draw, 1000 + i);
      expect(Math.abs(m.mean - mean) / mean, `${name} mean`).toBeLessThan(0.03);
      expect(Math.abs(m.variance - variance) / variance, `${name} variance`).toBeLessThan(0.06);
    });
  });
});
