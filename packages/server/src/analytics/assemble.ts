/**
 * A unit's analysis from its daily series and its cases' reporting delays — no I/O: the nowcast of
 * the last days' onsets, Rt over weekly sliding windows, a 14-day forecast and EARS C1–C3 alarms,
 * all computed by `@epilink/core`'s analytics.
 */
import { addDays, bedDemand, daysBetween, earsC, estimateRt, forecastRenewal, nowcast } from '@epilink/core';
import type { BedBand, EarsMethod, SeverityMix } from '@epilink/core';
import type { BedsRule } from './beds.ts';
import { SEVERITY_DAYS } from './beds.ts';
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
  /** For hospital and ICU demand: the recent cases' severity mix and the rule in force (or null). */
  beds?: { mix: SeverityMix; rule: BedsRule | null } | undefined;
}

/** Why a unit's analysis has no hospital and ICU demand. */
export type BedsMissing = 'noForecast' | 'noRule' | 'noSeverity';

/** Hospital and ICU beds occupied over the forecast's days. */
export interface BedsForecast {
  mix: SeverityMix;
  severityDays: number;
  hospitalShare: number;
  icuShare: number;
  rule: BedsRule;
  days: { day: string; hospital: BedBand; icu: BedBand }[];
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
  /** Hospital and ICU demand (null when not asked, or `bedsMissing` says why). */
  beds: BedsForecast | null;
  bedsMissing: BedsMissing | null;
}

/** Days of observed cases before the horizon fed to the bed demand (delay + the longest stays). */
const BEDS_PAST_DAYS = 90;

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
    // The interval carries the delay estimate's own uncertainty (1,000 seeded draws).
    { today: dayNumber(to), maxDelay: NOWCAST_MAX_DELAY, uncertainty: { draws: 1000, seed: input.seed } },
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
  let beds: Pick<Analysis, 'beds' | 'bedsMissing'> = { beds: null, bedsMissing: null };
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
          if (input.beds) beds = bedsOf(input.beds, incidence, f, to, input.seed);
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
    ...(input.beds && last === null ? { beds: null, bedsMissing: 'noForecast' as const } : beds),
  };
}

/** Bed demand from the forecast's paths (see core `bedDemand`). */
function bedsOf(
  q: { mix: SeverityMix; rule: BedsRule | null },
  incidence: readonly number[],
  f: { paths: Int32Array; simulations: number },
  to: string,
  seed: number,
): Pick<Analysis, 'beds' | 'bedsMissing'> {
  if (!q.rule) return { beds: null, bedsMissing: 'noRule' };
  if (q.mix.recorded === 0) return { beds: null, bedsMissing: 'noSeverity' };
  const demand = bedDemand({
    past: incidence.slice(-BEDS_PAST_DAYS),
    paths: f.paths,
    simulations: f.simulations,
    horizon: FORECAST_HORIZON,
    mix: q.mix,
    admissionDelayDays: q.rule.admissionDelayDays,
    hospitalStay: q.rule.hospitalStay,
    icuStay: q.rule.icuStay,
    seed: seed ^ 0x5bd1e995,
  });
  return {
    beds: {
      mix: q.mix,
      severityDays: SEVERITY_DAYS,
      hospitalShare: demand.hospitalShare,
      icuShare: demand.icuShare,
      rule: q.rule,
      days: demand.days.map((d) => ({ day: addDays(to, d.horizon), hospital: d.hospital, icu: d.icu })),
    },
    bedsMissing: null,
  };
}
