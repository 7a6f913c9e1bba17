/**
 * The time-varying reproduction number by Cori et al. (2013), with the semantics of EpiEstim's
 * `estimate_R` (methods `parametric_si` and `non_parametric_si`):
 *
 * - incidence is daily, local and imported; every case of day 1 counts as imported;
 * - total infectiousness Λ_t = Σ_{s=0}^{t−1} w_s (local + imported)_{t−s}, undefined on day 1;
 * - for a window [t_start, t_end] (1-based, inclusive, t_start ≥ 2) the posterior of R is
 *   Gamma(shape = a + Σ local_t, scale = 1 / (1/b + Σ Λ_t)), prior Gamma(a, b) with mean 5, sd 5
 *   by default (a = (mean/sd)², b = sd²/mean);
 * - a window ending on or before the serial interval's mean has no estimate (EpiEstim: NA).
 *
 * Default windows are weekly and sliding: t_start = 2 … T − 6, t_end = 8 … T.
 */
import { isCount, refuse } from './errors.ts';
import {
  clearSerialIntervalCache,
  pmfMoments,
  serialIntervalPmf,
  type SerialInterval,
} from './serial-interval.ts';
import { gammaQuantile } from './special.ts';

/** The posterior quantiles reported per window, as EpiEstim's `Quantile.*(R)` columns. */
export const RT_QUANTILE_LEVELS = [0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975] as const;

/** Daily incidence: local cases and (optionally) imported ones, the same length. */
export interface DailyIncidence {
  local: readonly number[];
  imported?: readonly number[];
}

/** Options of {@link estimateRt}; windows are 1-based day indices, inclusive. */
export interface RtOptions {
  serialInterval: SerialInterval;
  /** Window length in days for the default sliding windows (7). */
  windowDays?: number;
  /** Explicit windows (both or neither), as EpiEstim's `t_start`, `t_end`. */
  tStart?: readonly number[];
  tEnd?: readonly number[];
  /** Prior mean and sd of R (5 and 5). */
  priorMean?: number;
  priorSd?: number;
}

/** The gamma posterior of R over one window, or `null` where EpiEstim reports NA. */
export interface RtPosterior {
  shape: number;
  scale: number;
  mean: number;
  sd: number;
  /** One value per {@link RT_QUANTILE_LEVELS} entry. */
  quantiles: number[];
}

/** One window's estimate. */
export interface RtWindow {
  tStart: number;
  tEnd: number;
  posterior: RtPosterior | null;
}

/** What {@link estimateRt} returns. */
export interface RtEstimate {
  windows: RtWindow[];
  /** The serial interval used, from day 0, zero-padded to T + 1 entries. */
  serialInterval: number[];
  serialIntervalMean: number;
  serialIntervalSd: number;
  /** Incidence as processed (day 1 all imported). */
  local: number[];
  imported: number[];
  /** Total infectiousness per day (NaN on day 1). */
  lambda: number[];
}

/** Local and imported incidence as EpiEstim processes it: every case of day 1 is imported. */
export function processIncidence(incidence: DailyIncidence): { local: number[]; imported: number[] } {
  const local = [...incidence.local];
  const imported = incidence.imported ? [...incidence.imported] : local.map(() => 0);
  if (local.length < 2 || imported.length !== local.length) refuse('incidence', 'incidence');
  if (!local.every(isCount) || !imported.every(isCount)) refuse('incidence', 'incidence');
  imported[0] = imported[0]! + local[0]!;
  local[0] = 0;
  return { local, imported };
}

/**
 * Total infectiousness Λ_t (EpiEstim's `overall_infectivity`) for days 1 … T; day 1 is NaN.
 * Serial-interval entries below 1e-300 past the last meaningful one are skipped (they change Λ by
 * less than the floating-point rounding).
 */
export function totalInfectiousness(total: readonly number[], pmf: readonly number[]): number[] {
  let last = pmf.length - 1;
  while (last > 0 && !(pmf[last]! > 1e-300)) last--;
  const lambda = new Array<number>(total.length);
  lambda[0] = Number.NaN;
  for (let t = 1; t < total.length; t++) {
    let sum = 0;
    const maxS = Math.min(t, last);
    for (let s = 1; s <= maxS; s++) sum += pmf[s]! * total[t - s]!;
    lambda[t] = sum + pmf[0]! * total[t]!;
  }
  return lambda;
}

