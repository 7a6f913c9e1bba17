/**
 * Early warning (issue #14 item 5): the weekly-incidence threshold per commune and disease that
 * raises an alarm beside EARS C1–C3 (server/src/analytics/alarms), and how long a commune must stay
 * quiet before its alarms close themselves. Unverified product defaults,
 * marked so; officials set their own dated rules from the province's surveillance plan.
 */
import type { AnyPolicyRule } from './rules.ts';
import { policyRule } from './rules.ts';

export const EARLY_WARNING_POLICIES: readonly AnyPolicyRule[] = [
  policyRule({
    key: 'earlyWarning.weeklyIncidence',
    diseaseCode: null,
    effectiveFrom: '2021-01-01',
    value: { per100k: 20 },
    source: { document: 'EpiLink product default' },
    verification: 'unverified',
    note: 'Unverified product default for diseases without their own threshold: 20 cases by report per 100,000 residents in 7 days. Set per disease from the province’s surveillance plan.',
  }),
  policyRule({
    key: 'earlyWarning.weeklyIncidence',
    diseaseCode: 'COVID-19',
    effectiveFrom: '2021-01-01',
    value: { per100k: 50 },
    source: {
      document:
        'EpiLink product default (the level-3 boundary of new cases per 100,000 per week in the MoH level guidance, Decision 4800/QĐ-BYT)',
    },
    verification: 'unverified',
    note: 'Unverified product default: 50 per 100,000 in 7 days; confirm against the province’s plan.',
  }),
  policyRule({
    key: 'earlyWarning.weeklyIncidence',
    diseaseCode: 'DENGUE',
    effectiveFrom: '2021-01-01',
    value: { per100k: 10 },
    source: { document: 'EpiLink product default' },
    verification: 'unverified',
    note: 'Unverified product default: 10 per 100,000 in 7 days; confirm against the dengue surveillance plan.',
  }),
  policyRule({
    key: 'earlyWarning.weeklyIncidence',
    diseaseCode: 'MEASLES',
    effectiveFrom: '2021-01-01',
    value: { per100k: 1 },
    source: { document: 'EpiLink product default' },
    verification: 'unverified',
    note: 'Unverified product default: 1 per 100,000 in 7 days (measles elimination surveillance treats any cluster as a signal).',
  }),
  policyRule({
    key: 'earlyWarning.weeklyIncidence',
    diseaseCode: 'HFMD',
    effectiveFrom: '2021-01-01',
    value: { per100k: 10 },
    source: { document: 'EpiLink product default' },
    verification: 'unverified',
    note: 'Unverified product default: 10 per 100,000 in 7 days; confirm against the HFMD surveillance plan.',
  }),
  policyRule({
    key: 'earlyWarning.alarmClosing',
    diseaseCode: null,
    effectiveFrom: '2021-01-01',
    value: { quietDays: 14 },
    source: { document: 'EpiLink product default' },
    verification: 'unverified',
    note: 'Unverified product default: an alarm closes itself after 14 days (two weeks) in which its commune and disease raised no alarm by any method.',
  }),
  policyRule({
    key: 'earlyWarning.alarmClosing',
    diseaseCode: 'MEASLES',
    effectiveFrom: '2021-01-01',
    value: { quietDays: 42 },
    source: {
      document:
        'EpiLink product default after the WHO measles outbreak guidance (an outbreak is over after two incubation periods, 2 × 21 days, without a new case)',
    },
    verification: 'unverified',
    note: 'Unverified: 42 days without an alarm (two maximum incubation periods of measles).',
  }),
  policyRule({
    key: 'earlyWarning.earsMinSigma',
    diseaseCode: null,
    effectiveFrom: '2021-01-01',
    value: { minSigma: 1 },
    source: {
      document:
        'EpiLink product default; the minSigma control of earsC in the R surveillance package (default 0 there)',
    },
    verification: 'unverified',
    note: 'Unverified: with a baseline of zeros, EARS C1 then needs more than 0 + 3.09 × 1 cases (4) to alarm instead of any single case; 0 restores the package default.',
  }),
];
