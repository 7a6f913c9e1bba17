/**
 * Hospital and ICU demand over a forecast's horizon (issue #14 item 3), from the forecast's
 * simulated cases, the severity mix of the unit's recent cases and the length-of-stay rule in force
 * (policy `analytics.hospitalDemand`). Per simulation: the shares needing a hospital and an ICU bed
 * are drawn from their Beta posteriors (uniform prior, the recent cases with a recorded severity as
 * the data), each day's cases — observed before the horizon, simulated on it — are admitted
 * `admissionDelayDays` later (binomial draws), and each admission occupies a bed for a
 * discretised-gamma stay (the expected occupancy given the admissions). The median and the 50/90 %
 * intervals per day are taken over the simulations. Beds occupied before by cases older than the
 * observed series are not counted: the series must be longer than the delay plus the longest stay.
 * Pure: no I/O.
 */
import { sortedQuantile } from './forecast.ts';
import { createRng, gammaDraw, normalDraw } from './random.ts';
import type { Rng } from './random.ts';
import { discretisedGammaPmf } from './serial-interval.ts';

/** Recent cases with a recorded severity, and how many of them needed a hospital and an ICU bed. */
export interface SeverityMix {
  recorded: number;
  hospital: number;
  icu: number;
}

/** A length of stay in days (gamma, discretised as EpiEstim does: mean above 1). */
export interface StayDays {
  meanDays: number;
  sdDays: number;
}

/** Input of {@link bedDemand}. */
export interface BedDemandOptions {
  /** Observed daily cases before the horizon, oldest first, the last on the day before day 1. */
  past: readonly number[];
  /** Simulated daily cases: simulations × horizon, row-major (as `forecastRenewal`'s paths). */
  paths: ArrayLike<number>;
  simulations: number;
  horizon: number;
  mix: SeverityMix;
  admissionDelayDays: number;
  hospitalStay: StayDays;
  icuStay: StayDays;
  seed: number;
}

/** Median and 50/90 % intervals of beds occupied on one day. */
export interface BedBand {
  median: number;
  lower50: number;
  upper50: number;
  lower90: number;
  upper90: number;
}

/** One day of the horizon (1 = the day after the last observed one). */
export interface BedDemandDay {
  horizon: number;
  hospital: BedBand;
  icu: BedBand;
}

/** What {@link bedDemand} returns. */
export interface BedDemand {
  days: BedDemandDay[];
  /** Posterior mean shares of cases needing a hospital bed and an ICU bed. */
  hospitalShare: number;
  icuShare: number;
}

/** A Beta(a, b) draw from two gamma draws. */
function betaDraw(rng: Rng, a: number, b: number): number {
  const x = gammaDraw(rng, a, 1);
  const y = gammaDraw(rng, b, 1);
  return x + y > 0 ? x / (x + y) : 0;
}

/** A Binomial(n, p) draw: Bernoulli trials up to 200, else the normal approximation, clamped. */
export function binomialDraw(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n <= 200) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.uniform() < p) k++;
    return k;
  }
  const k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normalDraw(rng));
  return Math.min(n, Math.max(0, k));
}

/** P(stay > s) for s = 0, 1, … until it reaches 0 (or 180 days). */
function survival(stay: StayDays): number[] {
  const length = Math.min(180, Math.ceil(stay.meanDays + 8 * stay.sdDays) + 2);
  const pmf = discretisedGammaPmf(stay.meanDays, stay.sdDays, length);
  const out: number[] = [];
  let left = 1;
  for (let s = 0; s < pmf.length; s++) {
    left -= pmf[s]!;
    out.push(Math.max(0, left));
  }
  return out;
}

function band(values: Float64Array): BedBand {
  const sorted = Float64Array.from(values).sort();
  const q = (p: number) => Math.round(sortedQuantile(sorted, p) * 10) / 10;
  return { median: q(0.5), lower50: q(0.25), upper50: q(0.75), lower90: q(0.05), upper90: q(0.95) };
}

/** Hospital and ICU beds occupied on each day of the horizon (see the module comment). */
export function bedDemand(o: BedDemandOptions): BedDemand {
  const { mix, horizon, simulations } = o;
  const rng = createRng(o.seed);
  const hospitalStay = survival(o.hospitalStay);
  const icuStay = survival(o.icuStay);
  const p = o.past.length;
  const total = p + horizon;
  const hospitalBeds = Array.from({ length: horizon }, () => new Float64Array(simulations));
  const icuBeds = Array.from({ length: horizon }, () => new Float64Array(simulations));
  const admittedH = new Float64Array(total);
  const admittedI = new Float64Array(total);
  const icu = Math.min(mix.icu, mix.hospital);
  for (let s = 0; s < simulations; s++) {
    const pH = betaDraw(rng, mix.hospital + 1, mix.recorded - mix.hospital + 1);
    const pIgivenH = betaDraw(rng, icu + 1, mix.hospital - icu + 1);
    admittedH.fill(0);
    admittedI.fill(0);
    for (let t = 0; t < total; t++) {
      const day = t + o.admissionDelayDays;
      if (day >= total) break;
      const cases = t < p ? o.past[t]! : o.paths[s * horizon + (t - p)]!;
      const h = binomialDraw(rng, cases, pH);
      admittedH[day]! += h;
      admittedI[day]! += binomialDraw(rng, h, pIgivenH);
    }
    for (let d = 0; d < horizon; d++) {
      const t = p + d;
      let beds = 0;
      for (let k = 0; k < hospitalStay.length && k <= t; k++) beds += admittedH[t - k]! * hospitalStay[k]!;
      let icuOccupied = 0;
      for (let k = 0; k < icuStay.length && k <= t; k++) icuOccupied += admittedI[t - k]! * icuStay[k]!;
      hospitalBeds[d]![s] = beds;
      icuBeds[d]![s] = icuOccupied;
    }
  }
  return {
    days: hospitalBeds.map((h, d) => ({ horizon: d + 1, hospital: band(h), icu: band(icuBeds[d]!) })),
    hospitalShare: (mix.hospital + 1) / (mix.recorded + 2),
    icuShare: ((mix.hospital + 1) / (mix.recorded + 2)) * ((icu + 1) / (mix.hospital + 2)),
  };
}
