/**
 * A unit's analysis from its daily series and its cases' reporting delays — no I/O: the nowcast of
 * the last days' onsets, Rt over weekly sliding windows, a 14-day forecast and EARS C1–C3 alarms,
 * all computed by `@epilink/core`'s analytics.
 */
import { addDays, daysBetween, earsC, estimateRt, forecastRenewal, nowcast } from '@epilink/core';
import type { EarsMethod } from '@epilink/core';
import type { DelayPair } from './delays.ts';
import type { SerialIntervalDefault } from './serial-intervals.ts';

/** Longest reporting delay the nowcast considers; older onsets are taken as complete. */
export const NOWCAST_MAX_DELAY = 21;
/** Days forecast and simulations run. */
export const FORECAST_HORIZON = 14;
export const FORECAST_SIMULATIONS = 1000;
/** Cori et al. (2013) advise at least 12 cases in a window for a posterior CV below 0.3. */
export const RELIABLE_WINDOW_CASES = 12;
const EARS_METHODS: readonly EarsMethod[] = ['C1', 'C2', 'C3'];

/** What {@link assembleAnalysis} needs. */
export interface AnalysisInput {
  /** Every day of the period, oldest first, and the two rollup series on them. */
  days: readonly string[];
  casesByOnset: readonly number[];
  casesByReport: readonly number[];
  pairs: readonly DelayPair[];
  serialInterval: SerialIntervalDefault;
  seed: number;
}

/** A unit's analysis, days as `YYYY-MM-DD`. */
export interface Analysis {
  nowcast: {
    pairs: number;
    delayPmf: number[];
    days: {
      day: string;
      reported: number;
      expected: number | null;
      lower90: number | null;
      upper90: number | null;
    }[];
  };
  /** Onsets with the nowcast's expected not-yet-reported cases added (what Rt and the forecast use). */
  casesByOnsetNowcast: number[];
  rt: {
    serialInterval: SerialIntervalDefault;
    windows: {
      start: string;
      end: string;
      cases: number;
      reliable: boolean;
      mean: number;
      median: number;
      lower50: number;
      upper50: number;
      lower95: number;
      upper95: number;
    }[];
  };
  forecast: {
    simulations: number;
    seed: number;
    days: {
      day: string;
      median: number;
      lower50: number;
      upper50: number;
      lower90: number;
      upper90: number;
    }[];
  } | null;
  alarms: {
    method: EarsMethod;
    day: string;
    observed: number;
    upperbound: number;
    statistic: number | null;
  }[];
}

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** A stable 32-bit seed from a text (FNV-1a), so the same request gives the same forecast. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function nowcastOf(input: AnalysisInput): Pick<Analysis, 'nowcast' | 'casesByOnsetNowcast'> {
  const to = input.days[input.days.length - 1]!;
  const result = nowcast(
    input.pairs.map((p) => ({ onset: dayNumber(p.onset), report: dayNumber(p.report) })),
    { today: dayNumber(to), maxDelay: NOWCAST_MAX_DELAY },
  );
  const adjusted = [...input.casesByOnset];
  const days = result.days.map((d) => {
    const day = addDays(to, d.day - dayNumber(to));
    const index = daysBetween(input.days[0]!, day);
    if (d.expected !== null && index >= 0 && index < adjusted.length) {
      adjusted[index] = adjusted[index]! + Math.round(d.expected - d.reported);
    }
    return { day, reported: d.reported, expected: d.expected, lower90: d.lower90, upper90: d.upper90 };
  });
  return {
    nowcast: { pairs: input.pairs.length, delayPmf: result.delayPmf, days },
    casesByOnsetNowcast: adjusted,
  };
}

/** Nowcast, Rt, forecast and alarms of one unit (see the module comment). */
export function assembleAnalysis(input: AnalysisInput): Analysis {
  const { days } = input;
  const to = days[days.length - 1]!;
  const { nowcast: nc, casesByOnsetNowcast: incidence } = nowcastOf(input);
  const si = input.serialInterval;
  const rt = estimateRt(
    { local: incidence },
    { serialInterval: { kind: 'parametric', mean: si.mean, sd: si.sd } },
  );
  const windows = rt.windows.flatMap((w) => {
    if (!w.posterior) return [];
    const cases = incidence.slice(w.tStart - 1, w.tEnd).reduce((s, c) => s + c, 0);
    const q = w.posterior.quantiles; // 0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975
    return [
      {
        start: days[w.tStart - 1]!,
        end: days[w.tEnd - 1]!,
        cases,
        reliable: cases >= RELIABLE_WINDOW_CASES,
        mean: w.posterior.mean,
        median: q[3]!,
        lower50: q[2]!,
        upper50: q[4]!,
        lower95: q[0]!,
        upper95: q[6]!,
      },
    ];
  });
  const last = rt.windows[rt.windows.length - 1]?.posterior ?? null;
  const forecast =
    last === null
      ? null
      : (() => {
          const f = forecastRenewal({
            incidence,
            serialInterval: rt.serialInterval,
            r: { kind: 'posterior', shape: last.shape, scale: last.scale },
            horizon: FORECAST_HORIZON,
            simulations: FORECAST_SIMULATIONS,
            seed: input.seed,
          });
          return {
            simulations: FORECAST_SIMULATIONS,
            seed: input.seed,
            days: f.days.map((d) => ({
              day: addDays(to, d.horizon),
              median: d.median,
              lower50: d.lower50,
              upper50: d.upper50,
              lower90: d.lower90,
              upper90: d.upper90,
            })),
          };
        })();
  const alarms = EARS_METHODS.flatMap((method) =>
    earsC(input.casesByReport, { method }).flatMap((p) =>
      p.alarm === true && p.upperbound !== null
        ? [
            {
              method,
              day: days[p.index]!,
              observed: p.observed,
              upperbound: p.upperbound,
              statistic: p.statistic,
            },
          ]
        : [],
    ),
  );
  return {
    nowcast: nc,
    casesByOnsetNowcast: incidence,
    rt: { serialInterval: si, windows },
    forecast,
    alarms,
  };
}
