/**
 * Warning signs in a health form (DOMAIN.md, as policy `quarantine.warningSigns`): breathing
 * difficulty and the other listed symptoms; a respiratory rate at or above the band of the
 * person's age (adult ≥ 21, 1-<5 years ≥ 40, 5-<12 ≥ 30); SpO2 below the bound; pulse out of
 * bounds; low blood pressure. Any one raises an alert at once.
 */
import type { WarningSignRule, WarningSymptom } from './types.ts';
import { WARNING_SYMPTOMS } from './types.ts';

/** One health form's readings (null = not measured). */
export interface HealthReadings {
  symptoms: readonly string[];
  temperatureC: number | null;
  spo2: number | null;
  pulse: number | null;
  respiratoryRate: number | null;
  systolic: number | null;
  diastolic: number | null;
}

/** A warning sign found: a symptom, or a reading with the threshold it crossed. */
export type WarningSign =
  | { code: WarningSymptom }
  | {
      code: 'respiratoryRate' | 'spo2' | 'pulseHigh' | 'pulseLow' | 'bloodPressure';
      value: number;
      threshold: number;
    };

/** The respiratory rate that is a warning sign at an age (unknown age: the most sensitive band). */
export function respiratoryThreshold(rule: WarningSignRule, ageYears: number | null): number | null {
  if (ageYears === null) {
    return rule.respiratoryBands.reduce<number | null>(
      (min, b) => (min === null || b.alertAtOrAbove < min ? b.alertAtOrAbove : min),
      null,
    );
  }
  const band = rule.respiratoryBands.find(
    (b) => ageYears >= b.fromAge && (b.toAge === null || ageYears < b.toAge),
  );
  return band?.alertAtOrAbove ?? null;
}

/** Every warning sign in a form, in a stable order (empty: none). */
export function warningSigns(
  rule: WarningSignRule,
  form: HealthReadings,
  ageYears: number | null,
): WarningSign[] {
  const out: WarningSign[] = [];
  for (const s of WARNING_SYMPTOMS)
    if (rule.symptoms.includes(s) && form.symptoms.includes(s)) out.push({ code: s });
  const rr = respiratoryThreshold(rule, ageYears);
  if (form.respiratoryRate !== null && rr !== null && form.respiratoryRate >= rr) {
    out.push({ code: 'respiratoryRate', value: form.respiratoryRate, threshold: rr });
  }
  if (form.spo2 !== null && form.spo2 < rule.spo2Below)
    out.push({ code: 'spo2', value: form.spo2, threshold: rule.spo2Below });
  if (form.pulse !== null && form.pulse > rule.pulseAbove) {
    out.push({ code: 'pulseHigh', value: form.pulse, threshold: rule.pulseAbove });
  }
  if (form.pulse !== null && form.pulse < rule.pulseBelow) {
    out.push({ code: 'pulseLow', value: form.pulse, threshold: rule.pulseBelow });
  }
  if (form.systolic !== null && form.systolic < rule.systolicBelow) {
    out.push({ code: 'bloodPressure', value: form.systolic, threshold: rule.systolicBelow });
  } else if (form.diastolic !== null && form.diastolic < rule.diastolicBelow) {
    out.push({ code: 'bloodPressure', value: form.diastolic, threshold: rule.diastolicBelow });
  }
  return out;
}
