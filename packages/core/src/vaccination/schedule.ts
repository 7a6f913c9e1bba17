/**
 * Schedule evaluation: where a person stands in their vaccination schedule, whether a new dose
 * may be given, and when the next one is due. Pure; dates are ISO `YYYY-MM-DD` strings (UTC days).
 */
import type { VaccineProduct } from './products.ts';
import { addDays, daysBetween } from '../time/clock.ts';

/** A dose already given. */
export interface GivenDose {
  date: string;
  productCode: string;
  /** As recorded: a dose after the primary series recorded as 'primary' is an additional primary dose. */
  kind?: 'primary' | 'booster';
}

/** Coverage status of a person for one disease. */
export type CoverageStatus = 'none' | 'partial' | 'complete' | 'boosted';

/** The next dose a person should get. */
export interface NextDose {
  doseNumber: number;
  kind: 'primary' | 'booster';
  /** Earliest date it may be given (minimum interval). */
  earliest: string;
  /** Date it is due (recommended interval); overdue after {@link OVERDUE_GRACE_DAYS}. */
  due: string;
}

/** Where a person stands. */
export interface ScheduleEvaluation {
  status: CoverageStatus;
  dosesGiven: number;
  /** Doses of the primary series (from the first dose's product). */
  primaryDoses: number;
  firstDoseOn: string | null;
  /** Date the primary series was completed. */
  completedOn: string | null;
  /** Date of the first booster. */
  boostedOn: string | null;
  lastDoseOn: string | null;
  next: NextDose | null;
}

/** Days after the due date before a dose counts as overdue. */
export const OVERDUE_GRACE_DAYS = 14;

// Calendar-day arithmetic on `YYYY-MM-DD` (zone-free) lives with the one clock.
export { addDays, daysBetween } from '../time/clock.ts';

function byDate(a: GivenDose, b: GivenDose): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/**
 * Evaluate a person's doses against the schedule of their first product (mixed primary series
 * are allowed, as in Viet Nam; the first product sets the series length and intervals).
 * Unknown products count as doses of a two-dose series.
 */
export function evaluateSchedule(
  doses: readonly GivenDose[],
  productOf: (code: string) => VaccineProduct | undefined,
): ScheduleEvaluation {
  const sorted = [...doses].sort(byDate);
  const first = sorted[0];
  if (!first) {
    return {
      status: 'none',
      dosesGiven: 0,
      primaryDoses: 0,
      firstDoseOn: null,
      completedOn: null,
      boostedOn: null,
      lastDoseOn: null,
      next: null,
    };
  }
  const schedule = productOf(first.productCode)?.schedule;
  const primaryDoses = schedule?.primaryDoses ?? 2;
  const n = sorted.length;
  const last = sorted[n - 1]!;
  const completedOn = n >= primaryDoses ? sorted[primaryDoses - 1]!.date : null;
  // The first dose after the series that is not an additional primary dose (liều bổ sung).
  const boostedOn = sorted.slice(primaryDoses).find((d) => d.kind !== 'primary')?.date ?? null;
  const status: CoverageStatus = boostedOn ? 'boosted' : completedOn ? 'complete' : 'partial';
  let next: NextDose | null = null;
  if (n < primaryDoses) {
    const min = schedule?.minIntervalDays[n - 1] ?? 28;
    const rec = Math.max(min, schedule?.recommendedIntervalDays[n - 1] ?? min);
    next = {
      doseNumber: n + 1,
      kind: 'primary',
      earliest: addDays(last.date, min),
      due: addDays(last.date, rec),
    };
  } else if (schedule?.boosterAfterDays != null && n < primaryDoses + schedule.boosterDoses) {
    const after = addDays(last.date, schedule.boosterAfterDays);
    next = { doseNumber: n + 1, kind: 'booster', earliest: after, due: after };
  }
  return {
    status,
    dosesGiven: n,
    primaryDoses,
    firstDoseOn: first.date,
    completedOn,
    boostedOn,
    lastDoseOn: last.date,
    next,
  };
}

/** Why a dose may not be given now. */
export type DoseRefusal =
  | { reason: 'tooEarly'; earliest: string }
  | { reason: 'scheduleComplete' }
  | { reason: 'tooYoung'; minAgeYears: number }
  | { reason: 'beforePreviousDose' };

/** Whether a dose of `product` may be given on `date`, and which dose it would be. */
export function checkNewDose(
  evaluation: ScheduleEvaluation,
  product: VaccineProduct,
  date: string,
  ageYears: number | null,
): { ok: true; doseNumber: number; kind: 'primary' | 'booster' } | ({ ok: false } & DoseRefusal) {
  if (ageYears !== null && ageYears < product.schedule.minAgeYears)
    return { ok: false, reason: 'tooYoung', minAgeYears: product.schedule.minAgeYears };
  if (evaluation.lastDoseOn && date < evaluation.lastDoseOn)
    return { ok: false, reason: 'beforePreviousDose' };
  if (evaluation.dosesGiven === 0) {
    return { ok: true, doseNumber: 1, kind: 'primary' };
  }
  const next = evaluation.next;
  if (!next) return { ok: false, reason: 'scheduleComplete' };
  if (date < next.earliest) return { ok: false, reason: 'tooEarly', earliest: next.earliest };
  return { ok: true, doseNumber: next.doseNumber, kind: next.kind };
}

/** Due state of the next dose on a date. */
export type DueState = 'notDue' | 'due' | 'overdue';

/** Whether the next dose is not yet due, due, or overdue on `asOf`. */
export function dueState(next: NextDose | null, asOf: string): DueState | null {
  if (!next) return null;
  if (asOf < next.earliest && asOf < next.due) return 'notDue';
  return daysBetween(next.due, asOf) > OVERDUE_GRACE_DAYS ? 'overdue' : 'due';
}

/** {@link evaluateSchedule} with the products of a catalogue version. */
export function evaluateScheduleFor(
  doses: readonly GivenDose[],
  version: { products: readonly VaccineProduct[] },
): ScheduleEvaluation {
  return evaluateSchedule(doses, (code) => version.products.find((p) => p.code === code));
}
