import { describe, expect, it } from 'vitest';
import { gammaP, gammaQ, gammaQuantile, logGamma, normalCdf, normalQuantile } from './special.ts';

describe('special functions against tabulated values (R: qnorm, qchisq, pgamma, lgamma)', () => {
  it('log-gamma and the incomplete gamma function', () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 12);
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 14);
    expect(gammaQ(1, 30) / Math.exp(-30)).toBeCloseTo(1, 12); // no cancellation in the far tail
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 15);
  });

  it('the normal quantile', () => {
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167814, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 10);
  });

  it('the gamma quantile, small to very large shapes', () => {
    expect(gammaQuantile(0.95, 5, 2)).toBeCloseTo(18.307038053275146, 10); // qchisq(0.95, 10)
    expect(gammaQuantile(0.05, 0.5, 2)).toBeCloseTo(0.00393214000001952, 12); // qchisq(0.05, 1)
    expect(gammaQuantile(0.5, 1, 1)).toBeCloseTo(Math.LN2, 13);
    for (const shape of [0.01, 0.3, 1, 7, 150, 4000, 500_000]) {
      for (const p of [0.025, 0.5, 0.975]) {
        expect(gammaP(shape, gammaQuantile(p, shape, 1)), `shape ${shape}, p ${p}`).toBeCloseTo(p, 9);
      }
    }
  });
});
