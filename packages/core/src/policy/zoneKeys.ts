/**
 * Policy keys of blockaded zones and testing rounds (issue #16 items 6–7): lifting a zone and
 * pooled sampling. Spread into `POLICY_KEYS`.
 */
import type { ZoneLiftingRule, ZonePoolingRule } from '../zones/lifting.ts';
import type { PolicyKeyDefinition } from './catalogue.ts';
import type { Check } from './check.ts';
import { int, obj, oneOf, problemsOf } from './check.ts';

function define<V>(description: string, check: Check): PolicyKeyDefinition<V> {
  const problems = (value: unknown): string[] => problemsOf(check, value);
  return { description, problems, isValid: (value: unknown): value is V => problems(value).length === 0 };
}

/** The zone keys of the policy catalogue. */
export const ZONE_KEYS = {
  'zone.lifting': define<ZoneLiftingRule>(
    'Lifting a blockaded zone: the days without a new case in the zone before it may be lifted.',
    obj({ daysWithoutNewCase: int(1, 365) }),
  ),
  'zone.pooling': define<ZonePoolingRule>(
    'Pooled sampling of a zone or campaign testing round: by household or by cluster, and the cluster size.',
    obj({ defaultBy: oneOf('household', 'cluster'), clusterSize: int(1, 100) }),
  ),
} as const;
