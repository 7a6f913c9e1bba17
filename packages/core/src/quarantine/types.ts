/**
 * Quarantine and isolation (issue #16): the shapes of the policy values that drive home care of
 * cases, warning signs and alert escalation, and of an order proposal. Plain data so officials can
 * edit the rules; the validators are in `policy/catalogue.ts`.
 */

/** Severity of a case as recorded (cases.severity). */
export type Severity = 'asymptomatic' | 'mild' | 'moderate' | 'severe' | 'critical';

/**
 * Who may be cared for at home (4038/QĐ-BYT, then 261/QĐ-BYT): asymptomatic or mild, respiratory
 * rate and SpO2 on room air within bounds, and either vaccinated or young, healthy and not pregnant.
 */
export interface HomeCareEligibility {
  severities: Severity[];
  maxRespiratoryRate: number;
  minSpO2: number;
  /** Doses that count as "vaccinated" here. */
  vaccinatedMinDoses: number;
  /** Unvaccinated people qualify only within these ages (years, inclusive) and conditions. */
  unvaccinated: { minAge: number; maxAge: number; noUnderlyingDisease: boolean; notPregnant: boolean };
}

/** The respiratory rate that is a warning sign from an age on (years, `fromAge` ≤ age < `toAge`). */
export interface RespiratoryBand {
  fromAge: number;
  /** null = no upper bound. */
  toAge: number | null;
  /** A warning sign at or above this rate (breaths a minute). */
  alertAtOrAbove: number;
}

/** Symptoms that are a warning sign on their own. */
export const WARNING_SYMPTOMS = [
  'breathingDifficulty',
  'alteredConsciousness',
  'cyanosis',
  'unableToDrink',
  'chestPain',
] as const;
export type WarningSymptom = (typeof WARNING_SYMPTOMS)[number];

/** Other symptoms a form may report (not a warning sign on their own). */
export const OTHER_SYMPTOMS = [
  'fever',
  'cough',
  'soreThroat',
  'lossOfSmell',
  'fatigue',
  'diarrhoea',
] as const;
export type OtherSymptom = (typeof OTHER_SYMPTOMS)[number];

/** Warning signs that must raise an alert at once (DOMAIN.md), with the hotlines to show. */
export interface WarningSignRule {
  respiratoryBands: RespiratoryBand[];
  /** SpO2 below this (%) is a warning sign. */
  spo2Below: number;
  pulseAbove: number;
  pulseBelow: number;
  systolicBelow: number;
  diastolicBelow: number;
  symptoms: WarningSymptom[];
  hotlines: { advice: string; emergency: string };
}

/**
 * When health forms are due and how an unacknowledged alert climbs: two daily slots (local
 * `HH:mm` the form is due by), the missed forms that raise an alert, and the minutes an alert may
 * stay unacknowledged at the commune, then at the district, before it goes up.
 */
export interface AlertEscalationRule {
  formSlots: { opensAt: string; dueBy: string }[];
  missedFormsForAlert: number;
  communeMinutes: number;
  districtMinutes: number;
}

/** The kinds of order. */
export const ORDER_KINDS = [
  'facility_quarantine',
  'home_quarantine',
  'home_isolation',
  'monitoring',
] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];
