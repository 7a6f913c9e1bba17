/**
 * EARS C1, C2 and C3 aberration detection (Hutwagner et al. 2003; Fricker et al. 2008) with the
 * semantics of the R `surveillance` package's `earsC` (v1.26.0, R/earsC.R):
 *
 * - C1: baseline y(t−7 … t−1); C2: y(t−9 … t−3) (two-period guard band); sample sd (n − 1);
 *   upper bound = mean + z · max(sd, minSigma); alarm when y(t) > upper bound.
 * - C3: C2(i) = (y(i) − mean₂(i)) / max(sd₂(i), minSigma); the package's upper bound is
 *   y(t) + max(sd₂(t), minSigma) · (z − [max(0, C2(t−2) − 1) + max(0, C2(t−1) − 1)]), floored at 0,
 *   and it alarms when y(t) exceeds it — i.e. when y(t) > 0 and the two previous periods' excesses
 *   exceed z, whatever C2(t) is. EpiLink
 *   follows that code (so its alarms match the package); the `statistic` it reports for C3 is the
 *   CDC's sum over t−2 … t, which the package's documentation describes.
 * - z = Φ⁻¹(1 − α), α = 0.001 for C1 and C2 and 0.025 for C3 by default (the CDC's choices).
 * - Where R gives NA (a zero sd with minSigma 0 inside C3's ratios) the upper bound and the
 *   alarm are `null`: undetermined, not "no alarm".
 */
import { isCount, refuse } from './errors.ts';
import { normalQuantile } from './special.ts';

/** The three EARS methods. */
export type EarsMethod = 'C1' | 'C2' | 'C3';

/** Options of {@link earsC}. */
export interface EarsOptions {
  method: EarsMethod;
  /** Baseline length (7; at least 3). */
  baseline?: number;
  /** Floor of the baseline sd (0). */
  minSigma?: number;
  /** Type-I error per period (0.001 for C1/C2, 0.025 for C3). */
  alpha?: number;
  /** First 0-based index to monitor (default: the first the method can monitor). */
  from?: number;
}

/** One monitored period. */
export interface EarsPoint {
  /** 0-based index into the series. */
  index: number;
  observed: number;
  /** The C1/C2 z-score, or the CDC C3 sum; null where undefined. */
  statistic: number | null;
  upperbound: number | null;
  alarm: boolean | null;
}

/** Mean and sample sd (n − 1) of y[from … to] inclusive. */
function meanSd(y: readonly number[], from: number, to: number): { mean: number; sd: number } {
  const n = to - from + 1;
  let sum = 0;
  for (let i = from; i <= to; i++) sum += y[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = from; i <= to; i++) ss += (y[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

/** R's `pmax(0, x)`: NaN stays NaN. */
function positivePart(x: number): number {
  return Number.isNaN(x) ? Number.NaN : Math.max(0, x);
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Run EARS C1, C2 or C3 over a count series (daily or weekly). */
export function earsC(series: readonly number[], options: EarsOptions): EarsPoint[] {
  const baseline = options.baseline ?? 7;
  const minSigma = options.minSigma ?? 0;
  const alpha = options.alpha ?? (options.method === 'C3' ? 0.025 : 0.001);
  if (!Number.isInteger(baseline) || baseline < 3) refuse('baseline', 'parameter', { name: 'baseline' });
  if (!(minSigma >= 0) || !Number.isFinite(minSigma)) refuse('minSigma', 'parameter', { name: 'minSigma' });
  if (!(alpha > 0 && alpha < 1)) refuse('alpha', 'parameter', { name: 'alpha' });
  if (!series.every(isCount)) refuse('series', 'series');
  const maxLag = { C1: baseline, C2: baseline + 2, C3: baseline + 4 }[options.method];
  const from = options.from ?? maxLag;
  if (!Number.isInteger(from) || from < maxLag) refuse('from', 'series');
  const z = normalQuantile(1 - alpha);
  const out: EarsPoint[] = [];
  // C2's baseline for period i: y(i − baseline − 2 … i − 3).
  const c2 = (i: number): { value: number; sigma: number } => {
    const { mean, sd } = meanSd(series, i - baseline - 2, i - 3);
    const sigma = Math.max(sd, minSigma);
    return { value: (series[i]! - mean) / sigma, sigma };
  };
  for (let t = from; t < series.length; t++) {
    const observed = series[t]!;
    if (options.method === 'C3') {
      const now = c2(t);
      const lag1 = positivePart(c2(t - 1).value - 1);
      const lag2 = positivePart(c2(t - 2).value - 1);
      const raw = observed + now.sigma * (z - (lag2 + lag1));
      const upperbound = Number.isNaN(raw) ? Number.NaN : Math.max(0, raw);
      const statistic = lag2 + lag1 + positivePart(now.value - 1);
      out.push({
        index: t,
        observed,
        statistic: finiteOrNull(statistic),
        upperbound: finiteOrNull(upperbound),
        alarm: Number.isNaN(upperbound) ? null : observed > upperbound,
      });
      continue;
    }
    const lag = options.method === 'C1' ? 0 : 2;
    const { mean, sd } = meanSd(series, t - baseline - lag, t - 1 - lag);
    const sigma = Math.max(sd, minSigma);
    const upperbound = mean + z * sigma;
    out.push({
      index: t,
      observed,
      statistic: finiteOrNull((observed - mean) / sigma),
      upperbound,
      alarm: observed > upperbound,
    });
  }
  return out;
}
