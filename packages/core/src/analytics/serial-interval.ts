/**
 * Serial-interval distributions in EpiEstim's convention: `pmf[k]` = P(serial interval = k days),
 * index 0 = day 0, which must carry no mass (a case cannot infect on its own onset day).
 */
import { refuse } from './errors.ts';
import { gammaCdf } from './special.ts';

/** A serial interval given by its mean and sd (discretised gamma) or as a distribution. */
export type SerialInterval =
  { kind: 'parametric'; mean: number; sd: number } | { kind: 'distribution'; pmf: readonly number[] };

/**
 * EpiEstim's `discr_si(k, mu, sigma)` (Cori et al. 2013, Web Appendix 11): the probability of a
 * serial interval of k days when the interval minus one day is gamma-distributed with mean μ − 1
 * and sd σ, discretised by linear interpolation of the continuous distribution. Needs μ > 1.
 */
export function discretisedGammaSi(k: number, mean: number, sd: number): number {
  const a = ((mean - 1) / sd) ** 2;
  const b = sd ** 2 / (mean - 1);
  const cdf = (x: number, shape: number): number => (x <= 0 ? 0 : gammaCdf(x, shape, b));
  const value =
    k * cdf(k, a) +
    (k - 2) * cdf(k - 2, a) -
    2 * (k - 1) * cdf(k - 1, a) +
    a * b * (2 * cdf(k - 1, a + 1) - cdf(k - 2, a + 1) - cdf(k, a + 1));
  return Math.max(0, value);
}

/** Discretised gammas already computed, by "mean|sd" (every unit of a run shares one). */
const pmfCache = new Map<string, number[]>();
const PMF_CACHE_LIMIT = 64;

/** Forget the memoised discretised gammas. */
export function clearSerialIntervalCache(): void {
  pmfCache.clear();
}

/**
 * The discretised gamma for days 0 … length − 1, as EpiEstim builds it for `parametric_si`. Past
 * the day where the gamma CDF reaches 1 in floating point every further term is 0, so the values
 * are computed up to there once per (mean, sd) and reused.
 */
export function discretisedGammaPmf(mean: number, sd: number, length: number): number[] {
  if (!(Number.isFinite(mean) && mean > 1) || !(Number.isFinite(sd) && sd > 0)) {
    refuse('serialInterval', 'serialIntervalParameters', { mean, sd });
  }
  const key = `${mean}|${sd}`;
  let known = pmfCache.get(key);
  if (known === undefined) {
    if (pmfCache.size >= PMF_CACHE_LIMIT) pmfCache.clear();
    known = [];
    pmfCache.set(key, known);
  }
  const b = sd ** 2 / (mean - 1);
  const a = ((mean - 1) / sd) ** 2;
  while (known.length < length) {
    const k = known.length;
    // Once P(a + 1, (k − 2)/b) = 1 every CDF in the formula is 1 and the term is exactly 0.
    if (k > 2 && gammaCdf(k - 2, a + 1, b) === 1 && gammaCdf(k - 2, a, b) === 1) {
      known.push(0);
      continue;
    }
    known.push(discretisedGammaSi(k, mean, sd));
  }
  return known.slice(0, length);
}

/** Mean and sd of a distribution over days 0, 1, 2, … (EpiEstim's `SI.Moments`). */
export function pmfMoments(pmf: readonly number[]): { mean: number; sd: number } {
  let mean = 0;
  let second = 0;
  pmf.forEach((p, k) => {
    mean += p * k;
    second += p * k * k;
  });
  return { mean, sd: Math.sqrt(Math.max(0, second - mean * mean)) };
}

/**
 * Check a non-parametric serial interval as EpiEstim does: no negative mass, none on day 0, and a
 * total of 1 within 0.01.
 */
export function checkSiDistribution(pmf: readonly number[]): void {
  const total = pmf.reduce((s, p) => s + p, 0);
  if (
    pmf.length < 2 ||
    pmf.some((p) => !Number.isFinite(p) || p < 0) ||
    pmf[0] !== 0 ||
    Math.abs(total - 1) > 0.01
  ) {
    refuse('serialInterval', 'serialInterval');
  }
}

/**
 * The serial-interval vector used for a series of `days` days, zero-padded to days + 1 entries as in
 * EpiEstim (a parametric one is `discr_si(0:(days − 1))`).
 */
export function serialIntervalPmf(si: SerialInterval, days: number): number[] {
  let pmf: number[];
  if (si.kind === 'parametric') {
    pmf = discretisedGammaPmf(si.mean, si.sd, days);
  } else {
    checkSiDistribution(si.pmf);
    pmf = [...si.pmf];
  }
  while (pmf.length < days + 1) pmf.push(0);
  return pmf;
}
