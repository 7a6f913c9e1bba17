/**
 * Correction requests of the health book (#17 item 3): the escalation rule (policy
 * `correction.escalation`) and when an unresolved request climbs from the owning unit to the
 * district (or the province where there is no district), then to the province.
 */

/** Days an open request may wait at each level before it goes one level up. */
export interface CorrectionEscalationRule {
  /** Days at the owning unit (vaccination site, test site, commune). */
  unitDays: number;
  /** Days at the district before the province. */
  districtDays: number;
}

/** Levels a request goes through. */
export type CorrectionLevel = 'unit' | 'district' | 'province';

/** The level an open request must go to at `now`, or null when it stays. */
export function correctionEscalationDue(
  rule: CorrectionEscalationRule,
  request: { level: CorrectionLevel; levelSince: Date; hasDistrict: boolean },
  now: Date,
): CorrectionLevel | null {
  if (request.level === 'province') return null;
  const days = request.level === 'unit' ? rule.unitDays : rule.districtDays;
  if (now.getTime() - request.levelSince.getTime() < days * 86_400_000) return null;
  return request.level === 'unit' && request.hasDistrict ? 'district' : 'province';
}
