import { describe, expect, it } from 'vitest';
import { bedDemand, binomialDraw } from './beds.ts';
import type { BedDemandOptions } from './beds.ts';
import { createRng } from './random.ts';
import { discretisedGammaPmf, pmfMoments } from './serial-interval.ts';

const HORIZON = 14;
const SIMS = 400;

/** A unit with a steady 10 cases a day, observed for 90 days and simulated flat for 14. */
function steady(over: Partial<BedDemandOptions> = {}): BedDemandOptions {
  return {
    past: new Array<number>(90).fill(10),
    paths: new Int32Array(SIMS * HORIZON).fill(10),
    simulations: SIMS,
    horizon: HORIZON,
    mix: { recorded: 1000, hospital: 200, icu: 50 },
    admissionDelayDays: 3,
    hospitalStay: { meanDays: 7, sdDays: 3 },
    icuStay: { meanDays: 10, sdDays: 4 },
    seed: 7,
    ...over,
  };
}

/**
 * Beds follow Little's law in a steady state: admissions a day × the mean stay. A fifth of 10 cases
 * a day admitted for a week (the discretised gamma's own mean) fill ~14 beds; a quarter of those in
 * intensive care for 10 days fill ~5. Fewer recorded severities give wider intervals, a unit whose
 * cases are long past needs no bed, and the same seed gives the same answer.
 */
describe('hospital and ICU demand from the forecast', () => {
  const stayMean = (mean: number, sd: number) => pmfMoments(discretisedGammaPmf(mean, sd, 80)).mean;

  it('a steady state fills admissions a day × the mean stay', () => {
    const demand = bedDemand(steady());
    const hospitalShare = 201 / 1002;
    const icuShare = hospitalShare * (51 / 202);
    expect(demand.hospitalShare).toBeCloseTo(hospitalShare, 6);
    expect(demand.icuShare).toBeCloseTo(icuShare, 6);
    for (const d of demand.days) {
      expect(d.hospital.median).toBeCloseTo(10 * hospitalShare * stayMean(7, 3), -0.5);
      expect(d.icu.median).toBeCloseTo(10 * icuShare * stayMean(10, 4), -0.5);
      for (const b of [d.hospital, d.icu]) {
        expect(b.lower90).toBeLessThanOrEqual(b.lower50);
        expect(b.lower50).toBeLessThanOrEqual(b.median);
        expect(b.median).toBeLessThanOrEqual(b.upper50);
        expect(b.upper50).toBeLessThanOrEqual(b.upper90);
      }
    }
    expect(demand.days.map((d) => d.horizon)).toEqual(Array.from({ length: HORIZON }, (_, i) => i + 1));
  });

  it('is wider when few cases have a recorded severity', () => {
    const width = (b: { lower90: number; upper90: number }) => b.upper90 - b.lower90;
    const many = bedDemand(steady({ mix: { recorded: 1000, hospital: 200, icu: 50 } })).days[6]!;
    const few = bedDemand(steady({ mix: { recorded: 10, hospital: 2, icu: 1 } })).days[6]!;
    expect(width(few.hospital)).toBeGreaterThan(2 * width(many.hospital));
  });

  it('needs (almost) no bed when no recent case needed one, or the cases are long past', () => {
    const none = bedDemand(steady({ mix: { recorded: 2000, hospital: 0, icu: 0 } }));
    expect(Math.max(...none.days.map((d) => d.hospital.median))).toBeLessThan(1);
    const past = [...new Array<number>(10).fill(50), ...new Array<number>(80).fill(0)];
    const over = bedDemand(steady({ past, paths: new Int32Array(SIMS * HORIZON) }));
    expect(over.days.every((d) => d.hospital.upper90 === 0 && d.icu.upper90 === 0)).toBe(true);
  });

  it('admits after the delay: a first wave of cases on day 1 fills beds only from day 1 + delay', () => {
    const paths = new Int32Array(SIMS * HORIZON);
    for (let s = 0; s < SIMS; s++) paths[s * HORIZON] = 100;
    const d = bedDemand(steady({ past: new Array<number>(30).fill(0), paths, admissionDelayDays: 3 })).days;
    expect(d.slice(0, 3).every((x) => x.hospital.upper90 === 0)).toBe(true);
    expect(d[3]!.hospital.median).toBeGreaterThan(10);
  });

  it('is reproducible from its seed', () => {
    expect(bedDemand(steady())).toEqual(bedDemand(steady()));
  });

  it('draws binomials with the right mean on both sides of the normal approximation', () => {
    const rng = createRng(3);
    for (const n of [50, 5000]) {
      let sum = 0;
      for (let i = 0; i < 2000; i++) sum += binomialDraw(rng, n, 0.2);
      expect(sum / 2000 / n).toBeCloseTo(0.2, 2);
    }
    expect(binomialDraw(rng, 0, 0.5)).toBe(0);
    expect(binomialDraw(rng, 12, 1)).toBe(12);
  });
});
