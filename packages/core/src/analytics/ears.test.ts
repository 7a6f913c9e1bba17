import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/codes.ts';
import { earsC } from './ears.ts';
import { normalQuantile } from './special.ts';
import { readEpi } from './testdata/conformance.ts';

const salm = (readEpi('salmNewport-weekly-series.json') as { counts: number[] }).counts;

/** The 1-based weeks (as R numbers them) on which a method alarms. */
function alarmWeeks(series: readonly number[], method: 'C1' | 'C2' | 'C3'): number[] {
  return earsC(series, { method })
    .filter((p) => p.alarm === true)
    .map((p) => p.index + 1);
}

describe('EARS C1, C2, C3 with the surveillance package semantics', () => {
  it('C1 compares a week with the mean and sample sd of the 7 before it (hand-checked)', () => {
    const [point] = earsC([1, 2, 3, 4, 5, 6, 7, 20], { method: 'C1' });
    // Baseline 1…7: mean 4, sd √(28/6) = 2.16025; z = Φ⁻¹(0.999) = 3.09023.
    expect(point!.index).toBe(7);
    expect(point!.upperbound).toBeCloseTo(4 + 3.090232 * 2.160247, 5);
    expect(point!.statistic).toBeCloseTo(16 / 2.160247, 5);
    expect(point!.alarm).toBe(true);
  });

  it('C2 skips a two-week guard band, so a surge two weeks back does not raise its bar', () => {
    const points = earsC([1, 2, 3, 4, 5, 6, 7, 100, 100, 8], { method: 'C2' });
    expect(points.map((p) => p.index)).toEqual([9]);
    expect(points[0]!.upperbound).toBeCloseTo(4 + 3.090232 * 2.160247, 5);
    expect(points[0]!.alarm).toBe(false);
  });

  it('a flat zero baseline: the bar is the mean itself, one case alarms (as R: y > mean + z·0)', () => {
    const points = earsC([0, 0, 0, 0, 0, 0, 0, 0, 1], { method: 'C1' });
    expect(points.map((p) => p.alarm)).toEqual([false, true]);
    expect(earsC([0, 0, 0, 0, 0, 0, 0, 0, 1], { method: 'C1', minSigma: 1 })[1]!.alarm).toBe(false);
  });

  it('C3 on a flat zero baseline is undetermined (R gives NA: 0/0), not "no alarm"', () => {
    const points = earsC(new Array<number>(12).fill(0), { method: 'C3' });
    expect(points).toHaveLength(1);
    expect(points[0]!.alarm).toBeNull();
    expect(points[0]!.upperbound).toBeNull();
    // With minSigma the ratios are defined again.
    expect(earsC(new Array<number>(12).fill(0), { method: 'C3', minSigma: 0.5 })[0]!.alarm).toBe(false);
  });

  it('C3 alarms, as the package code does, exactly when the two previous weeks exceed z (and a case is seen)', () => {
    const z = normalQuantile(0.975);
    const c2 = earsC(salm, { method: 'C2', alpha: 0.025 });
    const c2At = new Map(c2.map((p) => [p.index, p.statistic!]));
    for (const point of earsC(salm, { method: 'C3' })) {
      const lags = [point.index - 2, point.index - 1].map((i) => Math.max(0, c2At.get(i)! - 1));
      // The bar is floored at 0, so a week without cases never alarms.
      expect(point.alarm).toBe(lags[0]! + lags[1]! > z && point.observed > 0);
      // The reported statistic is the CDC's three-week sum.
      expect(point.statistic).toBeCloseTo(lags[0]! + lags[1]! + Math.max(0, c2At.get(point.index)! - 1), 9);
    }
  });

  it('finds the salmNewport alarms derived independently from the definitions (weeks, 1-based)', () => {
    // Derived by a separate script (Python statistics.mean/stdev, NormalDist) following R/earsC.R.
    expect(alarmWeeks(salm, 'C1')).toEqual([
      10, 42, 62, 75, 79, 110, 128, 181, 205, 214, 239, 278, 296, 396, 409, 410, 441, 443, 486, 521,
    ]);
    expect(alarmWeeks(salm, 'C2')).toEqual([
      10, 62, 64, 75, 79, 111, 128, 181, 182, 205, 239, 240, 278, 318, 396, 409, 410, 411, 412, 441, 443, 486,
      507, 521,
    ]);
    expect(alarmWeeks(salm, 'C3')).toEqual([
      12, 63, 64, 65, 76, 77, 80, 81, 112, 113, 129, 130, 134, 182, 194, 206, 207, 240, 241, 242, 253, 254,
      279, 280, 298, 305, 319, 320, 321, 322, 342, 356, 358, 397, 410, 411, 412, 413, 414, 442, 443, 444, 445,
      508, 509,
    ]);
    // Monitoring starts where the package's default range starts: baseline + 1, + 3, + 5.
    expect(earsC(salm, { method: 'C1' })[0]!.index + 1).toBe(8);
    expect(earsC(salm, { method: 'C2' })[0]!.index + 1).toBe(10);
    expect(earsC(salm, { method: 'C3' })[0]!.index + 1).toBe(12);
  });

  it('refuses a baseline under 3, a negative count and a start before the baseline', () => {
    const attempts = [
      () => earsC(salm, { method: 'C1', baseline: 2 }),
      () => earsC([1, 2, -3, 4, 5, 6, 7, 8], { method: 'C1' }),
      () => earsC(salm, { method: 'C2', from: 5 }),
      () => earsC(salm, { method: 'C1', alpha: 0 }),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (e) {
        caught = e;
      }
      expect(isAppError(caught, 'VALIDATION_FAILED')).toBe(true);
    }
  });
});
