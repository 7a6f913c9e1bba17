/**
 * Guardianship for the citizen portal. Recorded by the household register: an adult (18 or
 * over) of a household is guardian of its members under 16, and so sees their records. People
 * with an unknown date of birth are neither guardians nor wards. Pure; tested in guardianship.test.ts.
 */

/** Age at which a household member stops being a ward. */
export const WARD_UNDER_AGE = 16;
/** Age from which a household member is a guardian. */
export const GUARDIAN_FROM_AGE = 18;

/** Whole years between a date of birth and a day (both `YYYY-MM-DD`). */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** A household member as the rule sees them. */
export interface HouseholdMember {
  id: string;
  dateOfBirth: string | null;
}

/**
 * The records a citizen may see: their own, then those of household members they are guardian
 * of (in the order given).
 */
export function citizenVisiblePersonIds(
  self: HouseholdMember,
  household: readonly HouseholdMember[],
  on: string,
): string[] {
  const ids = [self.id];
  if (!self.dateOfBirth || ageOn(self.dateOfBirth, on) < GUARDIAN_FROM_AGE) return ids;
  for (const m of household) {
    if (m.id === self.id || !m.dateOfBirth) continue;
    if (ageOn(m.dateOfBirth, on) < WARD_UNDER_AGE) ids.push(m.id);
  }
  return ids;
}
