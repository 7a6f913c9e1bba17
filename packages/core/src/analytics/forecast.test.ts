import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/codes.ts';
import { forecastRenewal, renewalProjection, sortedQuantile } from './forecast.ts';
import { createRng, poissonDraw } from './random.ts';
import { estimateRt } from './rt.ts';
import { discretisedGammaPmf } from './serial-interval.ts';

/** A serial interval with mean ≈ 5 days (discretised gamma, sd 2.5), cut at 21 days. */
const SI = discretisedGammaPmf(5, 2.5, 22);

/** A Poisson renewal epidemic with a known R per day, seeded by `start` cases on day 1. */
function simulateTruth(seed: number, days: number, rOf: (day: number) => number, start: number): number[] {
  const rng = createRng(seed);
  const series = [start];
  for (let t = 1; t < days; t++) {
    let force = 0;
    for (let s = 1; s < SI.length && s <= t; s++) force += SI[s]! * series[t - s]!;
    series.push(poissonDraw(rng, rOf(t) * force));
  }
  return series;
}

describe('renewal forecasts as a branching process', () => {
  it('centres on the deterministic renewal projection when R is known precisely', () => {
    const history = Array.from({ length: 30 }, (_, i) => Math.round(400 * 1.03 ** i));
    // Posterior mean 1.2, sd 0.0012: R is essentially fixed.
    const forecast = forecastRenewal({
      incidence: history,
      serialInterval: SI,
      r: { kind: 'posterior', shape: 1e6, scale: 1.2e-6 },
      seed: 7,
    });
    const expected = renewalProjection(history, SI, new Array<number>(14).fill(1.2));
    expect(forecast.days).toHaveLength(14);
    forecast.days.forEach((day, i) => {
      expect(Math.abs(day.median - expected[i]!) / expected[i]!, `day ${i + 1}`).toBeLessThan(0.01);
      expect(day.lower90).toBeLessThanOrEqual(day.lower50);
      expect(day.lower50).toBeLessThanOrEqual(day.median);
      expect(day.median).toBeLessThanOrEqual(day.upper50);
      expect(day.upper50).toBeLessThanOrEqual(day.upper90);
    });
    // One day ahead the Poisson mean is R · Λ exactly; 1,000 draws put the sample mean within 3 sd.
    const first = expected[0]!;
    expect(Math.abs(forecast.days[0]!.mean - first)).toBeLessThan(3 * Math.sqrt(first / 1000) + 0.01 * first);
  });

  it('is reproducible from its seed and spreads wider with negative binomial offspring', () => {
    const history = [5, 8, 6, 9, 12, 10, 14, 15, 13, 18, 20, 19, 22, 25];
    const base = {
      incidence: history,
      serialInterval: SI,
      r: { kind: 'posterior', shape: 400, scale: 1.1 / 400 },
      seed: 11,
    } as const;
    expect(forecastRenewal(base).paths).toEqual(forecastRenewal(base).paths);
    const poisson = forecastRenewal(base).days[13]!;
    const negbin = forecastRenewal({ ...base, offspring: { kind: 'negativeBinomial', dispersion: 0.3 } })
      .days[13]!;
    expect(negbin.upper90 - negbin.lower90).toBeGreaterThan(1.5 * (poisson.upper90 - poisson.lower90));
  });

  it('covers what then happened about as often as it says (50 % and 90 % intervals)', () => {
    // 60 simulated epidemics (R = 1.3, then 0.9 from day 26), Rt estimated on the last week of 40
    // observed days, forecast 14 days; every day of every replicate is scored. (Seen: 58 % and 94 %;
    // the R uncertainty of a one-week window makes the intervals a little conservative.)
    let inside50 = 0;
    let inside90 = 0;
    let total = 0;
    for (let rep = 0; rep < 60; rep++) {
      const truth = simulateTruth(500 + rep, 54, (t) => (t < 25 ? 1.3 : 0.9), 20);
      const observed = truth.slice(0, 40);
      const rt = estimateRt({ local: observed }, { serialInterval: { kind: 'distribution', pmf: SI } });
      const posterior = rt.windows.at(-1)!.posterior!;
      const forecast = forecastRenewal({
        incidence: observed,
        serialInterval: SI,
        r: { kind: 'posterior', shape: posterior.shape, scale: posterior.scale },
        simulations: 500,
        seed: rep,
      });
      forecast.days.forEach((day, i) => {
        const y = truth[40 + i]!;
        if (y >= day.lower50 && y <= day.upper50) inside50++;
        if (y >= day.lower90 && y <= day.upper90) inside90++;
        total++;
      });
    }
    expect(inside90 / total).toBeGreaterThan(0.85);
    expect(inside90 / total).toBeLessThan(0.98);
    expect(inside50 / total).toBeGreaterThan(0.4);
    expect(inside50 / total).toBeLessThan(0.7);
  });

  it('round-trips with Rt: projected cases with R 1.4 then 1.1 give back those R (projections test)', () => {
    // tests/testthat/test-project.R, "Test instantaneous_R = TRUE": 10,000 cases on day 0,
    // serial interval 0.25 on days 1–4, R 1.4 for 25 days then 1.1, one simulation of 50 days,
    // then EpiEstim with daily windows and prior mean 1, sd 1: every Mean(R) within 0.05.
    const si = [0, 0.25, 0.25, 0.25, 0.25];
    const trueR = [...new Array<number>(25).fill(1.4), ...new Array<number>(25).fill(1.1)];
    const projected = forecastRenewal({
      incidence: [10_000],
      serialInterval: si,
      r: { kind: 'fixed', values: trueR },
      horizon: 50,
      simulations: 1,
      seed: 1,
    });
    const series = [10_000, ...projected.paths];
    const days = Array.from({ length: 50 }, (_, i) => i + 2);
    const rt = estimateRt(
      { local: series },
      {
        serialInterval: { kind: 'distribution', pmf: si },
        tStart: days,
        tEnd: days,
        priorMean: 1,
        priorSd: 1,
      },
    );
    rt.windows.slice(1).forEach((w, i) => {
      expect(Math.abs(w.posterior!.mean - trueR[i + 1]!), `day ${i + 3}`).toBeLessThan(0.05);
    });
  });

  it('takes quantiles as R does by default (type 7) and refuses impossible settings', () => {
    expect(sortedQuantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(sortedQuantile([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    const attempts = [
      () =>
        forecastRenewal({
          incidence: [1, 2],
          serialInterval: [0.5, 0.5],
          r: { kind: 'fixed', values: [1] },
          horizon: 1,
          seed: 1,
        }),
      () =>
        forecastRenewal({
          incidence: [1, -2],
          serialInterval: SI,
          r: { kind: 'fixed', values: [1] },
          horizon: 1,
          seed: 1,
        }),
      () =>
        forecastRenewal({
          incidence: [1, 2],
          serialInterval: SI,
          r: { kind: 'fixed', values: [1] },
          horizon: 2,
          seed: 1,
        }),
      () =>
        forecastRenewal({
          incidence: [1, 2],
          serialInterval: SI,
          r: { kind: 'posterior', shape: 0, scale: 1 },
          seed: 1,
        }),
      () =>
        forecastRenewal({
          incidence: [1, 2],
          serialInterval: SI,
          r: { kind: 'posterior', shape: 1, scale: 1 },
          offspring: { kind: 'negativeBinomial', dispersion: 0 },
          seed: 1,
        }),
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
