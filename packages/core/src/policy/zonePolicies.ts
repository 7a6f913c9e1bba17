/**
 * Blockaded zones and testing rounds (issue #16 items 6–7): lifting a zone and pooled sampling.
 * DOMAIN.md states neither rule, so both are unverified defaults with the documents to check named;
 * officials add their own dated rules (a province shortened the wait as vaccination rose).
 */
import type { AnyPolicyRule } from './rules.ts';
import { policyRule } from './rules.ts';

export const ZONE_POLICIES: readonly AnyPolicyRule[] = [
  policyRule({
    key: 'zone.lifting',
    diseaseCode: 'COVID-19',
    effectiveFrom: '2021-01-01',
    value: { daysWithoutNewCase: 14 },
    source: { document: 'Decision 2686/QĐ-BCĐQG (31/05/2021) on blockaded areas — to be verified' },
    verification: 'unverified',
    note:
      'Unverified: a blockaded zone lifted after 14 days without a new case in the community, counted from the ' +
      'last case (or from the start). DOMAIN.md gives no rule; check the national steering committee decision ' +
      'and the province’s own decisions, which changed the wait over 2021.',
  }),
  policyRule({
    key: 'zone.pooling',
    diseaseCode: 'COVID-19',
    effectiveFrom: '2021-01-01',
    value: { defaultBy: 'household', clusterSize: 10 },
    source: { document: 'EpiLink product default (MoH pooled RT-PCR practice, 2021) — to be verified' },
    verification: 'unverified',
    note:
      'Unverified: blockaded zones were sampled by household (one pool per household) or in pools of up to ' +
      '10 people; confirm the pool size against the MoH pooled RT-PCR guidance in force.',
  }),
];
