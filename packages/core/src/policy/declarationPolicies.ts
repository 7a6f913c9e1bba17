/**
 * Declaration triage (issue #15 item 4): which answers of the shipped declarations (their linkIds,
 * core/src/declarations/shipped) suggest self-monitoring, a test, or isolation and a test. Product
 * defaults modelled on the 2021 practice (symptoms or a stay in an outbreak area → test; close
 * contact of a case → isolate and test; arrivals tested — from 16/12/2021 an arrival with verified
 * DCC evidence self-monitors instead), NOT verified against a dated legal text: marked unverified.
 * Officials publish their own dated rule.
 */
import type { TriageCondition, TriageRuleLine } from '../declarations/triage.ts';
import type { AnyPolicyRule } from './rules.ts';
import { policyRule } from './rules.ts';

const SYMPTOMS = ['fever', 'cough', 'breathless', 'soreThroat', 'lossOfTasteSmell', 'fatigue', 'diarrhoea'];

/** The 2021 lines other than arrivals (the versions of 2021-01-01 and 2021-12-16 share them). */
const RULES_2021: TriageRuleLine[] = [
  {
    reason: 'symptoms',
    when: { kind: 'anyCode', linkId: 'symptoms.list', codes: SYMPTOMS },
    action: 'test',
  },
  {
    reason: 'sickContact',
    when: { kind: 'boolean', linkId: 'exposure.sickContact', value: true },
    action: 'selfMonitor',
  },
  {
    reason: 'outbreakArea',
    when: { kind: 'boolean', linkId: 'exposure.outbreakArea', value: true },
    action: 'test',
  },
  {
    reason: 'caseContact',
    when: { kind: 'boolean', linkId: 'exposure.caseContact', value: true },
    action: 'isolateAndTest',
  },
  {
    reason: 'originLevel3',
    when: { kind: 'unitLevel', linkId: 'travel.unit', atLeast: 3 },
    action: 'selfMonitor',
  },
  {
    reason: 'originLevel3',
    when: { kind: 'unitLevel', linkId: 'trip.fromUnit', atLeast: 3 },
    action: 'selfMonitor',
  },
  {
    reason: 'originLevel4',
    when: { kind: 'unitLevel', linkId: 'travel.unit', atLeast: 4 },
    action: 'test',
  },
  {
    reason: 'originLevel4',
    when: { kind: 'unitLevel', linkId: 'trip.fromUnit', atLeast: 4 },
    action: 'test',
  },
];

/** An arrival (the entry declaration's arrival date is answered). */
const ARRIVAL: TriageCondition = { kind: 'answered', linkId: 'entry.arrivalDate' };

/**
 * Evidence the server verified on a scanned DCC, after DOMAIN.md's dated rules (10696/BYT-MT,
 * 16/12/2021: last dose ≥ 14 days and ≤ 6 months ago with a full primary series, or recovered within
 * 6 months; health status colours: negative PCR within 72 h): a complete vaccination series 14–180
 * days before the declaration, a recovery within 180 days, a negative test sampled on the day or the
 * two days before (never more than 72 h at day granularity).
 */
const VERIFIED_EVIDENCE: TriageCondition = {
  kind: 'anyOf',
  conditions: [
    { kind: 'verifiedDcc', types: ['vaccination'], completeSeries: true, minDays: 14, maxDays: 180 },
    { kind: 'verifiedDcc', types: ['recovery'], maxDays: 180 },
    { kind: 'verifiedDcc', types: ['test'], maxDays: 2 },
  ],
};

export const DECLARATION_POLICIES: readonly AnyPolicyRule[] = [
  policyRule({
    key: 'declaration.triage',
    diseaseCode: 'COVID-19',
    effectiveFrom: '2021-01-01',
    value: {
      rules: [
        ...RULES_2021,
        { reason: 'arrival', when: { kind: 'answered', linkId: 'entry.arrivalDate' }, action: 'test' },
      ],
    },
    source: { document: 'EpiLink product default (2021 declaration practice) — to be verified' },
    verification: 'unverified',
    note:
      'Unverified product default: any symptom or a stay in an outbreak area → test; close contact of a case → ' +
      'isolate and test; a place of origin at level 4 (Resolution 128/NQ-CP) → test, level 3 → self-monitor; ' +
      'every international arrival → test. Check against the MoH and province decisions in force on the day.',
  }),
  policyRule({
    key: 'declaration.triage',
    diseaseCode: 'COVID-19',
    effectiveFrom: '2021-12-16',
    value: {
      rules: [
        ...RULES_2021,
        {
          reason: 'arrival',
          when: { kind: 'allOf', conditions: [ARRIVAL, { kind: 'not', condition: VERIFIED_EVIDENCE }] },
          action: 'test',
        },
        {
          reason: 'arrivalVerifiedDcc',
          when: { kind: 'allOf', conditions: [ARRIVAL, VERIFIED_EVIDENCE] },
          action: 'selfMonitor',
        },
      ],
    },
    source: {
      document:
        'EpiLink product rule (issue #15): the 2021 default, arrivals with verified DCC evidence self-monitor — modelled on 10696/BYT-MT (16/12/2021) and the health status colours in DOMAIN.md; to be verified',
    },
    verification: 'unverified',
    note:
      'Product rule, not a legal text: as the 2021 default, but an arrival whose scanned DCC the server verified — ' +
      'a full primary series with the last dose 14–180 days before, a recovery within 180 days, or a negative test ' +
      'sampled within the last 2 days (≤ 72 h) — self-monitors instead of being tested. The periods follow DOMAIN.md ' +
      '(10696/BYT-MT: vaccinated ≥ 14 days and ≤ 6 months or recovered within 6 months; green/yellow status: negative ' +
      'PCR within 72 h); the entry rule of the period itself is not in DOMAIN.md. A device-claimed certificate never counts.',
  }),
  policyRule({
    key: 'declaration.triage',
    diseaseCode: 'COVID-19',
    effectiveFrom: '2022-03-15',
    value: {
      rules: [
        {
          reason: 'symptoms',
          when: { kind: 'anyCode', linkId: 'symptoms.list', codes: SYMPTOMS },
          action: 'test',
        },
        {
          reason: 'caseContact',
          when: { kind: 'boolean', linkId: 'exposure.caseContact', value: true },
          action: 'selfMonitor',
        },
        {
          reason: 'caseContactWithSymptoms',
          when: {
            kind: 'allOf',
            conditions: [
              { kind: 'boolean', linkId: 'exposure.caseContact', value: true },
              { kind: 'anyCode', linkId: 'symptoms.list', codes: SYMPTOMS },
            ],
          },
          action: 'isolateAndTest',
        },
        {
          reason: 'originLevel4',
          when: { kind: 'unitLevel', linkId: 'travel.unit', atLeast: 4 },
          action: 'selfMonitor',
        },
        {
          reason: 'originLevel4',
          when: { kind: 'unitLevel', linkId: 'trip.fromUnit', atLeast: 4 },
          action: 'selfMonitor',
        },
        { reason: 'arrival', when: { kind: 'answered', linkId: 'entry.arrivalDate' }, action: 'selfMonitor' },
      ],
    },
    source: { document: 'EpiLink product default (after the March 2022 reopening) — to be verified' },
    verification: 'unverified',
    note:
      'Unverified product default after reopening (international arrivals self-monitor from 15/03/2022, Official ' +
      'Dispatch 1265/CĐ-BYT — to be verified): symptoms → test; a case contact self-monitors unless symptomatic ' +
      '(then isolate and test); a level-4 origin → self-monitor.',
  }),
];
