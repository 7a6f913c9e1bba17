/**
 * Forecasts by the renewal equation as a branching process (the model of the R `projections`
 * package with `instantaneous_R = TRUE`, the Cori renewal equation):
 *
 *   Λ_t = Σ_{s≥1} w_s I_{t−s}   (observed days, then the simulated ones as they are drawn)
 *   I_t ~ Poisson(R · Λ_t)  or  NegBin(mean R · Λ_t, size k · Λ_t)
 *
 * (negative binomial offspring with dispersion k: each infector's offspring is NegBin(R, k), and a
 * sum of those is NegBin with size k · Σ infectors, weighted by the serial interval as in
 * `projections`). Each simulation draws one R from its gamma posterior (Rt's last window) and keeps
 * it over the horizon; the RNG is seeded so a forecast is reproducible.
 */
import { isCount, refuse } from './errors.ts';
import { createRng, gammaDraw, negativeBinomialDraw, poissonDraw } from './random.ts';

/** Offspring distribution. */
export type Offspring = { kind: 'poisson' } | { kind: 'negativeBinomial'; dispersion: number };

/** The forecast's R: a gamma posterior (one draw per simulation) or fixed values per projected day. */
export type ForecastR =
  { kind: 'posterior'; shape: number; scale: number } | { kind: 'fixed'; values: readonly number[] };

/** Options of {@link forecastRenewal}. */
export interface ForecastOptions {
  /** Observed daily incidence (all cases, local and imported), oldest first. */
  incidence: readonly number[];
  /** Serial interval from day 0 (EpiEstim convention; day 0 carries no mass). */
  serialInterval: readonly number[];
  r: ForecastR;
  /** Days ahead (14). */
  horizon?: number;
  /** Number of simulations (1,000). */
  simulations?: number;
  offspring?: Offspring;
  seed: number;
}

/** One forecast day. */
export interface ForecastDay {
  /** 1 = the day after the last observed one. */
  horizon: number;
  mean: number;
  median: number;
  /** 50 % interval (quantiles 0.25 and 0.75). */
  lower50: number;
  upper50: number;
  /** 90 % interval (quantiles 0.05 and 0.95). */
  lower90: number;
  upper90: number;
}

/** What {@link forecastRenewal} returns: per-day summaries and the simulated paths. */
export interface Forecast {
  days: ForecastDay[];
  /** simulations × horizon draws, row-major (simulation s, day h at s · horizon + h − 1). */
  paths: Int32Array;
  simulations: number;
}

/** The p-quantile of sorted values, linear between order statistics (R's default, type 7). */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function lastNonZero(pmf: readonly number[]): number {
  let last = pmf.length - 1;
  while (last > 0 && !(pmf[last]! > 0)) last--;
  return last;
}

/**
 * The deterministic renewal projection m_t = R_t · Σ_s w_s m_{t−s}, with m = observed incidence
 * on observed days: the mean path of the branching process for fixed R.
 */
export function renewalProjection(
  incidence: readonly number[],
  serialInterval: readonly number[],
  rByDay: readonly number[],
): number[] {
  const series = [...incidence];
  const last = lastNonZero(serialInterval);
  for (const r of rByDay) {
    const t = series.length;
    let force = 0;
    for (let s = 1; s <= Math.min(last, t); s++) force += serialInterval[s]! * series[t - s]!;
    series.push(r * force);
  }
  return series.slice(incidence.length);
}

function check(options: ForecastOptions, horizon: number, simulations: number): void {
  if (options.incidence.length === 0 || !options.incidence.every(isCount)) refuse('incidence', 'incidence');
  const si = options.serialInterval;
  if (si.length < 2 || si[0] !== 0 || !si.every(isCount) || !(si.reduce((a, b) => a + b, 0) > 0)) {
    refuse('serialInterval', 'serialInterval');
  }
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 365)
    refuse('horizon', 'parameter', { name: 'horizon' });
  if (!Number.isInteger(simulations) || simulations < 1 || simulations > 100_000) {
    refuse('simulations', 'parameter', { name: 'simulations' });
  }
  const r = options.r;
  if (r.kind === 'posterior' && !(r.shape > 0 && r.scale > 0 && Number.isFinite(r.shape * r.scale))) {
    refuse('r', 'parameter', { name: 'r' });
  }
  if (r.kind === 'fixed' && (r.values.length < horizon || !r.values.every(isCount))) {
    refuse('r', 'parameter', { name: 'r' });
  }
  const offspring = options.offspring;
  if (
    offspring?.kind === 'negativeBinomial' &&
    !(offspring.dispersion > 0 && Number.isFinite(offspring.dispersion))
  ) {
    refuse('dispersion', 'parameter', { name: 'dispersion' });
  }
}

/** Simulate `simulations` paths `horizon` days ahead and summarise them per day. */
export function forecastRenewal(options: ForecastOptions): Forecast {
  const horizon = options.horizon ?? 14;
  const simulations = options.simulations ?? 1000;
  check(options, horizon, simulations);
  const offspring = options.offspring ?? { kind: 'poisson' };
  // The serial interval, normalised and truncated after its last positive day.
  const last = lastNonZero(options.serialInterval);
  const total = options.serialInterval.slice(1, last + 1).reduce((a, b) => a + b, 0);
  const w = new Float64Array(last + 1);
  for (let s = 1; s <= last; s++) w[s] = options.serialInterval[s]! / total;
  // Only the last `last` observed days can still infect.
  const history = options.incidence.slice(Math.max(0, options.incidence.length - last));
  const h0 = history.length;
  const buffer = new Float64Array(h0 + horizon);
  const paths = new Int32Array(simulations * horizon);
  const rng = createRng(options.seed);
  for (let sim = 0; sim < simulations; sim++) {
    buffer.set(history);
    const drawnR = options.r.kind === 'posterior' ? gammaDraw(rng, options.r.shape, options.r.scale) : 0;
    for (let d = 0; d < horizon; d++) {
      const t = h0 + d;
      let force = 0;
      const maxS = Math.min(last, t);
      for (let s = 1; s <= maxS; s++) force += w[s]! * buffer[t - s]!;
      const r = options.r.kind === 'posterior' ? drawnR : options.r.values[d]!;
      const mean = r * force;
      const cases =
        offspring.kind === 'poisson'
          ? poissonDraw(rng, mean)
          : negativeBinomialDraw(rng, mean, offspring.dispersion * force);
      buffer[t] = cases;
      paths[sim * horizon + d] = cases;
    }
  }
  const days: ForecastDay[] = [];
  const column = new Float64Array(simulations);
  for (let d = 0; d < horizon; d++) {
    let sum = 0;
    for (let sim = 0; sim < simulations; sim++) {
      const v = paths[sim * horizon + d]!;
      column[sim] = v;
      sum += v;
    }
    column.sort();
    days.push({
      horizon: d + 1,
      mean: sum / simulations,
      median: sortedQuantile(column, 0.5),
      lower50: sortedQuantile(column, 0.25),
      upper50: sortedQuantile(column, 0.75),
      lower90: sortedQuantile(column, 0.05),
      upper90: sortedQuantile(column, 0.95),
    });
  }
  return { days, paths, simulations };
}
