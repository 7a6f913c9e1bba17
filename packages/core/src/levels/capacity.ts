/**
 * Criterion 3, treatment capacity: a district's or health area's free beds against the policy
 * `epidemicLevel.capacity` (pure).
 */
import type { CapacityStatus, EpidemicLevelCapacity } from './types.ts';

/** Free beds reported for a district or health area in the assessed week. */
export interface BedsReported {
  freeBeds: number;
  freeIcuBeds: number;
  /** People of the district or area (null when unknown). */
  population: number | null;
}

/**
 * Adequate when the free beds per 100,000 people and the free ICU beds reach the policy's
 * minimums; inadequate otherwise; not reported when no facility reported beds (or no rule, or no
 * population to divide by).
 */
export function capacityStatus(
  beds: BedsReported | null,
  rule: EpidemicLevelCapacity | undefined,
): CapacityStatus {
  if (beds === null || rule === undefined || beds.population === null || beds.population <= 0)
    return 'notReported';
  const per100k = (beds.freeBeds * 100_000) / beds.population;
  return per100k >= rule.minFreeBedsPer100k && beds.freeIcuBeds >= rule.minFreeIcuBeds
    ? 'adequate'
    : 'inadequate';
}
