/**
 * Nowcasting the last days' onsets that are still to be reported, from the reporting delays
 * (onset → report) seen in the data.
 *
 * Delay distribution: the reverse-time ("chain-ladder") estimator with right-truncation correction
 * (Lawless 1994, Can J Stat 22:15–31; Kalbfleisch & Lawless 1991). With N(t, ≤d) the cases of
 * onset day t reported within d days and `today` the last report day seen, only onset days with
 * t + d + 1 ≤ today can tell how many of the reported-within-(d + 1) were reported within d:
 *
 *   g_d = Σ_{t ≤ today−d−1} N(t, ≤d) / Σ_{t ≤ today−d−1} N(t, ≤d+1),   F(D) = 1,   F(d) = g_d · F(d+1)
 *
 * F(d) = P(delay ≤ d), D the longest delay considered (longer delays count as D). Pooling every
 * onset day instead would over-weight short delays (recent onsets only show their short ones).
 *
 * Nowcast: for onset day t, with n_t cases reported by today and F_t = F(today − t), the expected
 * total is n_t / F_t. Its 90 % interval adds the not-yet-reported count, negative binomial
 * (size n_t + 1, probability F_t) — the posterior predictive of a Poisson total under a flat prior,
 * so a day with nothing reported yet still gets an upper bound. By default it ignores the
 * uncertainty of F itself, so it is too narrow when the delays are estimated from few cases; with
 * `uncertainty` the interval is simulated instead: each draw takes every ratio g_d from its Beta
 * posterior (Jeffreys prior: Beta(x + ½, n − x + ½) with x of n reported within d days), builds F,
 * then draws the not-yet-reported count as above; the 5 % and 95 % quantiles over the draws.
 */
import { refuse } from './errors.ts';
import { sortedQuantile } from './forecast.ts';
import { createRng, gammaDraw, negativeBinomialDraw } from './random.ts';
import type { Rng } from './random.ts';

/** One case: its onset day and its report day, as integer day numbers (e.g. days since 1970). */
export interface OnsetReport {
  onset: number;
  report: number;
}

/** Options of {@link nowcast}. */
export interface NowcastOptions {
  /** The last day whose reports are in (reports after it are ignored). */
  today: number;
  /** Longest delay considered, in days (30). */
  maxDelay?: number;
  /** Only onsets within this many days before today estimate the delays (all by default). */
  estimationDays?: number;
  /** Simulate the 90 % interval with the delay estimate's uncertainty (see the module comment). */
  uncertainty?: { draws: number; seed: number };
}

/** One onset day of the nowcast. */
export interface NowcastDay {
  day: number;
  /** Cases of this onset reported by today. */
  reported: number;
  /** P(reported by today | onset on this day). */
  reportedShare: number;
  /** Expected total; null when no case of this delay has ever been seen (F = 0). */
  expected: number | null;
  lower90: number | null;
  upper90: number | null;
}

/** What {@link nowcast} returns. */
export interface Nowcast {
  /** P(delay = d), d = 0 … maxDelay. */
  delayPmf: number[];
  /** P(delay ≤ d). */
  delayCdf: number[];
  /** Onset days today − maxDelay … today, oldest first. */
  days: NowcastDay[];
}

/** For each d < maxDelay: cases reported within d and within d + 1 days, over the onsets that can tell. */
function delayRatios(
  counts: readonly (readonly number[])[],
  today0: number,
  maxDelay: number,
): { within: number[]; withinNext: number[] } {
  const within = new Array<number>(maxDelay).fill(0);
  const withinNext = new Array<number>(maxDelay).fill(0);
  for (let d = maxDelay - 1; d >= 0; d--) {
    for (let t = 0; t <= today0 - d - 1; t++) {
      const row = counts[t]!;
      let c = 0;
      for (let k = 0; k <= d; k++) c += row[k]!;
      within[d]! += c;
      withinNext[d]! += c + row[d + 1]!;
    }
  }
  return { within, withinNext };
}

/** The CDF from the ratios g_d (F(maxDelay) = 1, F(d) = g_d · F(d + 1)). */
function cdfFrom(ratio: (d: number) => number, maxDelay: number): number[] {
  const cdf = new Array<number>(maxDelay + 1).fill(0);
  cdf[maxDelay] = 1;
  for (let d = maxDelay - 1; d >= 0; d--) cdf[d] = ratio(d) * cdf[d + 1]!;
  return cdf;
}

/** The delay CDF by the reverse-time estimator (see the module comment). */
export function estimateDelayCdf(
  counts: readonly (readonly number[])[],
  today0: number,
  maxDelay: number,
): number[] {
  // counts[t][d]: cases of onset index t (0 … today0) reported d days later (d ≤ maxDelay).
  const { within, withinNext } = delayRatios(counts, today0, maxDelay);
  return cdfFrom((d) => (withinNext[d]! > 0 ? within[d]! / withinNext[d]! : 1), maxDelay);
}

