/**
 * Shipped vaccination rules (issue #10 item 8; DOMAIN.md "Vaccination schedules"): age eligibility,
 * doses after the primary series and screening, each dated. Where the dispatch number or its day
 * could not be checked here the rule says so (`verification: 'unverified'` and a note); officials
 * confirm or correct them in the policy store.
 */
import type { ExtraDoseRule } from '../vaccination/doseRules.ts';
import type { AnyPolicyRule } from './rules.ts';
import { policyRule } from './rules.ts';

const CAMPAIGN = 'Nghị quyết 21/NQ-CP (26/02/2021) về mua và sử dụng vắc xin phòng COVID-19';
const TBC = 'The dispatch number and its day are to be confirmed against the Ministry’s text.';

const additionalPrimary: ExtraDoseRule[] = [
  // Liều bổ sung ≥ 28 days after the series: immunocompromised people, and people 50+ whose primary
  // series was an inactivated vaccine (Sinopharm, Hayat-Vax).
  {
    extraDose: 1,
    kind: 'additionalPrimary',
    minAgeYears: 18,
    maxAgeYears: null,
    groups: ['immunocompromised'],
    afterDays: 28,
  },
  {
    extraDose: 1,
    kind: 'additionalPrimary',
    minAgeYears: 50,
    maxAgeYears: null,
    groups: ['inactivatedPrimary'],
    afterDays: 28,
  },
];
const boosters = (afterDays: number): ExtraDoseRule[] => [
  { extraDose: 1, kind: 'booster', minAgeYears: 18, maxAgeYears: null, groups: null, afterDays },
  // After an additional primary dose, the booster counts from that dose.
  {
    extraDose: 2,
    kind: 'booster',
    minAgeYears: 18,
    maxAgeYears: null,
    groups: ['immunocompromised', 'inactivatedPrimary'],
    afterDays,
  },
];
const dose4: ExtraDoseRule[] = [
  { extraDose: 2, kind: 'booster', minAgeYears: 50, maxAgeYears: null, groups: null, afterDays: 120 },
  {
    extraDose: 2,
    kind: 'booster',
    minAgeYears: 18,
    maxAgeYears: null,
    groups: ['immunocompromised', 'highExposure'],
    afterDays: 120,
  },
];
const teenBooster: ExtraDoseRule = {
  extraDose: 1,
  kind: 'booster',
  minAgeYears: 12,
  maxAgeYears: 17,
  groups: null,
  afterDays: 150,
};