function windowsOf(options: RtOptions, days: number): { tStart: number[]; tEnd: number[] } {
  if ((options.tStart === undefined) !== (options.tEnd === undefined)) refuse('windows', 'windows');
  if (options.tStart && options.tEnd) {
    const tStart = [...options.tStart];
    const tEnd = [...options.tEnd];
    const valid =
      tStart.length === tEnd.length &&
      tStart.every(
        (s, i) =>
          Number.isInteger(s) && Number.isInteger(tEnd[i]) && s >= 2 && s <= tEnd[i]! && tEnd[i]! <= days,
      );
    if (!valid) refuse('windows', 'windows', { days });
    return { tStart, tEnd };
  }
  const width = options.windowDays ?? 7;
  if (!Number.isInteger(width) || width < 1 || width > days - 1) refuse('windowDays', 'windows', { days });
  const tStart: number[] = [];
  const tEnd: number[] = [];
  for (let s = 2; s + width - 1 <= days; s++) {
    tStart.push(s);
    tEnd.push(s + width - 1);
  }
  return { tStart, tEnd };
}

/**
 * Quantiles of Gamma(shape, 1) by shape. With the default prior the shape is 1 + a whole number
 * of cases, so windows of every unit share a few thousand shapes; the cache is cleared when full.
 */
const unitQuantiles = new Map<number, readonly number[]>();
const QUANTILE_CACHE_LIMIT = 50_000;

function standardQuantiles(shape: number): readonly number[] {
  let known = unitQuantiles.get(shape);
  if (known === undefined) {
    if (unitQuantiles.size >= QUANTILE_CACHE_LIMIT) unitQuantiles.clear();
    known = RT_QUANTILE_LEVELS.map((p) => gammaQuantile(p, shape, 1));
    unitQuantiles.set(shape, known);
  }
  return known;
}

/** Forget the memoised serial intervals and posterior quantiles (for benchmarks measuring cold runs). */
export function clearAnalyticsCaches(): void {
  unitQuantiles.clear();
  clearSerialIntervalCache();
}

/** The gamma posterior's summary (mean, sd, quantiles) for a shape and a scale. */
export function gammaPosterior(shape: number, scale: number): RtPosterior {
  return {
    shape,
    scale,
    mean: shape * scale,
    sd: Math.sqrt(shape) * scale,
    quantiles: standardQuantiles(shape).map((q) => q * scale),
  };
}

/** Estimate Rt over sliding (or given) windows; see the module comment for the semantics. */
export function estimateRt(incidence: DailyIncidence, options: RtOptions): RtEstimate {
  const { local, imported } = processIncidence(incidence);
  const days = local.length;
  const priorMean = options.priorMean ?? 5;
  const priorSd = options.priorSd ?? 5;
  if (!(priorMean > 0 && priorSd > 0 && Number.isFinite(priorMean) && Number.isFinite(priorSd))) {
    refuse('prior', 'prior');
  }
  const aPrior = (priorMean / priorSd) ** 2;
  const bPrior = priorSd ** 2 / priorMean;
  const pmf = serialIntervalPmf(options.serialInterval, days);
  const { mean: siMean, sd: siSd } = pmfMoments(pmf);
  const total = local.map((l, i) => l + imported[i]!);
  const lambda = totalInfectiousness(total, pmf);
  // Prefix sums (index i = sum over days 1 … i) make every window O(1).
  const cumLocal = new Float64Array(days + 1);
  const cumLambda = new Float64Array(days + 1);
  for (let t = 1; t <= days; t++) {
    cumLocal[t] = cumLocal[t - 1]! + local[t - 1]!;
    cumLambda[t] = cumLambda[t - 1]! + (t === 1 ? 0 : lambda[t - 1]!);
  }
  const { tStart, tEnd } = windowsOf(options, days);
  const windows = tStart.map((s, i): RtWindow => {
    const e = tEnd[i]!;
    if (!(siMean > 0) || !(e > siMean)) return { tStart: s, tEnd: e, posterior: null };
    const shape = aPrior + cumLocal[e]! - cumLocal[s - 1]!;
    const scale = 1 / (1 / bPrior + cumLambda[e]! - cumLambda[s - 1]!);
    return { tStart: s, tEnd: e, posterior: gammaPosterior(shape, scale) };
  });
  return {
    windows,
    serialInterval: pmf,
    serialIntervalMean: siMean,
    serialIntervalSd: siSd,
    local,
    imported,
    lambda,
  };
}
