/**
 * Epidemic levels (Resolution 128/NQ-CP; Decisions 4800/QĐ-BYT then 218/QĐ-BYT): the policy values
 * that combine the criteria and aggregate communes, and the shapes of a level's inputs and result.
 */
import type { CoverageCriterion, EpidemicLevel } from '../policy/values.ts';

/** One row of the combining table: criterion 1's level → the level with coverage met / not met. */
export interface CombiningRow {
  incidenceLevel: EpidemicLevel;
  coverageMet: EpidemicLevel;
  coverageNotMet: EpidemicLevel;
}

/**
 * Policy `epidemicLevel.combining`: criterion 1 (cases) × criterion 2 (coverage) → level, and how
 * an unreported capacity (criterion 3) counts. Failing capacity itself is the thresholds' flag.
 */
export interface EpidemicLevelCombining {
  /** One row per criterion-1 level, 1 to 4. */
  rows: CombiningRow[];
  /**
   * Treatment capacity not reported: 'blocksLowering' treats it as failing (the level cannot go
   * down for want of data), 'ignored' lets the other criteria decide.
   */
  capacityNotReported: 'blocksLowering' | 'ignored';
}

/**
 * Policy `epidemicLevel.capacity` (criterion 3): the district's (or health area's) free treatment
 * beds per 100,000 people and free ICU beds, from the facilities' latest bed reports of the
 * assessed week, needed for capacity to count as adequate.
 */
export interface EpidemicLevelCapacity {
  minFreeBedsPer100k: number;
  minFreeIcuBeds: number;
}

/** A share-of-communes rule: the unit reaches `level` when enough of its communes are at ≥ `communeLevelAtLeast`. */
export interface ShareRule {
  level: EpidemicLevel;
  communeLevelAtLeast: EpidemicLevel;
  /** Share of the unit's communes (0-1) at or above that level. */
  minShare?: number;
  /** Or at least this many communes. */
  minCount?: number;
}

/**
 * Policy `epidemicLevel.aggregation`: a district / health area / province's level from its
 * communes' levels: by share of communes (Decision 2686's kind of rule; the highest matching rule
 * wins, level 1 when none matches) or the population-weighted mean, rounded half up.
 */
export type EpidemicLevelAggregation =
  { method: 'shareOfCommunes'; rules: ShareRule[] } | { method: 'populationWeighted' };

/** Treatment capacity (criterion 3) of a commune for the week. */
export type CapacityStatus = 'adequate' | 'inadequate' | 'notReported';

/** A coverage criterion with the commune's measured share (null: no population to measure against). */
export interface CoverageInput extends CoverageCriterion {
  share: number | null;
}

/** What a commune's level is computed from. */
export interface CommuneLevelInputs {
  /** Population (census, else registered residents); null or 0 when unknown. */
  population: number | null;
  /** New community cases in the assessed week. */
  newCases: number;
  /** Counts criterion 1 also adds under 218/QĐ-BYT (null: not reported). */
  oxygenPatients: number | null;
  deaths: number | null;
  coverage: CoverageInput[];
  capacity: CapacityStatus;
  /** The level confirmed for the previous week, if any (criterion 3 can keep it). */
  previousLevel: EpidemicLevel | null;
}

/** Which criterion decided a level. */
export type DecidingCriterion =
  'incidence' | 'coverage' | 'capacity' | 'noPopulation' | 'aggregation' | 'override';

/** A commune's computed level and why. */
export interface CommuneLevelResult {
  level: EpidemicLevel;
  /** Criterion 1 alone. */
  incidenceLevel: EpidemicLevel;
  /** (cases + counted extras) per 100,000 per week, one decimal; null without population. */
  casesPer100kWeek: number | null;
  /** All coverage criteria met (true), one failed (false), none measurable (null). */
  coverageMet: boolean | null;
  coverage: (CoverageInput & { met: boolean | null })[];
  capacity: CapacityStatus;
  decidingCriterion: DecidingCriterion;
}

/** A member (commune) of an aggregated unit. */
export interface AggregateMember {
  level: EpidemicLevel;
  population: number | null;
}

/** An aggregated unit's level and the rule that decided it. */
export interface AggregateLevelResult {
  level: EpidemicLevel;
  communes: number;
  /** Communes at each level 1-4. */
  communesByLevel: [number, number, number, number];
  /** The share rule that decided (index in the policy's rules), or null (none matched / weighted). */
  ruleIndex: number | null;
  decidingCriterion: 'aggregation';
}
