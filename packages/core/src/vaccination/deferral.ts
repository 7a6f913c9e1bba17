/**
 * Vaccination and the person's epidemiological standing (#19 item 3): before a dose is recorded
 * the vaccinator sees whether the person is a case (F0) or under isolation, a contact under
 * monitoring (F1) or under a quarantine order, or had a positive test recently, and what the rule
 * in force (policy `vaccination.statusDeferral`) says to do. Pure: the server gathers the facts.
 */
import { addDays } from '../time/clock.ts';

/** Policy `vaccination.statusDeferral`: which standings defer a dose. */
export interface StatusDeferralRule {
  /** An active case (F0) or a person under an isolation order is not vaccinated until released. */
  deferActiveCase: boolean;
  /** A contact under monitoring (F1) or a quarantine order is not vaccinated until released. */
  deferMonitoredContact: boolean;
  /** Days after a positive test's sample during which a dose is deferred (0: no deferral). */
  afterPositiveDays: number;
}

/** The facts of a person's standing on the day of the dose. */
export interface VaccinationStanding {
  /** Epidemiological status (`f0`, `f1`, `f2`, `candidate`, `cleared`, `recovered`, …), if any. */
  epiStatus: string | null;
  /** An active isolation (F0) or quarantine/monitoring (F1) order and its end date. */
  order: { role: 'F0' | 'F1'; kind: string; endDate: string } | null;
  /** The sample day of the latest positive test, if any. */
  lastPositiveOn: string | null;
}

/** Why a dose is deferred. */
export type DeferralReason =
  'activeCase' | 'isolationOrder' | 'monitoredContact' | 'quarantineOrder' | 'recentPositive';

/** What the rule says for a dose on `day`. */
export interface DeferralAdvice {
  action: 'vaccinate' | 'defer';
  reasons: DeferralReason[];
  /** The day the dose may be given, when known (an order's end, the positive test's window). */
  until: string | null;
}

/**
 * Advice for a dose on `day`. Without a rule in force nothing is deferred on standing alone (the
 * screening checklist still applies).
 */
export function deferralAdvice(
  standing: VaccinationStanding,
  rule: StatusDeferralRule | undefined,
  day: string,
): DeferralAdvice {
  const reasons: DeferralReason[] = [];
  const untils: string[] = [];
  if (!rule) return { action: 'vaccinate', reasons, until: null };
  // `f0` is an active case; `f1` a contact confirmed by a tracer and still monitored.
  const isCase = standing.epiStatus === 'f0';
  const isContact = standing.epiStatus === 'f1';
  if (rule.deferActiveCase) {
    if (isCase) reasons.push('activeCase');
    if (standing.order?.role === 'F0') {
      reasons.push('isolationOrder');
      untils.push(addDays(standing.order.endDate, 1));
    }
  }
  if (rule.deferMonitoredContact) {
    if (isContact) reasons.push('monitoredContact');
    if (standing.order?.role === 'F1') {
      reasons.push('quarantineOrder');
      untils.push(addDays(standing.order.endDate, 1));
    }
  }
  if (rule.afterPositiveDays > 0 && standing.lastPositiveOn) {
    const clear = addDays(standing.lastPositiveOn, rule.afterPositiveDays);
    if (clear > day) {
      reasons.push('recentPositive');
      untils.push(clear);
    }
  }
  if (reasons.length === 0) return { action: 'vaccinate', reasons, until: null };
  // An open case or monitoring without an order has no known end: no date is promised then.
  const openEnded =
    reasons.some((r) => r === 'activeCase' || r === 'monitoredContact') && untils.length === 0;
  const until = openEnded ? null : untils.sort().at(-1)!;
  return { action: 'defer', reasons, until };
}
