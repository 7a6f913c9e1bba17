import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/codes.ts';
import {
  DEFAULT_CONTACT_MATRIX,
  NO_LEVERS,
  calibrateBeta,
  nextGenerationMatrix,
  runSeirv,
  seedState,
  spectralRadius,
  type SeirvParameters,
  type SeirvSeed,
} from './seirv.ts';

const params: SeirvParameters = {
  r0: 2.5,
  latentDays: 3,
  infectiousDays: 5,
  ascertainment: 0.5,
  vaccineEffectiveness: 0.8,
  isolationEffect: 0.5,
  contactMatrix: DEFAULT_CONTACT_MATRIX,
};

const seed: SeirvSeed = {
  population: [5_000, 8_000, 7_000, 40_000, 15_000, 8_000],
  coverage: [0, 0.2, 0.4, 0.5, 0.6, 0.7],
  cumulativeCases: [10, 40, 30, 200, 60, 30],
  recentDailyCases: [4, 5, 6, 8, 9, 11, 12],
};

const total = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const peak = (r: ReturnType<typeof runSeirv>): number => Math.max(...r.days.map((d) => d.newInfections));

describe('SEIRV scenarios', () => {
  it('keeps every person in one compartment: the population is conserved each band', () => {
    const run = runSeirv(seed, params, { contactReduction: 0.2, vaccinationPerDay: 300, testing: 0.3 }, 180);
    const f = run.final;
    seed.population.forEach((N, i) => {
      expect(f.S[i]! + f.E[i]! + f.I[i]! + f.R[i]! + f.V[i]!).toBeCloseTo(N, 6);
      expect(f.S[i]).toBeGreaterThanOrEqual(-1e-9);
    });
    expect(run.days).toHaveLength(180);
    expect(run.days[0]!.cases).toBeCloseTo(run.days[0]!.newInfections * 0.5, 9);
  });

  it('recovers R0 from the next-generation matrix in a homogeneous population, and its final size', () => {
    // Everyone meets everyone equally: K has spectral radius β · Σ_j c · N_i/N_j · D = β · 6c · D when bands are equal.
    const c = 2;
    const homogeneous = Array.from({ length: 6 }, () => new Array<number>(6).fill(c));
    const population = new Array<number>(6).fill(10_000);
    expect(spectralRadius(nextGenerationMatrix(homogeneous, population, 5, 0.04))).toBeCloseTo(
      0.04 * 6 * c * 5,
      9,
    );
    const p = { ...params, r0: 2, contactMatrix: homogeneous, vaccineEffectiveness: 0 };
    expect(calibrateBeta(p, population)).toBeCloseTo(2 / (6 * c * 5), 12);
    // Final size of an SEIR epidemic: z = 1 − exp(−R0 z); for R0 = 2, z ≈ 0.7968.
    const s = {
      population,
      coverage: new Array<number>(6).fill(0),
      cumulativeCases: new Array<number>(6).fill(0),
      recentDailyCases: [1],
    };
    const run = runSeirv(s, { ...p, ascertainment: 1 }, NO_LEVERS, 365);
    const infected = total(run.final.R) + total(run.final.I) + total(run.final.E);
    expect(infected / 60_000).toBeCloseTo(0.7968, 2);
  });

  it('does not grow when everyone is immune', () => {
    const immune = { ...seed, coverage: new Array<number>(6).fill(1), cumulativeCases: [0, 0, 0, 0, 0, 0] };
    const run = runSeirv(immune, { ...params, vaccineEffectiveness: 1 }, NO_LEVERS, 60);
    expect(total(seedState(immune, { ...params, vaccineEffectiveness: 1 }).S)).toBeCloseTo(0, 9);
    expect(peak(run)).toBeLessThan(1e-9);
    const infectious = run.days.map((d) => d.infectious);
    infectious.slice(1).forEach((x, i) => {
      expect(x).toBeLessThanOrEqual(infectious[i]! + 1e-9);
    });
  });

  it('lowers the peak with contact reduction, testing and faster vaccination', () => {
    const baseline = peak(runSeirv(seed, params, NO_LEVERS, 180));
    expect(baseline).toBeGreaterThan(total(seed.recentDailyCases.slice(-1)) / params.ascertainment);
    expect(peak(runSeirv(seed, params, { ...NO_LEVERS, contactReduction: 0.3 }, 180))).toBeLessThan(baseline);
    expect(peak(runSeirv(seed, params, { ...NO_LEVERS, testing: 0.5 }, 180))).toBeLessThan(baseline);
    expect(peak(runSeirv(seed, params, { ...NO_LEVERS, vaccinationPerDay: 1_000 }, 180))).toBeLessThan(
      baseline,
    );
  });

  it('seeds infectious people from the last days of cases, and the earlier cases as recovered, divided by ascertainment', () => {
    const state = seedState(seed, params);
    expect(total(state.I)).toBeCloseTo((6 + 8 + 9 + 11 + 12) / 0.5, 9);
    expect(total(state.R)).toBeCloseTo((370 - (6 + 8 + 9 + 11 + 12)) / 0.5, 9);
  });

  it('refuses levers out of range with a translated VALIDATION_FAILED', () => {
    const bad = () => runSeirv(seed, params, { ...NO_LEVERS, contactReduction: 1.5 }, 90);
    expect(bad).toThrow(AppError);
    try {
      bad();
    } catch (e) {
      expect((e as AppError).code).toBe('VALIDATION_FAILED');
    }
    expect(() => runSeirv(seed, params, { ...NO_LEVERS, vaccinationPerDay: -1 }, 90)).toThrow(AppError);
    expect(() => runSeirv(seed, params, NO_LEVERS, 0)).toThrow(AppError);
  });
});
