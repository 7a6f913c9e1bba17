/**
 * Which quarantine band of policy `quarantine.f1` applies to a close contact, and how long the
 * contact is followed up: quarantine days + self-monitoring days of that band (the one source of
 * truth: 14 + 14 = 28 days under 5599/BYT-MT, 10 under 762/BYT-DP and 1909/BYT-DP).
 */
import type { F1Quarantine, QuarantineBand, VaccinationCondition } from '../policy/values.ts';
import { daysBetween } from '../vaccination/schedule.ts';

/** What the band conditions look at: the contact's doses and a past recovery, as of the exposure. */
export interface ImmunityFacts {
  /** Valid doses (not voided), any order. */
  doses: readonly { date: string; productCode: string }[];
  /** Date the person recovered (or the positive sample of a past case), null if never. */
  recoveredOn: string | null;
}

function vaccinationHolds(c: VaccinationCondition, facts: ImmunityFacts, onDate: string): boolean {
  const taken = facts.doses.filter((d) => d.date <= onDate);
  const last = [...taken].sort((a, b) => a.date.localeCompare(b.date)).at(-1);
  const needsDose =
    c.minDoses !== null ||
    c.minDaysSinceLastDose !== null ||
    (c.maxDaysSinceLastDose ?? null) !== null ||
    (c.fullSeries ?? null) !== null;
  if (!needsDose) return false;
  if (last === undefined) return false;
  if (c.minDoses !== null && taken.length < c.minDoses) return false;
  const series = c.fullSeries ?? null;
  if (series !== null && taken.length < (series.byProduct[last.productCode] ?? series.default)) return false;
  const since = daysBetween(last.date, onDate);
  if (c.minDaysSinceLastDose !== null && since < c.minDaysSinceLastDose) return false;
  const max = c.maxDaysSinceLastDose ?? null;
  return max === null || since <= max;
}

/** True when a person meets a band's condition on a date (vaccination, or a recent recovery). */
export function conditionHolds(c: VaccinationCondition, facts: ImmunityFacts, onDate: string): boolean {
  if (vaccinationHolds(c, facts, onDate)) return true;
  if (c.recoveredWithinDays === null || facts.recoveredOn === null || facts.recoveredOn > onDate)
    return false;
  return daysBetween(facts.recoveredOn, onDate) <= c.recoveredWithinDays;
}

/** The first band whose condition holds (a band with `appliesTo: null` takes everyone left). */
export function f1QuarantineBand(
  rule: F1Quarantine,
  facts: ImmunityFacts,
  exposureDate: string,
): QuarantineBand | undefined {
  return rule.bands.find((b) => b.appliesTo === null || conditionHolds(b.appliesTo, facts, exposureDate));
}

/** Days of follow-up a band means: quarantine, then self-monitoring. */
export function followUpDays(band: QuarantineBand): number {
  return band.quarantineDays + band.monitoringDays;
}
