/**
 * The COVID-19 policy rules shipped as defaults, from DOMAIN.md. Officials can add newer rules
 * or correct these; nothing here is a constant in product code. Numbers DOMAIN.md marks
 * "(unverified)" are marked so (`verification` and `unverifiedPaths`), and so are rules whose
 * legal document we could not identify. Where DOMAIN.md gives only a month, `effectiveFrom` is the
 * first of that month and the note says the day is to be confirmed.
 */
import type { AnyPolicyRule } from './rules.ts';
import { policyRule } from './rules.ts';

const COVID = 'COVID-19';
const DAY_TBC = 'DOMAIN.md gives only the month; the day of effect is to be confirmed.';

/** The default rule set (generic product defaults and COVID-19 rules 2021-2022). */
export const DEFAULT_POLICIES: readonly AnyPolicyRule[] = [
  // ── Product defaults, not legal rules ────────────────────────────────────────────────────────
  policyRule({
    key: 'checkin.retentionDays',
    diseaseCode: null,
    effectiveFrom: '2021-01-01',
    value: 30,
    source: { document: 'EpiLink product default' },
    verification: 'unverified',
    note: 'Product default of 30 days (issue: venue check-in retention); no legal text found.',
  }),
  policyRule({
    key: 'testing.poolMaxSize',
    diseaseCode: null,
    effectiveFrom: '2021-01-01',
    value: 10,
    source: { document: 'EpiLink product default' },
    verification: 'unverified',
    note: 'Pools of up to 10 samples were common practice; confirm against the MoH pooling guidance.',
  }),
  policyRule({
    key: 'linkage.thresholds',
    diseaseCode: null,
    effectiveFrom: '2021-01-01',
    value: { match: 0.9, review: 0.5 },
    source: { document: 'EpiLink record-linkage design (packages/core/src/linkage/score.ts)' },
    verification: 'unverified',
    note: 'A technical setting, not a legal rule: tune on local data.',
  }),

  // ── Case definition and infectious period ──────────────────────────────────────────────────
  policyRule({
    key: 'case.infectiousWindow',
    diseaseCode: COVID,
    effectiveFrom: '2021-12-01',
    value: { daysBeforeOnset: 2, daysBeforeSampleIfAsymptomatic: 2, endCtAbove: 30 },
    source: { document: '11042/BYT-DP' },
    verification: 'confirmed',
    note: DAY_TBC,
  }),
  policyRule({
    key: 'case.confirmationRule',
    diseaseCode: COVID,
    effectiveFrom: '2022-04-01',
    value: { anyOf: [{ allOf: ['rtPcrPositive'] }, { allOf: ['symptoms', 'rapidAntigenPositive'] }] },
    source: { document: '1909/BYT-DP' },
    verification: 'confirmed',
    note: DAY_TBC,
  }),
  policyRule({
    key: 'contact.f1Criteria',
    diseaseCode: COVID,
    effectiveFrom: '2021-01-01',
    value: {
      criteria: [
        { code: 'physicalContact' },
        { code: 'closeWithMask', maxDistanceM: 1, sameClosedSpace: true, minMinutes: 15 },
        { code: 'closeWithoutMask', maxDistanceM: 1, sameClosedSpace: true },
        { code: 'caringWithoutPpe' },
      ],
    },
    source: { document: 'MoH F1 definition (document number not identified)' },
    verification: 'unverified',
    note: 'Criteria as in DOMAIN.md; the legal document and its date are to be identified.',
  }),

  // ── Quarantine of close contacts (F1) ──────────────────────────────────────────────────────
  policyRule({
    key: 'quarantine.f1',
    diseaseCode: COVID,
    effectiveFrom: '2021-07-14',
    value: {
      bands: [
        {
          appliesTo: null,
          place: 'centralised',
          quarantineDays: 14,
          testDays: [1, 7, 14],
          monitoringDays: 14,
        },
      ],
    },
    source: { document: '5599/BYT-MT' },
    verification: 'confirmed',
  }),
  policyRule({
    key: 'quarantine.f1',
    diseaseCode: COVID,
    effectiveFrom: '2021-12-01',
    value: {
      bands: [
        {
          appliesTo: { minDoses: 2, minDaysSinceLastDose: null, recoveredWithinDays: null },
          place: 'home',
          quarantineDays: 7,
          testDays: [1, 7],
          monitoringDays: 7,
        },
        {
          appliesTo: null,
          place: 'centralised',
          quarantineDays: 14,
          testDays: [1, 7, 14],
          monitoringDays: 14,
        },
      ],
    },
    source: { document: 'MoH guidance 12/2021 (document number not identified)' },
    verification: 'unverified',
    unverifiedPaths: ['bands[0].appliesTo', 'bands[1]'],
    note:
      `${DAY_TBC} "Fully vaccinated or recovered" is encoded as 2 doses (recovery window unknown); ` +
      'the band for everyone else is carried over from 5599/BYT-MT, not from this guidance.',
  }),
  policyRule({
    key: 'quarantine.f1',
    diseaseCode: COVID,
    effectiveFrom: '2022-02-21',
    value: {
      bands: [
        {
          appliesTo: { minDoses: 2, minDaysSinceLastDose: 14, recoveredWithinDays: 90 },
          place: 'home',
          quarantineDays: 5,
          testDays: [5],
          monitoringDays: 5,
        },
        { appliesTo: null, place: 'home', quarantineDays: 7, testDays: [7], monitoringDays: 3 },
      ],
    },
    source: { document: '762/BYT-DP' },
    verification: 'confirmed',
    note: '"Recovered < 3 months" is encoded as 90 days.',
  }),
  policyRule({
    key: 'quarantine.f1',
    diseaseCode: COVID,
    effectiveFrom: '2022-04-01',
    value: {
      bands: [{ appliesTo: null, place: 'none', quarantineDays: 0, testDays: [], monitoringDays: 10 }],
    },
    source: { document: '1909/BYT-DP' },
    verification: 'confirmed',
    note: `F1 no longer quarantined: 10 days of precautions and self-monitoring. ${DAY_TBC}`,
  }),

  // ── Cases isolated at home (F0) ────────────────────────────────────────────────────────────
  policyRule({
    key: 'quarantine.f0Home',
    diseaseCode: COVID,
    effectiveFrom: '2022-02-21',
    value: {
      releaseAfterDays: 7,
      releaseTest: 'rapidAntigenNegative',
      maxDaysFullyVaccinated: 10,
      maxDaysOther: 14,
      healthFormsPerDay: 2,
    },
    source: { document: '762/BYT-DP' },
    verification: 'confirmed',
    note: 'Two health forms a day (morning, afternoon) come from 4038/QĐ-BYT and 261/QĐ-BYT.',
  }),

  // ── Follow-up ──────────────────────────────────────────────────────────────────────────────
  policyRule({
    key: 'followUp.monitoringDays',
    diseaseCode: COVID,
    effectiveFrom: '2021-07-14',
    value: 14,
    source: { document: '5599/BYT-MT' },
    verification: 'confirmed',
  }),
  policyRule({
    key: 'followUp.monitoringDays',
    diseaseCode: COVID,
    effectiveFrom: '2022-04-01',
    value: 10,
    source: { document: '1909/BYT-DP' },
    verification: 'confirmed',
    note: DAY_TBC,
  }),

  policyRule({
    key: 'cluster.venueMinCases',
    diseaseCode: null,
    effectiveFrom: '2021-01-01',
    value: { minCases: 3, windowDays: 14 },
    source: { document: 'EpiLink product default' },
    verification: 'unverified',
    note: 'Product default (issue 5: venue clusters); no legal text found. Tune per disease.',
  }),

  // ── Epidemic levels ────────────────────────────────────────────────────────────────────────
  policyRule({
    key: 'epidemicLevel.thresholds',
    diseaseCode: COVID,
    effectiveFrom: '2021-10-12',
    value: {
      incidenceBands: [
        { level: 1, fromPer100kPerWeek: 0, inclusive: true },
        { level: 2, fromPer100kPerWeek: 20, inclusive: true },
        { level: 3, fromPer100kPerWeek: 50, inclusive: true },
        { level: 4, fromPer100kPerWeek: 150, inclusive: true },
      ],
      alsoCounts: [],
      coverage: [
        { population: 'adults18Plus', measure: 'atLeastOneDose', minShare: 0.7 },
        { population: 'elderly65Plus', measure: 'fullyVaccinated', minShare: 0.8 },
      ],
      coverageFailureRaisesLevel: true,
      capacityFailureBlocksLowering: true,
    },
    source: { document: '4800/QĐ-BYT' },
    verification: 'unverified',
    unverifiedPaths: ['incidenceBands[1]', 'incidenceBands[2]', 'coverage[1]', 'coverageFailureRaisesLevel'],
    note:
      'Confirmed: level 4 at ≥ 150 cases/100k/week; failing criterion 3 keeps the level from going down. ' +
      'Unverified: the lower bands, the 65+ coverage share, and the draft rule raising the level by one.',
  }),
  policyRule({
    key: 'epidemicLevel.thresholds',
    diseaseCode: COVID,
    effectiveFrom: '2022-01-27',
    value: {
      incidenceBands: [
        { level: 1, fromPer100kPerWeek: 0, inclusive: true },
        { level: 2, fromPer100kPerWeek: 20, inclusive: true },
        { level: 3, fromPer100kPerWeek: 50, inclusive: true },
        { level: 4, fromPer100kPerWeek: 600, inclusive: false },
      ],
      alsoCounts: ['oxygenPatients', 'deaths'],
      coverage: [
        { population: 'totalPopulation', measure: 'fullyVaccinated', minShare: 0.75 },
        { population: 'highRisk', measure: 'fullyVaccinated', minShare: 0.9 },
      ],
      coverageFailureRaisesLevel: true,
      capacityFailureBlocksLowering: true,
    },
    source: { document: '218/QĐ-BYT' },
    verification: 'unverified',
    unverifiedPaths: ['incidenceBands[1]', 'incidenceBands[2]'],
    note:
      'Confirmed: level 4 above 600 cases/100k/week; coverage ≥ 75 % of the population and ≥ 90 % of ' +
      'high-risk people fully vaccinated; failing coverage raised levels (HCMC 2/2022); failing ' +
      'criterion 3 blocks lowering. Levels 2-3 bands were not found and are carried over from 4800.',
  }),

  // ── Health status colours ──────────────────────────────────────────────────────────────────
  policyRule({
    key: 'status.colourRules',
    diseaseCode: COVID,
    effectiveFrom: '2021-10-01',
    value: {
      rules: [
        {
          colour: 'red',
          hex: '#c62828',
          label: { vi: 'Đỏ', en: 'Red' },
          condition: { kind: 'activeCaseOrContact' },
        },
        {
          colour: 'green',
          hex: '#2e7d32',
          label: { vi: 'Xanh', en: 'Green' },
          condition: {
            kind: 'anyOf',
            conditions: [
              { kind: 'fullyVaccinatedDays', min: 14 },
              { kind: 'recoveredWithinDays', max: 180 },
            ],
          },
        },
        {
          colour: 'yellow',
          hex: '#f9a825',
          label: { vi: 'Vàng', en: 'Yellow' },
          condition: {
            kind: 'anyOf',
            conditions: [
              { kind: 'firstDoseDays', min: 14 },
              { kind: 'negativePcrWithinHours', max: 72 },
            ],
          },
        },
        { colour: 'red', hex: '#c62828', label: { vi: 'Đỏ', en: 'Red' }, condition: { kind: 'always' } },
      ],
    },
    source: { document: 'Khánh Hòa provincial rule, 10/2021 (PC-Covid)' },
    verification: 'unverified',
    unverifiedPaths: ['rules[0]'],
    note:
      'Khánh Hòa example; Bến Tre’s own rule was not found. Showing an active F0/F1 as red ' +
      '(DOMAIN.md: "flagged whatever the doses") is our reading. ' +
      DAY_TBC,
  }),
];