/** The vaccination rules shipped as defaults. */
export const VACCINATION_POLICIES: readonly AnyPolicyRule[] = [
  policyRule({
    key: 'vaccination.ageEligibility',
    diseaseCode: null,
    effectiveFrom: '2021-03-08',
    value: { minAgeYears: 18 },
    source: { document: CAMPAIGN },
    verification: 'unverified',
    note: 'Adults first (DOMAIN.md); the campaign began on 8/3/2021. COVID-19 vaccination only.',
  }),
  policyRule({
    key: 'vaccination.ageEligibility',
    diseaseCode: null,
    effectiveFrom: '2021-10-14',
    value: { minAgeYears: 12 },
    source: { document: '8688/BYT-DP (14/10/2021): tiêm vắc xin phòng COVID-19 cho trẻ 12-17 tuổi' },
    verification: 'confirmed',
  }),
  policyRule({
    key: 'vaccination.ageEligibility',
    diseaseCode: null,
    effectiveFrom: '2022-04-14',
    value: { minAgeYears: 5 },
    source: { document: 'Bộ Y tế: tiêm vắc xin phòng COVID-19 cho trẻ 5-11 tuổi (2022)' },
    verification: 'unverified',
    note: 'DOMAIN.md gives "from 2022"; 14/4/2022 is when vaccination of 5-11-year-olds began. ' + TBC,
  }),
  policyRule({
    key: 'vaccination.extraDoses',
    diseaseCode: null,
    effectiveFrom: '2021-03-08',
    value: { rules: [] },
    source: { document: CAMPAIGN },
    verification: 'unverified',
    note: 'Primary series only: no additional or booster dose before 11/2021 (DOMAIN.md).',
  }),
  policyRule({
    key: 'vaccination.extraDoses',
    diseaseCode: null,
    effectiveFrom: '2021-11-20',
    value: { rules: [...additionalPrimary, ...boosters(180)] },
    source: { document: '10225/BYT-DP (11/2021): tiêm liều bổ sung và liều nhắc lại vắc xin phòng COVID-19' },
    verification: 'unverified',
    note:
      'Booster ≥ 6 months (180 days) after the primary series or the additional dose; additional primary dose ≥ 28 days for listed groups. ' +
      TBC,
  }),
  policyRule({
    key: 'vaccination.extraDoses',
    diseaseCode: null,
    effectiveFrom: '2021-12-01',
    value: { rules: [...additionalPrimary, ...boosters(90)] },
    source: { document: 'Bộ Y tế (12/2021): rút ngắn khoảng cách liều nhắc lại xuống 3 tháng' },
    verification: 'unverified',
    note: 'DOMAIN.md: the 6-month interval was "soon shortened to ≥ 3 months" (90 days). ' + TBC,
  }),
  policyRule({
    key: 'vaccination.extraDoses',
    diseaseCode: null,
    effectiveFrom: '2022-05-25',
    value: { rules: [...additionalPrimary, ...boosters(90), ...dose4] },
    source: { document: '2690/BYT-DP (5/2022): tiêm mũi 4 vắc xin phòng COVID-19' },
    verification: 'unverified',
    note:
      'Dose 4 ≥ 4 months (120 days) after dose 3 for people 50+ and immunocompromised or high-exposure adults (DOMAIN.md: from 5/2022). ' +
      TBC,
  }),
  policyRule({
    key: 'vaccination.extraDoses',
    diseaseCode: null,
    effectiveFrom: '2022-06-16',
    value: { rules: [...additionalPrimary, ...boosters(90), ...dose4, teenBooster] },
    source: { document: 'Bộ Y tế (6/2022): tiêm mũi 3 cho trẻ 12-17 tuổi' },
    verification: 'unverified',
    note: 'Ages 12-17: dose 3 five months (150 days) after dose 2 (DOMAIN.md: 2022). ' + TBC,
  }),
  policyRule({
    key: 'vaccination.screening',
    diseaseCode: null,
    effectiveFrom: '2021-08-10',
    value: {
      outcomes: {
        anaphylaxisPreviousDose: 'contraindicated',
        allergyToComponent: 'contraindicated',
        acuteIllnessOrFever: 'defer',
        covidInLast3Months: 'defer',
        covidInLast6Months: 'defer',
        otherVaccineLast14Days: 'defer',
        pregnantUnder13Weeks: 'defer',
        severeChronicUncontrolled: 'refer',
        immunosuppressed: 'refer',
        severeAllergyHistory: 'monitor',
        bleedingDisorder: 'monitor',
      },
    },
    source: {
      document: '3802/QĐ-BYT (10/8/2021): hướng dẫn khám sàng lọc trước tiêm chủng vắc xin phòng COVID-19',
    },
    verification: 'unverified',
    unverifiedPaths: [
      'outcomes.anaphylaxisPreviousDose',
      'outcomes.allergyToComponent',
      'outcomes.acuteIllnessOrFever',
      'outcomes.otherVaccineLast14Days',
      'outcomes.pregnantUnder13Weeks',
      'outcomes.severeChronicUncontrolled',
      'outcomes.immunosuppressed',
      'outcomes.severeAllergyHistory',
      'outcomes.bleedingDisorder',
    ],
    note:
      'COVID-19 within 6 months → defer (DOMAIN.md, 3802/QĐ-BYT); "refer" = vaccinate at a hospital. ' +
      'The other outcomes are the product checklist, to be confirmed. Before this date the built-in checklist applies.',
  }),
  policyRule({
    key: 'vaccination.statusDeferral',
    diseaseCode: null,
    effectiveFrom: '2021-08-10',
    value: { deferActiveCase: true, deferMonitoredContact: true, afterPositiveDays: 180 },
    source: {
      document: '3802/QĐ-BYT (10/8/2021): hướng dẫn khám sàng lọc trước tiêm chủng vắc xin phòng COVID-19',
    },
    verification: 'unverified',
    unverifiedPaths: ['deferActiveCase', 'deferMonitoredContact'],
    note:
      'COVID-19 within 6 months → defer (DOMAIN.md, 3802/QĐ-BYT): a positive test defers the dose 180 days from its sample. ' +
      'Deferring active cases, people in isolation and F1 contacts under monitoring or quarantine until release is the ' +
      'product reading (acute infection, and no queue at a vaccination site for someone who must stay home), to be confirmed.',
  }),
];
