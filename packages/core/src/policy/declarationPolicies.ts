/**
 * Declaration triage (issue #15 item 4): which answers of the shipped declarations (their linkIds,
 * core/src/declarations/shipped) suggest self-monitoring, a test, or isolation and a test. Product
 * defaults modelled on the 2021 practice (symptoms or a stay in an outbreak area → test; close
 * contact of a case → isolate and test; arrivals tested), NOT verified against a dated legal text:
 * marked unverified. Officials publish their own dated rule.
 */
import type { AnyPolicyRule } from './rules.ts';
import { policyRule } from './rules.ts';

const SYMPTOMS = ['fever', 'cough', 'breathless', 'soreThroat', 'lossOfTasteSmell', 'fatigue', 'diarrhoea'];

export const DECLARATION_POLICIES: readonly AnyPolicyRule[] = [
  policyRule({
    key: 'declaration.triage',
    diseaseCode: 'COVID-19',
    effectiveFrom: '2021-01-01',
    value: {
      rules: [
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
