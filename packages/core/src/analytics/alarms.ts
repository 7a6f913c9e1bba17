/**
 * Early-warning evaluation of one commune × disease on one day (issue #14 item 5): EARS C1, C2 and
 * C3 on the daily cases by report ({@link earsC}, the `surveillance` package's semantics) and the
 * weekly-incidence threshold (cases by report over the last 7 days per 100,000 residents, compared
 * with the policy `earlyWarning.weeklyIncidence`). Pure: the server feeds it the rollup's series.
 */
import { earsC } from './ears.ts';
import type { EarsMethod } from './ears.ts';

/** The methods that can raise an alarm. */
export type AlarmMethod = EarsMethod | 'weeklyIncidence';

/** Every alarm method, in display order. */
export const ALARM_METHODS: readonly AlarmMethod[] = ['C1', 'C2', 'C3', 'weeklyIncidence'];

/** One alarm raised on the series' last day. */
export interface AlarmSignal {
  method: AlarmMethod;
  /** The day's cases by report (EARS) or the 7-day incidence per 100,000 (weekly incidence). */
  observed: number;
  /** The EARS upper bound, or the policy threshold per 100,000. */
  threshold: number;
}

/** Input of {@link evaluateAlarms}. */
export interface AlarmInput {
  /** Daily cases by report, oldest first, ending on the day evaluated. */
  casesByReport: readonly number[];
  /** Registered residents of the commune (no weekly-incidence evaluation when 0). */
  residents: number;
  /** The weekly-incidence threshold per 100,000 in force, or null when no policy applies. */
  weeklyIncidencePer100k: number | null;
  /**
   * The smallest baseline standard deviation EARS uses (`earsC`'s minSigma, policy
   * `earlyWarning.earsMinSigma`; 0 = the surveillance package's default, under which a baseline of
   * zeros makes any case an alarm).
   */
  minSigma?: number;
}

/** The days of history C3 needs before the day evaluated (7-day baseline, 2-day guard, 2 lags). */
export const ALARM_HISTORY_DAYS = 11;

/** The 7-day incidence per 100,000 ending on the series' last day, rounded to 0.1. */
export function weeklyIncidence(casesByReport: readonly number[], residents: number): number {
  const week = casesByReport.slice(-7).reduce((a, b) => a + b, 0);
  return Math.round(((week * 100_000) / residents) * 10) / 10;
}

/**
 * The alarms of the series' last day: each EARS method that alarms (an undetermined EARS result —
 * R's NA — raises none), and the weekly incidence when it reaches the threshold with at least one
 * case that day or week. A series shorter than C3's history evaluates the methods it can.
 */
export function evaluateAlarms(input: AlarmInput): AlarmSignal[] {
  const y = input.casesByReport;
  const last = y.length - 1;
  const out: AlarmSignal[] = [];
  if (last < 0) return out;
  for (const method of ['C1', 'C2', 'C3'] as const) {
    const need = { C1: 7, C2: 9, C3: ALARM_HISTORY_DAYS }[method];
    if (last < need) continue;
    const [point] = earsC(y, { method, from: last, minSigma: input.minSigma ?? 0 });
    if (point?.alarm === true && point.upperbound !== null) {
      out.push({ method, observed: point.observed, threshold: Math.round(point.upperbound * 100) / 100 });
    }
  }
  if (input.weeklyIncidencePer100k !== null && input.residents > 0) {
    const incidence = weeklyIncidence(y, input.residents);
    const week = y.slice(-7).reduce((a, b) => a + b, 0);
    if (week > 0 && incidence >= input.weeklyIncidencePer100k) {
      out.push({ method: 'weeklyIncidence', observed: incidence, threshold: input.weeklyIncidencePer100k });
    }
  }
  return out;
}
