/**
 * Quarantine and isolation defaults (issue #16): home care of cases (4038/QĐ-BYT 8/2021, then
 * 261/QĐ-BYT 1/2022), warning signs in health forms and the hotlines (DOMAIN.md), and the form
 * slots and alert escalation delays (product defaults, unverified: the province sets its own).
 */
import type { AnyPolicyRule } from './rules.ts';
import { policyRule } from './rules.ts';

const COVID = 'COVID-19';
const DAY_TBC = 'DOMAIN.md gives only the month; the day of effect is to be confirmed.';

const HOME_CARE = {
  severities: ['asymptomatic', 'mild'] as ('asymptomatic' | 'mild')[],
  maxRespiratoryRate: 20,
  minSpO2: 96,
  vaccinatedMinDoses: 2,
  unvaccinated: { minAge: 1, maxAge: 49, noUnderlyingDisease: true, notPregnant: true },
};

export const QUARANTINE_POLICIES: readonly AnyPolicyRule[] = [
  policyRule({
    key: 'quarantine.f0HomeEligibility',
    diseaseCode: COVID,
    effectiveFrom: '2021-08-01',
    value: HOME_CARE,
    source: { document: '4038/QĐ-BYT' },
    verification: 'unverified',
    unverifiedPaths: ['vaccinatedMinDoses'],
    note: `${DAY_TBC} "Vaccinated" read as 2 doses (a full two-dose series); confirm against the text.`,
  }),
  policyRule({
    key: 'quarantine.f0HomeEligibility',
    diseaseCode: COVID,
    effectiveFrom: '2022-01-01',
    value: HOME_CARE,
    source: { document: '261/QĐ-BYT' },
    verification: 'unverified',
    unverifiedPaths: ['vaccinatedMinDoses'],
    note: `${DAY_TBC} Same conditions as 4038/QĐ-BYT in DOMAIN.md.`,
  }),
  policyRule({
    key: 'quarantine.warningSigns',
    diseaseCode: COVID,
    effectiveFrom: '2021-08-01',
    value: {
      respiratoryBands: [
        { fromAge: 12, toAge: null, alertAtOrAbove: 21 },
        { fromAge: 5, toAge: 12, alertAtOrAbove: 30 },
        { fromAge: 1, toAge: 5, alertAtOrAbove: 40 },
        { fromAge: 0, toAge: 1, alertAtOrAbove: 50 },
      ],
      spo2Below: 96,
      pulseAbove: 120,
      pulseBelow: 50,
      systolicBelow: 90,
      diastolicBelow: 60,
      symptoms: ['breathingDifficulty', 'alteredConsciousness', 'cyanosis', 'unableToDrink', 'chestPain'],
      hotlines: { advice: '1022', emergency: '115' },
    },
    source: { document: '4038/QĐ-BYT; 261/QĐ-BYT' },
    verification: 'unverified',
    unverifiedPaths: ['respiratoryBands[0].fromAge', 'respiratoryBands[3]', 'symptoms[4]'],
    note:
      `${DAY_TBC} Adult ≥ 21, 1-<5 years ≥ 40, 5-<12 ≥ 30 from DOMAIN.md; "adult" read as 12 and over. ` +
      'Under 1 year (≥ 50, WHO fast breathing) and chest pain are product additions to confirm.',
  }),
  policyRule({
    key: 'quarantine.alertEscalation',
    diseaseCode: null,
    effectiveFrom: '2021-01-01',
    value: {
      formSlots: [
        { opensAt: '06:00', dueBy: '10:00' },
        { opensAt: '14:00', dueBy: '18:00' },
      ],
      missedFormsForAlert: 2,
      communeMinutes: 30,
      districtMinutes: 30,
    },
    source: { document: 'EpiLink product default' },
    verification: 'unverified',
    note:
      'Forms morning and afternoon (4038/QĐ-BYT, 261/QĐ-BYT); the hours, the two missed forms and the ' +
      '30-minute delays are product defaults the province sets.',
  }),
];