function betaDraw(rng: Rng, a: number, b: number): number {
  const x = gammaDraw(rng, a, 1);
  const y = gammaDraw(rng, b, 1);
  return x + y > 0 ? x / (x + y) : 1;
}

/** 90 % intervals per nowcast day with the delay estimate's uncertainty (module comment). */
function simulatedIntervals(
  counts: readonly (readonly number[])[],
  today0: number,
  maxDelay: number,
  reported: readonly number[],
  options: { draws: number; seed: number },
): { lower90: number; upper90: number }[] {
  const { within, withinNext } = delayRatios(counts, today0, maxDelay);
  const rng = createRng(options.seed);
  const totals = reported.map(() => new Float64Array(options.draws));
  for (let i = 0; i < options.draws; i++) {
    const cdf = cdfFrom(
      (d) => (withinNext[d]! > 0 ? betaDraw(rng, within[d]! + 0.5, withinNext[d]! - within[d]! + 0.5) : 1),
      maxDelay,
    );
    reported.forEach((n, j) => {
      const share = cdf[reported.length - 1 - j]!;
      const mean = share > 0 ? ((n + 1) * (1 - share)) / share : 0;
      totals[j]![i] = n + negativeBinomialDraw(rng, mean, n + 1);
    });
  }
  return totals.map((draws) => {
    const sorted = Float64Array.from(draws).sort();
    return { lower90: sortedQuantile(sorted, 0.05), upper90: sortedQuantile(sorted, 0.95) };
  });
}

/** The q-quantile of NegBin(size, prob) (number of failures before `size` successes). */
function negBinQuantile(q: number, size: number, prob: number): number {
  if (prob >= 1) return 0;
  let k = 0;
  let p = Math.pow(prob, size);
  let cumulative = p;
  while (cumulative < q && k < 1_000_000) {
    p *= ((k + size) / (k + 1)) * (1 - prob);
    k++;
    cumulative += p;
  }
  return k;
}

/** Nowcast the onsets of the last `maxDelay` + 1 days from onset–report pairs. */
export function nowcast(pairs: readonly OnsetReport[], options: NowcastOptions): Nowcast {
  const maxDelay = options.maxDelay ?? 30;
  const { today } = options;
  if (!Number.isInteger(maxDelay) || maxDelay < 1 || maxDelay > 365)
    refuse('maxDelay', 'parameter', { name: 'maxDelay' });
  if (!Number.isInteger(today)) refuse('today', 'parameter', { name: 'today' });
  const estimationDays = options.estimationDays;
  if (estimationDays !== undefined && (!Number.isInteger(estimationDays) || estimationDays <= maxDelay)) {
    refuse('estimationDays', 'parameter', { name: 'estimationDays' });
  }
  let first = today - maxDelay;
  for (const { onset, report } of pairs) {
    if (!Number.isInteger(onset) || !Number.isInteger(report) || report < onset) refuse('pairs', 'pairs');
    if (report <= today && onset < first) first = onset;
  }
  if (estimationDays !== undefined) first = Math.max(first, today - estimationDays + 1);
  const span = today - first + 1;
  const counts = Array.from({ length: span }, () => new Array<number>(maxDelay + 1).fill(0));
  for (const { onset, report } of pairs) {
    if (report > today || onset < first) continue;
    counts[onset - first]![Math.min(report - onset, maxDelay)]!++;
  }
  const delayCdf = estimateDelayCdf(counts, span - 1, maxDelay);
  const delayPmf = delayCdf.map((f, d) => f - (d === 0 ? 0 : delayCdf[d - 1]!));
  const days: NowcastDay[] = [];
  for (let day = today - maxDelay; day <= today; day++) {
    const row = counts[day - first];
    const reported = row ? row.reduce((s, c) => s + c, 0) : 0;
    const share = delayCdf[today - day]!;
    if (!(share > 0)) {
      days.push({ day, reported, reportedShare: share, expected: null, lower90: null, upper90: null });
      continue;
    }
    days.push({
      day,
      reported,
      reportedShare: share,
      expected: reported / share,
      lower90: reported + negBinQuantile(0.05, reported + 1, share),
      upper90: reported + negBinQuantile(0.95, reported + 1, share),
    });
  }
  if (options.uncertainty && options.uncertainty.draws > 0) {
    const intervals = simulatedIntervals(
      counts,
      span - 1,
      maxDelay,
      days.map((d) => d.reported),
      options.uncertainty,
    );
    days.forEach((d, j) => {
      if (d.expected === null) return;
      d.lower90 = Math.min(intervals[j]!.lower90, d.expected);
      d.upper90 = Math.max(intervals[j]!.upper90, d.expected);
    });
  }
  return { delayPmf, delayCdf, days };
}
