/**
 * Analytics (issue #14 item 3): who among the forecast cases needs a hospital or an ICU bed, and
 * for how long (`analytics.hospitalDemand`, per disease). The forecast's hospital and ICU demand
 * (core `analytics/beds.ts`) applies these to the severity mix of the unit's recent cases. All
 * values are unverified product defaults drawn from the literature named in each note: the
 * province's hospitals' own lengths of stay should replace them as dated rules.
 */
import type { AnyPolicyRule } from './rules.ts';
import { policyRule } from './rules.ts';

export const ANALYTICS_POLICIES: readonly AnyPolicyRule[] = [
  policyRule({
    key: 'analytics.hospitalDemand',
    diseaseCode: null,
    effectiveFrom: '2021-01-01',
    value: {
      hospitalSeverities: ['moderate', 'severe', 'critical'],
      icuSeverities: ['critical'],
      admissionDelayDays: 3,
      hospitalStay: { meanDays: 7, sdDays: 4 },
      icuStay: { meanDays: 10, sdDays: 6 },
    },
    source: { document: 'EpiLink product default' },
    verification: 'unverified',
    note: 'Unverified product default for diseases without their own rule: moderate, severe and critical cases admitted 3 days after onset for 7 days (sd 4), critical ones in intensive care for 10 days (sd 6).',
  }),
  policyRule({
    key: 'analytics.hospitalDemand',
    diseaseCode: 'COVID-19',
    effectiveFrom: '2021-01-01',
    value: {
      hospitalSeverities: ['moderate', 'severe', 'critical'],
      icuSeverities: ['severe', 'critical'],
      admissionDelayDays: 5,
      hospitalStay: { meanDays: 10, sdDays: 6 },
      icuStay: { meanDays: 12, sdDays: 8 },
    },
    source: {
      document:
        'EpiLink product default; lengths of stay within the ranges of Rees et al. 2020, "COVID-19 length of hospital stay: a systematic review and data synthesis", BMC Medicine 18:270; severe and critical cases in intensive care as the three-tier treatment model (tier 3) places them',
    },
    verification: 'unverified',
    note: 'Unverified: hospital 10 days (sd 6), ICU 12 days (sd 8), admission 5 days after onset. Replace with the province’s hospitals’ own figures.',
  }),
  policyRule({
    key: 'analytics.hospitalDemand',
    diseaseCode: 'DENGUE',
    effectiveFrom: '2021-01-01',
    value: {
      hospitalSeverities: ['moderate', 'severe', 'critical'],
      icuSeverities: ['severe', 'critical'],
      admissionDelayDays: 4,
      hospitalStay: { meanDays: 4, sdDays: 2 },
      icuStay: { meanDays: 3, sdDays: 2 },
    },
    source: {
      document:
        'EpiLink product default; WHO 2009 dengue guidelines (warning signs admitted, the critical phase around days 3–7 of illness)',
    },
    verification: 'unverified',
    note: 'Unverified: dengue with warning signs (moderate) and severe dengue admitted 4 days after onset for 4 days (sd 2); severe dengue in intensive care 3 days (sd 2).',
  }),
];
