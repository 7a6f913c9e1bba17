/**
 * The COVID-19 policy rules shipped as defaults, from DOMAIN.md. Officials can add newer rules
 * or correct these; nothing here is a constant in product code. Numbers DOMAIN.md marks
 * "(unverified)" are marked so (`verification` and `unverifiedPaths`), and so are rules whose
 * legal document we could not identify. Where DOMAIN.md gives only a month, `effectiveFrom` is the
 * first of that month and the note says the day is to be confirmed.
 */
import type { AnyPolicyRule } from './rules.ts';
import { policyRule } from './rules.ts';
import { ANALYTICS_POLICIES } from './analyticsPolicies.ts';
import { EARLY_WARNING_POLICIES } from './earlyWarningPolicies.ts';
import { QUARANTINE_POLICIES } from './quarantinePolicies.ts';
import { VACCINATION_POLICIES } from './vaccinationPolicies.ts';
import { ZONE_POLICIES } from './zonePolicies.ts';
import { DECLARATION_POLICIES } from './declarationPolicies.ts';

const COVID = 'COVID-19';
const DAY_TBC = 'DOMAIN.md gives only the month; the day of effect is to be confirmed.';

/** The default rule set (generic product defaults and COVID-19 rules 2021-2022). */
export const DEFAULT_POLICIES: readonly AnyPolicyRule[] = [
  ...VACCINATION_POLICIES,
  ...EARLY_WARNING_POLICIES,
  ...ZONE_POLICIES,
  ...DECLARATION_POLICIES,
  ...QUARANTINE_POLICIES,
  ...ANALYTICS_POLICIES,
  // ── Product defaults, not legal rules ────────────────────────────────────────────────────────
  policyRule({
    key: 'correction.escalation',
    diseaseCode: null,
    effectiveFrom: '2021-01-01',
    value: { unitDays: 5, districtDays: 5 },
    source: { document: 'EpiLink product default' },
    verification: 'unverified',
    note:
      'Five days at the unit that owns the record, then five at the district, before a citizen’s correction ' +
      'request goes up: a product default, not a legal rule; the province sets its own.',
  }),
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
    key: 'testing.poolEligibleReasons',
    diseaseCode: null,
    effectiveFrom: '2021-01-01',
    value: ['screening', 'travel'],
    source: { document: 'EpiLink product default (MoH pooled-testing practice)' },
    verification: 'unverified',
    note:
      'Pooling is for screening people at low risk; people with symptoms and contacts (F1) are tested ' +
      'individually. Confirm against the MoH pooled RT-PCR guidance.',
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

  policyRule({
    key: 'aefi.clusterRule',
    diseaseCode: null,
    effectiveFrom: '2021-01-01',
    value: { minReports: 2, windowDays: 14, relatedBy: ['lot', 'commune'] },
    source: { document: 'WHO, Causality assessment of an AEFI (2nd ed., 2019): cluster definition' },
    verification: 'unverified',
    note:
      'WHO: a cluster is two or more cases of the same or similar event related in time, geography and/or ' +
      'vaccine. The 14-day window is a product default; tune it per vaccine and event.',
  }),

  // ── Case definition and infectious period ──────────────────────────────────────────────────
  policyRule({
    key: 'case.infectiousWindow',
    diseaseCode: COVID,
    effectiveFrom: '2020-05-10',
    value: { daysBeforeOnset: 2, daysBeforeSampleIfAsymptomatic: 2, endCtAbove: 30 },
    source: { document: 'WHO, Contact tracing in the context of COVID-19, interim guidance, 10/5/2020' },
    verification: 'unverified',
    unverifiedPaths: ['endCtAbove'],
    note:
      'Before 11042/BYT-DP the contact window of WHO guidance (2 days before onset or sample); the ' +
      'end at Ct > 30 is carried back from 11042/BYT-DP. An official should confirm the national text.',
  }),
  policyRule({
    key: 'case.infectiousWindow',
    diseaseCode: COVID,
    effectiveFrom: '2021-12-29',
    value: {
      daysBeforeOnset: 2,
      daysBeforeSampleIfAsymptomatic: 2,
      endCtAbove: 30,
      rapidNegativeAfterLowCt: { ctBelow: 30, withinHours: 72 },
    },
    source: { document: '11042/BYT-DP' },
    verification: 'confirmed',
    unverifiedPaths: ['rapidNegativeAfterLowCt'],
    note:
      'From 2 days before onset (asymptomatic: before the positive sample) to a negative test or Ct > 30. ' +
      'A negative rapid test within 72 h of a positive RT-PCR with Ct < 30 does not end it on its own ' +
      '(product reading: antigen tests miss infectious people that soon after a low Ct).',
  }),
  policyRule({
    key: 'case.confirmationRule',
    diseaseCode: COVID,
    effectiveFrom: '2021-04-28',
    value: { anyOf: [{ allOf: ['rtPcrPositive'] }] },
    source: { document: '2022/QĐ-BYT' },
    verification: 'confirmed',
    note: 'RT-PCR positive only; a rapid antigen positive alone is a suspected case awaiting RT-PCR.',
  }),
  policyRule({
    key: 'case.confirmationRule',
    diseaseCode: COVID,
    effectiveFrom: '2021-12-29',
    value: {
      anyOf: [{ allOf: ['rtPcrPositive'] }, { allOf: ['epidemiologicalLink', 'rapidAntigenPositive'] }],
    },
    source: { document: '11042/BYT-DP' },
    verification: 'unverified',
    unverifiedPaths: ['anyOf[1]'],
    note:
      'Also an F1 with a positive rapid antigen test (DOMAIN.md: verify the exact wording; ' +
      '"2 rapid positives within 8 h with an epidemiological factor" is not encoded).',
  }),
  policyRule({
    key: 'case.confirmationRule',
    diseaseCode: COVID,
    effectiveFrom: '2022-04-15',
    value: {
      anyOf: [
        { allOf: ['rtPcrPositive'] },
        { allOf: ['symptoms', 'rapidAntigenPositive'] },
        { allOf: ['epidemiologicalLink', 'rapidAntigenPositive'] },
      ],
    },
    source: { document: '1909/BYT-DP' },
    verification: 'confirmed',
    note: 'RT-PCR; or symptoms + rapid antigen; or an epidemiological factor (e.g. an F1) + rapid antigen.',
  }),
  policyRule({
    key: 'contact.f1Criteria',
    diseaseCode: COVID,
    effectiveFrom: '2021-12-29',
    value: {
      criteria: [
        { code: 'physicalContact' },
        { code: 'closeWithMask', maxDistanceM: 2, sameClosedSpace: true, minMinutes: 15 },
        { code: 'closeWithoutMask', maxDistanceM: 2, sameClosedSpace: true },
        { code: 'caringWithoutPpe' },
      ],
      checkin: { minOverlapMinutes: 15, venueTypes: null, maskOffVenueTypes: ['restaurant', 'cafe'] },
    },
    source: { document: '11042/BYT-DP (F1 definitions of 29/12/2021); 1909/BYT-DP' },
    verification: 'confirmed',
    unverifiedPaths: ['checkin'],
    note:
      'Within 2 m or the same closed space ≥ 15 min with a mask; without a mask at any duration. ' +
      'Check-in proposals (product reading): overlap ≥ 15 min at any venue type (masked), any overlap at ' +
      'restaurants and cafés (people eat and drink unmasked).',
  }),

  // ── Quarantine of close contacts (F1): follow-up lasts quarantine + monitoring days ─────────
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
    effectiveFrom: '2021-12-16',
    value: {
      bands: [
        {
          appliesTo: {
            minDoses: null,
            minDaysSinceLastDose: 14,
            maxDaysSinceLastDose: 183,
            fullSeries: { default: 2, byProduct: { 'EU/1/20/1525': 1, Abdala: 3 } },
            recoveredWithinDays: 183,
          },
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
    source: { document: '10696/BYT-MT' },
    verification: 'confirmed',
    note:
      'Full primary series (Janssen 1 dose, Abdala 3, others 2), last dose ≥ 14 days and ≤ 6 months ' +
      '(183 days) ago, or recovered within 6 months: 7 days at home + 7 days self-monitoring; others ' +
      'stay on 5599/BYT-MT.',
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
    effectiveFrom: '2022-04-15',
    value: {
      bands: [{ appliesTo: null, place: 'none', quarantineDays: 0, testDays: [], monitoringDays: 10 }],
    },
    source: { document: '1909/BYT-DP' },
    verification: 'confirmed',
    note: 'F1 no longer quarantined: 10 days of precautions and self-monitoring from the last exposure.',
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

  policyRule({
    key: 'epidemicLevel.combining',
    diseaseCode: COVID,
    effectiveFrom: '2021-10-12',
    value: {
      rows: [
        { incidenceLevel: 1, coverageMet: 1, coverageNotMet: 2 },
        { incidenceLevel: 2, coverageMet: 2, coverageNotMet: 3 },
        { incidenceLevel: 3, coverageMet: 3, coverageNotMet: 4 },
        { incidenceLevel: 4, coverageMet: 4, coverageNotMet: 4 },
      ],
      capacityNotReported: 'blocksLowering',
    },
    source: { document: '4800/QĐ-BYT', article: 'combining table not identified in the text we could reach' },
    verification: 'unverified',
    unverifiedPaths: ['rows', 'capacityNotReported'],
    note:
      'Draft rule (DOMAIN.md, unverified): coverage below threshold raises the level by one, except at ' +
      'level 4. Product choice: treatment capacity not reported keeps the level from going down, as ' +
      'failing criterion 3 does (confirmed), so missing data never lowers a level.',
  }),
  policyRule({
    key: 'epidemicLevel.combining',
    diseaseCode: COVID,
    effectiveFrom: '2022-01-27',
    value: {
      rows: [
        { incidenceLevel: 1, coverageMet: 1, coverageNotMet: 2 },
        { incidenceLevel: 2, coverageMet: 2, coverageNotMet: 3 },
        { incidenceLevel: 3, coverageMet: 3, coverageNotMet: 4 },
        { incidenceLevel: 4, coverageMet: 4, coverageNotMet: 4 },
      ],
      capacityNotReported: 'blocksLowering',
    },
    source: { document: '218/QĐ-BYT', article: 'combining table not identified in the text we could reach' },
    verification: 'unverified',
    unverifiedPaths: ['rows', 'capacityNotReported'],
    note:
      "Confirmed: failing the vaccine criterion raised communes' levels (Ho Chi Minh City, 2/2022). " +
      'Unverified: that it raises by exactly one level (the table), carried over from the 4800 draft.',
  }),
  policyRule({
    key: 'epidemicLevel.aggregation',
    diseaseCode: COVID,
    effectiveFrom: '2021-10-12',
    value: {
      method: 'shareOfCommunes',
      rules: [
        { level: 4, communeLevelAtLeast: 4, minShare: 0.5 },
        { level: 3, communeLevelAtLeast: 3, minShare: 0.3 },
        { level: 3, communeLevelAtLeast: 2, minShare: 0.5 },
        { level: 3, communeLevelAtLeast: 4, minCount: 1 },
        { level: 2, communeLevelAtLeast: 2, minShare: 0.3 },
      ],
    },
    source: { document: '2686/QĐ-BCĐQG', article: 'district risk assessment (5/2021)' },
    verification: 'unverified',
    unverifiedPaths: ['rules[0]', 'rules[4]'],
    note:
      "Neither 4800 nor 218's district/province rule could be confirmed. Rules 1-3 are 2686's (a district " +
      'is "high risk" if ≥ 30 % of its communes are high risk, or ≥ 50 % "at risk", or any commune "very ' +
      'high"), read onto the four levels of Resolution 128; rules 0 (level 4) and 4 (level 2) are product ' +
      'defaults with no source. A province is assessed over all its communes the same way.',
  }),

  policyRule({
    key: 'epidemicLevel.capacity',
    diseaseCode: COVID,
    effectiveFrom: '2021-10-12',
    value: { minFreeBedsPer100k: 20, minFreeIcuBeds: 1 },
    source: {
      document: '218/QĐ-BYT',
      article: 'criterion 3 numbers not identified in the text we could reach',
    },
    verification: 'unverified',
    unverifiedPaths: ['minFreeBedsPer100k', 'minFreeIcuBeds'],
    note:
      'Product defaults with no source: DOMAIN.md names the measures of criterion 3 under 218 (commune care ' +
      'capacity, free COVID beds per 100k at district level, ICU beds) but not their thresholds. Only ' +
      'adequate capacity lets a level go down; it never raises one.',
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
