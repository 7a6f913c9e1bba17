/**
 * Home care of a case (4038/QĐ-BYT, 261/QĐ-BYT as policy `quarantine.f0HomeEligibility`):
 * asymptomatic or mild, respiratory rate ≤ the bound, SpO2 ≥ the bound on room air, and either
 * vaccinated or (within the ages, no listed underlying disease, not pregnant). A fact not yet
 * recorded makes the outcome `needsAssessment` with the missing facts listed, never "eligible".
 */
import { ageOn } from '../access/guardianship.ts';
import type { ImmunityFacts } from '../cases/quarantine.ts';
import type { HomeCareEligibility, Severity } from './types.ts';

/** Facts the rule looks at (null = not recorded). */
export interface CareFacts {
  immunity: ImmunityFacts;
  dateOfBirth: string | null;
  severity: Severity | null;
  spo2: number | null;
  respiratoryRate: number | null;
  underlyingDisease: boolean | null;
  pregnant: boolean | null;
}

/** Codes of the reasons (translated by the `quarantine` namespace). */
export type EligibilityReason =
  'severity' | 'respiratoryRate' | 'spo2' | 'age' | 'underlyingDisease' | 'pregnant';

export interface EligibilityResult {
  outcome: 'eligible' | 'ineligible' | 'needsAssessment';
  /** Conditions that fail. */
  failed: EligibilityReason[];
  /** Facts not recorded that the outcome depends on. */
  missing: EligibilityReason[];
}

/** Whether a case may be cared for at home on a date. */
export function homeCareEligibility(
  rule: HomeCareEligibility,
  f: CareFacts,
  onDate: string,
): EligibilityResult {
  const failed: EligibilityReason[] = [];
  const missing: EligibilityReason[] = [];
  const check = (reason: EligibilityReason, known: boolean, ok: boolean) => {
    if (!known) missing.push(reason);
    else if (!ok) failed.push(reason);
  };
  check('severity', f.severity !== null, f.severity !== null && rule.severities.includes(f.severity));
  check('respiratoryRate', f.respiratoryRate !== null, (f.respiratoryRate ?? 0) <= rule.maxRespiratoryRate);
  check('spo2', f.spo2 !== null, (f.spo2 ?? 0) >= rule.minSpO2);
  const vaccinated = f.immunity.doses.filter((d) => d.date <= onDate).length >= rule.vaccinatedMinDoses;
  if (!vaccinated) {
    const u = rule.unvaccinated;
    const age = f.dateOfBirth === null ? null : ageOn(f.dateOfBirth, onDate);
    check('age', age !== null, age !== null && age >= u.minAge && age <= u.maxAge);
    if (u.noUnderlyingDisease)
      check('underlyingDisease', f.underlyingDisease !== null, f.underlyingDisease !== true);
    if (u.notPregnant) check('pregnant', f.pregnant !== null, f.pregnant !== true);
  }
  const outcome = failed.length > 0 ? 'ineligible' : missing.length > 0 ? 'needsAssessment' : 'eligible';
  return { outcome, failed, missing };
}
