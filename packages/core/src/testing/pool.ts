/**
 * Pooled RT-PCR. Up to `testing.poolMaxSize` specimens (policy) are tested together. A negative
 * pool clears its members: each gets a negative individual result derived from the pool. A
 * positive (or invalid) pool recalls every member for an individual test.
 */
import type { TestOutcome, SpecimenTestType } from './results.ts';

/** What a specimen must be to join a pool. */
export interface PoolCandidate {
  testType: SpecimenTestType;
  status: string;
  poolId: string | null;
  diseaseCode: string;
  /** Why the person was tested (the registration's reason), null when unknown. */
  reason?: string | null;
}

/** Why a specimen cannot join a pool (an i18n key under `testing.pool.refusal.`). */
export type PoolRefusal =
  'full' | 'notOpen' | 'notPcr' | 'alreadyPooled' | 'notCollected' | 'otherDisease' | 'reasonNotEligible';

/**
 * May this specimen join a pool holding `size` specimens of `poolDisease` (null while empty)?
 * Null when yes, else the reason. With `eligibleReasons` (policy `testing.poolEligibleReasons`),
 * only specimens registered for one of those reasons are pooled: someone tested for symptoms or
 * as a contact is tested individually (a specimen without a registration has no known reason and
 * is not refused for it).
 */
export function poolRefusal(
  pool: { status: string; size: number; diseaseCode: string | null },
  specimen: PoolCandidate,
  maxSize: number,
  eligibleReasons: readonly string[] | null = null,
): PoolRefusal | null {
  if (pool.status !== 'open') return 'notOpen';
  if (specimen.poolId !== null) return 'alreadyPooled';
  if (specimen.status !== 'collected') return 'notCollected';
  if (specimen.testType !== 'rtPcr') return 'notPcr';
  if (pool.diseaseCode !== null && pool.diseaseCode !== specimen.diseaseCode) return 'otherDisease';
  const reason = specimen.reason ?? null;
  if (eligibleReasons !== null && reason !== null && !eligibleReasons.includes(reason))
    return 'reasonNotEligible';
  if (pool.size >= maxSize) return 'full';
  return null;
}

/** What a pool result does to its members. */
export type PoolEffect =
  { kind: 'clear'; memberOutcome: 'negative' } | { kind: 'recall'; reason: 'poolPositive' | 'poolInvalid' };

/** The effect of a pool's outcome on every member. */
export function poolEffect(outcome: TestOutcome): PoolEffect {
  switch (outcome) {
    case 'negative':
      return { kind: 'clear', memberOutcome: 'negative' };
    case 'positive':
      return { kind: 'recall', reason: 'poolPositive' };
    case 'invalid':
      return { kind: 'recall', reason: 'poolInvalid' };
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}
