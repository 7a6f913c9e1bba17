/**
 * The shapes of policy values. Each is plain data so officials can edit it and the product can
 * evaluate it; the matching validators are in `catalogue.ts`.
 */

/** When a person is infectious (11042/BYT-DP). */
export interface InfectiousWindow {
  daysBeforeOnset: number;
  daysBeforeSampleIfAsymptomatic: number;
  /** The window ends at a negative test or a Ct value above this. */
  endCtAbove: number;
  /**
   * A negative rapid antigen test taken within `withinHours` after a positive RT-PCR with a Ct
   * below `ctBelow` does not end the window on its own (an RT-PCR negative or high Ct does).
   * Absent: every negative ends it.
   */
  rapidNegativeAfterLowCt?: { ctBelow: number; withinHours: number };
}

export type ConfirmationEvidence =
  'rtPcrPositive' | 'rapidAntigenPositive' | 'symptoms' | 'epidemiologicalLink';

/** A case is confirmed when every item of at least one criterion holds. */
export interface ConfirmationRule {
  anyOf: { allOf: ConfirmationEvidence[] }[];
}

/** One way of being a close contact (F1). Distances in metres, durations in minutes. */
export interface ContactCriterion {
  code: 'physicalContact' | 'closeWithMask' | 'closeWithoutMask' | 'caringWithoutPpe';
  maxDistanceM?: number;
  sameClosedSpace?: boolean;
  minMinutes?: number;
}

/**
 * How a venue check-in overlap becomes an F1 proposal: at least `minOverlapMinutes` together,
 * at a venue whose type is listed (`venueTypes` null = every type). Proposals are ranked by overlap.
 */
export interface CheckinF1Rule {
  minOverlapMinutes: number;
  venueTypes: string[] | null;
  /**
   * Venue types where people eat or drink unmasked: any overlap counts there (the "without a
   * mask, any duration" criterion) instead of `minOverlapMinutes`.
   */
  maskOffVenueTypes?: string[];
}

export interface F1Criteria {
  criteria: ContactCriterion[];
  /** Check-in overlap proposals (absent: every overlap is proposed). */
  checkin?: CheckinF1Rule;
}

/** Who a quarantine band applies to; null fields are not required. First matching band wins. */
export interface VaccinationCondition {
  minDoses: number | null;
  minDaysSinceLastDose: number | null;
  /** The last dose at most this many days ago (10696/BYT-MT: ≤ 6 months); absent/null = no maximum. */
  maxDaysSinceLastDose?: number | null;
  /**
   * The full primary series of the product of the last dose is required: doses per product code
   * (e.g. Janssen 1, Abdala 3), `default` for any other product. Absent/null = only `minDoses`.
   */
  fullSeries?: { default: number; byProduct: Record<string, number> } | null;
  /** Recovered from the disease within this many days (also qualifies). */
  recoveredWithinDays: number | null;
}

/** A contact's quarantine and then self-monitoring; follow-up lasts both (one source of truth). */
export interface QuarantineBand {
  /** null = everyone not matched by an earlier band. */
  appliesTo: VaccinationCondition | null;
  place: 'centralised' | 'home' | 'none';
  quarantineDays: number;
  /** Days (counted from the last exposure, day 1 = first day) on which a test is taken. */
  testDays: number[];
  monitoringDays: number;
}

export interface F1Quarantine {
  bands: QuarantineBand[];
}

/** Release of a case isolated at home. */
export interface F0HomeIsolation {
  releaseAfterDays: number;
  releaseTest: 'rapidAntigenNegative' | 'rtPcrNegative';
  /** If the release test is positive or missing: day of release by vaccination status. */
  maxDaysFullyVaccinated: number;
  maxDaysOther: number;
  healthFormsPerDay: number;
}

export type EpidemicLevel = 1 | 2 | 3 | 4;

/** Level from weekly community cases per 100,000: the highest band whose lower bound is reached. */
export interface IncidenceBand {
  level: EpidemicLevel;
  fromPer100kPerWeek: number;
  /** true: `≥ from`; false: `> from`. */
  inclusive: boolean;
}

export interface CoverageCriterion {
  population: 'adults18Plus' | 'elderly65Plus' | 'totalPopulation' | 'highRisk';
  measure: 'atLeastOneDose' | 'fullyVaccinated';
  minShare: number;
}

export interface EpidemicLevelThresholds {
  incidenceBands: IncidenceBand[];
  /** Extra counts added to criterion 1 (218/QĐ-BYT). */
  alsoCounts: ('oxygenPatients' | 'deaths')[];
  coverage: CoverageCriterion[];
  /** Failing the coverage criterion raises the level by one (never above 4). */
  coverageFailureRaisesLevel: boolean;
  /** Failing treatment capacity (criterion 3) keeps the level from being lowered. */
  capacityFailureBlocksLowering: boolean;
}

/** A condition on a person's vaccination/test/case state, as data. */
export type StatusCondition =
  | { kind: 'activeCaseOrContact' }
  | { kind: 'fullyVaccinatedDays'; min: number }
  | { kind: 'firstDoseDays'; min: number }
  | { kind: 'recoveredWithinDays'; max: number }
  | { kind: 'negativePcrWithinHours'; max: number }
  | { kind: 'noData' }
  | { kind: 'always' }
  | { kind: 'anyOf'; conditions: StatusCondition[] };

export interface StatusColourRule {
  /** Stable code of the colour ('green', 'yellow', 'red', 'white', …). */
  colour: string;
  /** Display colour, `#rrggbb`. */
  hex: string;
  label: { vi: string; en: string };
  condition: StatusCondition;
}

/** Ordered: the first rule whose condition holds gives the colour. */
export interface StatusColourRules {
  rules: StatusColourRule[];
}

export interface LinkageThresholdsValue {
  match: number;
  review: number;
}

/** Venue cluster rule: `minCases` distinct cases at one venue within `windowDays` days. */
export interface VenueClusterRule {
  minCases: number;
  windowDays: number;
}
