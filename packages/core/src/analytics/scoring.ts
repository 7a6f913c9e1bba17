/**
 * Scoring forecasts against what happened (Bracher, Ray, Gneiting & Reich 2021, "Evaluating
 * epidemic forecasts in an interval format", PLoS Comput Biol 17(2): e1008618):
 *
 *   IS_α(l, u; y) = (u − l) + (2/α)(l − y)·1(y < l) + (2/α)(y − u)·1(y > u)
 *   WIS(F, y) = 1/(K + 1/2) · ( ½|y − m| + Σ_k (α_k/2) · IS_α_k )
 *
 * for K central intervals (here the 50 % and 90 % ones: α = 0.5 and 0.1) and the median m. Lower
 * is better; it is in the unit of the counts. Coverage is the share of observations inside.
 */
import { refuse } from './errors.ts';

/** A central prediction interval with its nominal level (0.5 for 50 %). */
export interface PredictionInterval {
  level: number;
  lower: number;
  upper: number;
}

/** The interval score of one central (1 − α) interval. */
export function intervalScore(lower: number, upper: number, alpha: number, observed: number): number {
  const below = observed < lower ? (2 / alpha) * (lower - observed) : 0;
  const above = observed > upper ? (2 / alpha) * (observed - upper) : 0;
  return upper - lower + below + above;
}

/** The weighted interval score of a median and central intervals for one observation. */
export function weightedIntervalScore(
  median: number,
  intervals: readonly PredictionInterval[],
  observed: number,
): number {
  let sum = 0.5 * Math.abs(observed - median);
  for (const interval of intervals) {
    if (!(interval.level > 0 && interval.level < 1) || interval.lower > interval.upper) {
      refuse('intervals', 'parameter', { name: 'interval' });
    }
    const alpha = 1 - interval.level;
    sum += (alpha / 2) * intervalScore(interval.lower, interval.upper, alpha, observed);
  }
  return sum / (intervals.length + 0.5);
}

/** A past forecast day (as a ForecastDay stores it) and what was then observed. */
export interface ForecastOutcome {
  horizon: number;
  median: number;
  lower50: number;
  upper50: number;
  lower90: number;
  upper90: number;
  observed: number;
}

/** Mean WIS and 50 %/90 % coverage of a set of forecast outcomes. */
export interface ForecastScore {
  count: number;
  meanWis: number;
  coverage50: number;
  coverage90: number;
}

function score(items: readonly ForecastOutcome[]): ForecastScore {
  let wis = 0;
  let in50 = 0;
  let in90 = 0;
  for (const o of items) {
    wis += weightedIntervalScore(
      o.median,
      [
        { level: 0.5, lower: o.lower50, upper: o.upper50 },
        { level: 0.9, lower: o.lower90, upper: o.upper90 },
      ],
      o.observed,
    );
    if (o.observed >= o.lower50 && o.observed <= o.upper50) in50++;
    if (o.observed >= o.lower90 && o.observed <= o.upper90) in90++;
  }
  const n = items.length;
  return {
    count: n,
    meanWis: n === 0 ? Number.NaN : wis / n,
    coverage50: n === 0 ? Number.NaN : in50 / n,
    coverage90: n === 0 ? Number.NaN : in90 / n,
  };
}

/** Score forecast outcomes overall and per horizon (ascending), for the backtesting page. */
export function scoreForecasts(items: readonly ForecastOutcome[]): {
  overall: ForecastScore;
  byHorizon: (ForecastScore & { horizon: number })[];
} {
  const groups = new Map<number, ForecastOutcome[]>();
  for (const item of items) {
    const group = groups.get(item.horizon) ?? [];
    group.push(item);
    groups.set(item.horizon, group);
  }
  return {
    overall: score(items),
    byHorizon: [...groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([horizon, group]) => ({ horizon, ...score(group) })),
  };
}
