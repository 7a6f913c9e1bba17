/**
 * Dated vaccination rules with age conditions (issue #10 item 8): who may be vaccinated at what age
 * on a date (`vaccination.ageEligibility`), which doses after the primary series a person may get,
 * how long after the previous one (`vaccination.extraDoses`: additional primary dose, boosters,
 * dose 4), and the screening outcome of each checklist question (`vaccination.screening`). The
 * values are policy data; this module only evaluates them. Pure; dates are `YYYY-MM-DD`.
 */
import type { VaccineProduct } from './products.ts';
import type { ScheduleEvaluation } from './schedule.ts';
import type { ScreeningOutcome, ScreeningQuestion } from './screening.ts';
import { addDays } from '../time/clock.ts';

/** Groups a vaccinator attests at screening (they open doses others may not get yet). */
export const ATTESTED_GROUPS = ['immunocompromised', 'highExposure'] as const;
export type AttestedGroup = (typeof ATTESTED_GROUPS)[number];
/** Every group a rule may name: the attested ones and "primary series of an inactivated vaccine". */
export const ELIGIBILITY_GROUPS = [...ATTESTED_GROUPS, 'inactivatedPrimary'] as const;
export type EligibilityGroup = (typeof ELIGIBILITY_GROUPS)[number];

/** DCC `vp` of inactivated SARS-CoV-2 vaccines (Sinopharm, Hayat-Vax). */
export const INACTIVATED_PROPHYLAXIS = '1157024006';

/** Youngest age (years) vaccinated on a date (policy `vaccination.ageEligibility`). */
export interface AgeEligibility {
  minAgeYears: number;
}

/**
 * One way to get the `extraDose`-th dose after the primary series: people aged `minAgeYears` to
 * `maxAgeYears` (inclusive; null = no upper limit) who belong to one of `groups` (null = everyone),
 * at least `afterDays` after their previous dose. Several rules for the same dose are alternatives.
 */
export interface ExtraDoseRule {
  extraDose: number;
  kind: 'additionalPrimary' | 'booster';
  minAgeYears: number;
  maxAgeYears: number | null;
  groups: EligibilityGroup[] | null;
  afterDays: number;
}

/** The doses after the primary series in force on a date (policy `vaccination.extraDoses`). */
export interface ExtraDoseRules {
  rules: ExtraDoseRule[];
}

/** Outcome of each screening question asked on a date (policy `vaccination.screening`). */
export interface ScreeningRules {
  outcomes: Partial<Record<ScreeningQuestion, ScreeningOutcome>>;
}

/** A dated value: a policy rule's `effectiveFrom` and `value`. */
export interface Dated<V> {
  effectiveFrom: string;
  value: V;
}

/** The version in force on `date` (latest `effectiveFrom` ≤ date), or undefined. */
export function versionOn<V>(versions: readonly Dated<V>[], date: string): Dated<V> | undefined {
  let best: Dated<V> | undefined;
  for (const v of versions)
    if (v.effectiveFrom <= date && (!best || v.effectiveFrom > best.effectiveFrom)) best = v;
  return best;
}

/** The groups a person belongs to: attested ones, plus `inactivatedPrimary` from their first product. */
export function eligibilityGroups(
  attested: readonly AttestedGroup[],
  primaryProduct: VaccineProduct | undefined,
): EligibilityGroup[] {
  const out: EligibilityGroup[] = [...attested];
  if (primaryProduct?.prophylaxisCode === INACTIVATED_PROPHYLAXIS) out.push('inactivatedPrimary');
  return out;
}

function applies(rule: ExtraDoseRule, age: number | null, groups: readonly EligibilityGroup[]): boolean {
  if (age !== null && (age < rule.minAgeYears || (rule.maxAgeYears !== null && age > rule.maxAgeYears)))
    return false;
  return rule.groups === null || rule.groups.some((g) => groups.includes(g));
}

/** The rule (shortest interval) for the `extraDose`-th extra dose that applies to a person, if any. */
export function extraDoseRuleFor(
  rules: ExtraDoseRules,
  extraDose: number,
  age: number | null,
  groups: readonly EligibilityGroup[],
): ExtraDoseRule | undefined {
  let best: ExtraDoseRule | undefined;
  for (const r of rules.rules)
    if (r.extraDose === extraDose && applies(r, age, groups) && (!best || r.afterDays < best.afterDays))
      best = r;
  return best;
}

/** Who is being vaccinated: their age on any date and the groups they belong to. */
export interface Candidate {
  ageOn: (date: string) => number | null;
  groups: readonly EligibilityGroup[];
}

/** The next dose after the primary series under dated rules. */
export interface PlannedExtraDose {
  doseNumber: number;
  kind: ExtraDoseRule['kind'];
  /** Earliest date: the interval of the rule in force then, never before that rule took effect. */
  earliest: string;
  afterDays: number;
  ruleFrom: string;
}

/**
 * The next dose after a complete primary series: walks the rule versions from the one in force on
 * the last dose, so a booster interval shortened later (6 → 3 months) or a dose opened later
 * (dose 4 from 5/2022) gives the first date some version allows. Null when no version allows one.
 */
