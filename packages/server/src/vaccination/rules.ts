/**
 * The dated vaccination rules from the policy store (issue #10 item 8): age eligibility, doses after
 * the primary series and screening outcomes, every version of each so a date picks its own.
 */
import { nextExtraDose, versionOn } from '@epilink/core';
import type {
  AgeEligibility,
  Candidate,
  Dated,
  ExtraDoseRules,
  NextDose,
  PolicyKey,
  PolicyValue,
  ScheduleEvaluation,
  ScreeningRules,
} from '@epilink/core';
import type { DbOrTx } from '../db/client.ts';
import { listRules } from '../policy/store.ts';

/** Every version of the three vaccination rule keys. */
export interface VaccinationRules {
  ageEligibility: Dated<AgeEligibility>[];
  extraDoses: Dated<ExtraDoseRules>[];
  screening: Dated<ScreeningRules>[];
}

function versionsOf<K extends PolicyKey>(
  all: readonly { key: string; diseaseCode: string | null; effectiveFrom: string; value: unknown }[],
  key: K,
): Dated<PolicyValue<K>>[] {
  // Generic rules (diseaseCode null) apply to COVID-19 vaccination, the catalogue's only disease.
  return all
    .filter((r) => r.key === key && r.diseaseCode === null)
    .map((r) => ({ effectiveFrom: r.effectiveFrom, value: r.value as PolicyValue<K> }));
}

/** Read the vaccination rules from the policy store (one query). */
export async function loadVaccinationRules(db: DbOrTx): Promise<VaccinationRules> {
  const all = await listRules(db);
  return {
    ageEligibility: versionsOf(all, 'vaccination.ageEligibility'),
    extraDoses: versionsOf(all, 'vaccination.extraDoses'),
    screening: versionsOf(all, 'vaccination.screening'),
  };
}

/** The rules in force on a date. */
export function rulesOn(rules: VaccinationRules, date: string) {
  return {
    ageEligibility: versionOn(rules.ageEligibility, date)?.value,
    extraDoses: versionOn(rules.extraDoses, date)?.value,
    screening: versionOn(rules.screening, date)?.value,
  };
}

/**
 * The next dose to store for due lists: the primary series' next dose, or after the series the
 * first date a version of `vaccination.extraDoses` allows one for the person's age.
 */
export function plannedNext(e: ScheduleEvaluation, rules: VaccinationRules, who: Candidate): NextDose | null {
  if (!e.completedOn) return e.next;
  const extra = nextExtraDose(e, rules.extraDoses, who);
  return extra
    ? { doseNumber: extra.doseNumber, kind: 'booster', earliest: extra.earliest, due: extra.earliest }
    : null;
}
