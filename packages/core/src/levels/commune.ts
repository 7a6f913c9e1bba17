/**
 * A commune's epidemic level from its week's inputs, by the rules in force (pure; the server reads
 * the rules from the policy store and the inputs from the rollups).
 */
import type { EpidemicLevel, EpidemicLevelThresholds } from '../policy/values.ts';
import type {
  CommuneLevelInputs,
  CommuneLevelResult,
  CoverageInput,
  EpidemicLevelCombining,
} from './types.ts';

const LEVELS: readonly EpidemicLevel[] = [1, 2, 3, 4];

/** Clamp a number to a level 1-4. */
export function toLevel(n: number): EpidemicLevel {
  return LEVELS[Math.min(3, Math.max(0, Math.round(n) - 1))]!;
}

/** Criterion 1 alone: the highest band whose lower bound the rate reaches (level 1 when none). */
export function incidenceLevel(
  per100kWeek: number,
  bands: EpidemicLevelThresholds['incidenceBands'],
): EpidemicLevel {
  let level: EpidemicLevel = 1;
  for (const b of bands) {
    const reached = b.inclusive ? per100kWeek >= b.fromPer100kPerWeek : per100kWeek > b.fromPer100kPerWeek;
    if (reached && b.level > level) level = b.level;
  }
  return level;
}

/** Each coverage criterion met (share ≥ minimum), or null when it could not be measured. */
export function coverageChecks(
  coverage: readonly CoverageInput[],
): (CoverageInput & { met: boolean | null })[] {
  return coverage.map((c) => ({ ...c, met: c.share === null ? null : c.share >= c.minShare }));
}

/** All met → true; any failed → false; nothing failed but something unmeasured (or no criteria) → null. */
export function coverageVerdict(checks: readonly { met: boolean | null }[]): boolean | null {
  if (checks.some((c) => c.met === false)) return false;
  if (checks.length === 0 || checks.some((c) => c.met === null)) return null;
  return true;
}

/**
 * Criterion 1 × criterion 2: the combining table's cell when a table is in force, else the
 * thresholds' flag (coverage below threshold raises the level by one, never above 4). Unmeasured
 * coverage raises nothing (the result says it was not measured).
 */
export function combine(
  level1: EpidemicLevel,
  coverageMet: boolean | null,
  thresholds: EpidemicLevelThresholds,
  combining: EpidemicLevelCombining | undefined,
): EpidemicLevel {
  const failed = coverageMet === false;
  const row = combining?.rows.find((r) => r.incidenceLevel === level1);
  if (row) return failed ? row.coverageNotMet : row.coverageMet;
  return failed && thresholds.coverageFailureRaisesLevel ? toLevel(level1 + 1) : level1;
}

/**
 * The commune's level: criterion 1 (new community cases, plus the counts 218/QĐ-BYT adds, per
 * 100,000 per week), combined with criterion 2 (coverage), then criterion 3: failing (or, when the
 * policy says so, unreported) treatment capacity keeps the level from going below last week's
 * confirmed level. Says which criterion decided.
 */
export function communeLevel(
  inputs: CommuneLevelInputs,
  thresholds: EpidemicLevelThresholds,
  combining?: EpidemicLevelCombining,
): CommuneLevelResult {
  const coverage = coverageChecks(inputs.coverage);
  const coverageMet = coverageVerdict(coverage);
  const base = { coverage, coverageMet, capacity: inputs.capacity };
  if (inputs.population === null || inputs.population <= 0) {
    const level = inputs.previousLevel ?? 1;
    return {
      ...base,
      level,
      incidenceLevel: level,
      casesPer100kWeek: null,
      decidingCriterion: 'noPopulation',
    };
  }
  const extra =
    (thresholds.alsoCounts.includes('oxygenPatients') ? (inputs.oxygenPatients ?? 0) : 0) +
    (thresholds.alsoCounts.includes('deaths') ? (inputs.deaths ?? 0) : 0);
  const rate = ((inputs.newCases + extra) * 100_000) / inputs.population;
  const level1 = incidenceLevel(rate, thresholds.incidenceBands);
  const combined = combine(level1, coverageMet, thresholds, combining);
  const capacityFails =
    inputs.capacity === 'inadequate' ||
    (inputs.capacity === 'notReported' && combining?.capacityNotReported === 'blocksLowering');
  const held =
    thresholds.capacityFailureBlocksLowering &&
    capacityFails &&
    inputs.previousLevel !== null &&
    combined < inputs.previousLevel;
  return {
    ...base,
    level: held ? inputs.previousLevel! : combined,
    incidenceLevel: level1,
    casesPer100kWeek: Math.round(rate * 10) / 10,
    decidingCriterion: held ? 'capacity' : combined !== level1 ? 'coverage' : 'incidence',
  };
}