export function nextExtraDose(
  evaluation: ScheduleEvaluation,
  versions: readonly Dated<ExtraDoseRules>[],
  who: Candidate,
): PlannedExtraDose | null {
  const last = evaluation.lastDoseOn;
  if (!last || !evaluation.completedOn) return null;
  const extraDose = evaluation.dosesGiven - evaluation.primaryDoses + 1;
  const sorted = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    const end = sorted[i + 1]?.effectiveFrom ?? null;
    if (end !== null && end <= last) continue; // superseded before the last dose
    const windowStart = v.effectiveFrom > last ? v.effectiveFrom : last;
    let best: PlannedExtraDose | null = null;
    for (const r of v.value.rules) {
      if (r.extraDose !== extraDose) continue;
      const byInterval = addDays(last, r.afterDays);
      const on = byInterval > windowStart ? byInterval : windowStart;
      if (end !== null && on >= end) continue;
      if (!applies(r, who.ageOn(on), who.groups)) continue;
      if (!best || on < best.earliest)
        best = {
          doseNumber: evaluation.dosesGiven + 1,
          kind: r.kind,
          earliest: on,
          afterDays: r.afterDays,
          ruleFrom: v.effectiveFrom,
        };
    }
    if (best) return best;
  }
  return null;
}

/** Why a dose may not be given on a date under the dated rules. */
export type DatedRefusal =
  | { reason: 'tooYoung'; minAgeYears: number }
  | { reason: 'ageNotEligibleYet'; minAgeYears: number }
  | { reason: 'noVaccinationRule' }
  | { reason: 'beforePreviousDose' }
  | { reason: 'tooEarly'; earliest: string }
  | { reason: 'noExtraDoseRule'; doseNumber: number }
  | { reason: 'extraDoseTooEarly'; earliest: string; afterDays: number };

/** A dose allowed: its number and kind (an additional primary dose is a primary dose). */
export interface AllowedDose {
  ok: true;
  doseNumber: number;
  kind: 'primary' | 'booster';
  extraKind: ExtraDoseRule['kind'] | null;
}

/**
 * Whether a dose of `product` may be given on `date`: age (the product's licence and the age rule
 * in force that day), order, the primary series' minimum intervals, and for a dose after the
 * series the extra-dose rule in force that day for the person's age and groups.
 */
export function checkDoseOn(
  evaluation: ScheduleEvaluation,
  product: VaccineProduct,
  date: string,
  who: Candidate,
  rules: { ageEligibility: AgeEligibility | undefined; extraDoses: ExtraDoseRules | undefined },
): AllowedDose | ({ ok: false } & DatedRefusal) {
  const age = who.ageOn(date);
  if (!rules.ageEligibility) return { ok: false, reason: 'noVaccinationRule' };
  if (age !== null && age < product.schedule.minAgeYears)
    return { ok: false, reason: 'tooYoung', minAgeYears: product.schedule.minAgeYears };
  if (age !== null && age < rules.ageEligibility.minAgeYears)
    return { ok: false, reason: 'ageNotEligibleYet', minAgeYears: rules.ageEligibility.minAgeYears };
  if (evaluation.lastDoseOn && date < evaluation.lastDoseOn)
    return { ok: false, reason: 'beforePreviousDose' };
  const n = evaluation.dosesGiven;
  if (n === 0) return { ok: true, doseNumber: 1, kind: 'primary', extraKind: null };
  if (n < evaluation.primaryDoses) {
    const next = evaluation.next;
    if (next && date < next.earliest) return { ok: false, reason: 'tooEarly', earliest: next.earliest };
    return { ok: true, doseNumber: n + 1, kind: 'primary', extraKind: null };
  }
  const extraDose = n - evaluation.primaryDoses + 1;
  const matching = (rules.extraDoses?.rules ?? []).filter(
    (r) => r.extraDose === extraDose && applies(r, age, who.groups),
  );
  if (matching.length === 0) return { ok: false, reason: 'noExtraDoseRule', doseNumber: n + 1 };
  // A dose given once the booster interval has passed is the booster; an additional primary dose is
  // what a listed person gets before that.
  const due = matching.filter((r) => date >= addDays(evaluation.lastDoseOn!, r.afterDays));
  const rule = due.find((r) => r.kind === 'booster') ?? due[0];
  if (!rule) {
    const soonest = matching.reduce((a, b) => (b.afterDays < a.afterDays ? b : a));
    const earliest = addDays(evaluation.lastDoseOn!, soonest.afterDays);
    return { ok: false, reason: 'extraDoseTooEarly', earliest, afterDays: soonest.afterDays };
  }
  return {
    ok: true,
    doseNumber: n + 1,
    kind: rule.kind === 'additionalPrimary' ? 'primary' : 'booster',
    extraKind: rule.kind,
  };
}

/** Facility kinds where a "refer" screening outcome may be vaccinated (vaccinate at a hospital). */
export const HOSPITAL_FACILITY_KINDS = ['provincial_hospital', 'district_hospital'] as const;

/** Whether a screening outcome lets a dose be recorded at a facility of this kind. */
export function outcomeAllowsAt(outcome: ScreeningOutcome, facilityKind: string): boolean {
  if (outcome === 'vaccinate' || outcome === 'monitor') return true;
  return outcome === 'refer' && (HOSPITAL_FACILITY_KINDS as readonly string[]).includes(facilityKind);
}
