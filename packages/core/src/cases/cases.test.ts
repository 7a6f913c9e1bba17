import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../policy/defaultPolicies.ts';
import { ruleInForce } from '../policy/rules.ts';
import type { ConfirmationRule, InfectiousWindow } from '../policy/values.ts';
import type { TestEvidence } from './classification.ts';
import { classifyCase } from './classification.ts';
import { connectedComponents, venueClusters } from './clusters.ts';
import { computeDegrees, epiStatus } from './degree.ts';
import { followUpSchedule, monitoringUntil } from './followUp.ts';
import { infectiousWindow, localDate } from './window.ts';

const rule2022 = ruleInForce(DEFAULT_POLICIES, 'case.confirmationRule', '2022-05-01', 'COVID-19')
  ?.value as ConfirmationRule;
const windowRule = ruleInForce(DEFAULT_POLICIES, 'case.infectiousWindow', '2022-05-01', 'COVID-19')
  ?.value as InfectiousWindow;

const pcr = (outcome: TestEvidence['outcome'], sampledAt: string, ct: number | null = 22): TestEvidence => ({
  testType: 'rtPcr',
  outcome,
  ct: outcome === 'positive' ? ct : null,
  sampledAt,
});
const rapid = (outcome: TestEvidence['outcome'], sampledAt: string): TestEvidence => ({
  testType: 'rapidAntigen',
  outcome,
  ct: null,
  sampledAt,
});

describe('classification by the 2022 rule (1909/BYT-DP)', () => {
  it('a positive RT-PCR confirms, symptoms or not', () => {
    expect(
      classifyCase({ tests: [pcr('positive', '2022-05-02T02:00:00Z')], symptomatic: null }, rule2022),
    ).toBe('confirmed');
  });
  it('a positive rapid test confirms only with symptoms or a link; alone it is suspected (WHO 2022)', () => {
    const tests = [rapid('positive', '2022-05-02T02:00:00Z')];
    expect(classifyCase({ tests, symptomatic: true }, rule2022)).toBe('confirmed');
    expect(classifyCase({ tests, symptomatic: false, epidemiologicalLink: true }, rule2022)).toBe(
      'confirmed',
    );
    expect(classifyCase({ tests, symptomatic: false }, rule2022)).toBe('suspected');
  });
  it('symptoms alone are suspected; only negative results are discarded', () => {
    expect(classifyCase({ tests: [], symptomatic: true }, rule2022)).toBe('suspected');
    expect(
      classifyCase({ tests: [rapid('negative', '2022-05-02T02:00:00Z')], symptomatic: null }, rule2022),
    ).toBe('discarded');
    expect(
      classifyCase({ tests: [rapid('invalid', '2022-05-02T02:00:00Z')], symptomatic: null }, rule2022),
    ).toBe('suspected');
  });
});

describe('infectious window (11042/BYT-DP)', () => {
  it('starts 2 days before onset for a symptomatic case, else 2 days before the first positive sample', () => {
    const tests = [pcr('positive', '2022-05-05T03:00:00Z')];
    const sym = infectiousWindow({ tests, symptomatic: true, onsetDate: '2022-05-04' }, windowRule);
    expect(sym?.from.toISOString()).toBe('2022-05-01T17:00:00.000Z'); // 02/05 00:00 UTC+7
    expect(sym?.to).toBeNull();
    const asym = infectiousWindow({ tests, symptomatic: false, onsetDate: null }, windowRule);
    expect(asym?.from.toISOString()).toBe('2022-05-03T03:00:00.000Z');
  });
  it('ends at a negative test or a Ct above 30 taken after the positive sample', () => {
    const positive = pcr('positive', '2022-05-05T03:00:00Z');
    const w1 = infectiousWindow(
      { tests: [positive, pcr('negative', '2022-05-12T03:00:00Z')], symptomatic: false, onsetDate: null },
      windowRule,
    );
    expect(w1?.to?.toISOString()).toBe('2022-05-12T03:00:00.000Z');
    const w2 = infectiousWindow(
      {
        tests: [positive, pcr('positive', '2022-05-10T03:00:00Z', 31.5)],
        symptomatic: false,
        onsetDate: null,
      },
      windowRule,
    );
    expect(w2?.to?.toISOString()).toBe('2022-05-10T03:00:00.000Z');
    expect(
      infectiousWindow(
        { tests: [pcr('negative', '2022-05-12T03:00:00Z')], symptomatic: true, onsetDate: null },
        windowRule,
      ),
    ).toBeNull();
  });
  it('local dates are UTC+7 days', () => {
    expect(localDate(new Date('2022-05-04T18:00:00Z'))).toBe('2022-05-05');
  });
});

describe('F-degree from the graph', () => {
  const edges = [
    { from: 'A', to: 'B', status: 'confirmed' as const },
    { from: 'A', to: 'C', status: 'proposed' as const },
    { from: 'B', to: 'D', status: 'confirmed' as const },
    { from: 'D', to: 'E', status: 'confirmed' as const },
    { from: 'B', to: 'X', status: 'dismissed' as const },
  ];
  it('counts confirmed edges from the F0, proposed edges only in the proposed degree, any depth', () => {
    const d = computeDegrees(['A'], edges);
    expect(d.get('A')).toEqual({ degree: 0, proposedDegree: 0, exposedOn: null });
    expect(d.get('B')).toEqual({ degree: 1, proposedDegree: 1, exposedOn: null });
    expect(d.get('C')).toEqual({ degree: null, proposedDegree: 1, exposedOn: null });
    expect(d.get('E')).toEqual({ degree: 3, proposedDegree: 3, exposedOn: null });
    expect(d.get('X')).toEqual({ degree: null, proposedDegree: null, exposedOn: null });
  });
  it('a contact who turns positive becomes F0 and the people downstream move up', () => {
    const d = computeDegrees(['A', 'B'], edges);
    expect(d.get('B')?.degree).toBe(0);
    expect(d.get('D')?.degree).toBe(1);
    expect(d.get('E')?.degree).toBe(2);
  });
  it('derives the status label', () => {
    const degrees = { degree: 2, proposedDegree: 2 };
    expect(epiStatus({ activeF0: true, outcome: null, degrees, monitoring: false })).toBe('f0');
    expect(epiStatus({ activeF0: false, outcome: null, degrees, monitoring: true })).toBe('f2');
    expect(epiStatus({ activeF0: false, outcome: null, degrees, monitoring: false })).toBe('cleared');
    expect(
      epiStatus({
        activeF0: false,
        outcome: null,
        degrees: { degree: null, proposedDegree: 1 },
        monitoring: true,
      }),
    ).toBe('candidate');
    expect(epiStatus({ activeF0: false, outcome: 'recovered', degrees, monitoring: false })).toBe(
      'recovered',
    );
  });
});

describe('clusters', () => {
  it('connected components ignore dismissed edges', () => {
    const comps = connectedComponents(
      [
        { from: 'A', to: 'B', status: 'confirmed' },
        { from: 'C', to: 'B', status: 'proposed' },
        { from: 'D', to: 'E', status: 'confirmed' },
        { from: 'E', to: 'F', status: 'dismissed' },
      ],
      ['G'],
    );
    expect(comps).toEqual([['A', 'B', 'C'], ['D', 'E'], ['F'], ['G']]);
  });
  it('a venue cluster needs N distinct cases within the window', () => {
    const visits = [
      { caseId: 'c1', venueId: 'v1', date: '2022-05-01' },
      { caseId: 'c2', venueId: 'v1', date: '2022-05-03' },
      { caseId: 'c2', venueId: 'v1', date: '2022-05-04' },
      { caseId: 'c3', venueId: 'v1', date: '2022-05-09' },
      { caseId: 'c4', venueId: 'v1', date: '2022-06-20' },
      { caseId: 'c1', venueId: 'v2', date: '2022-05-01' },
      { caseId: 'c2', venueId: 'v2', date: '2022-05-01' },
    ];
    expect(venueClusters(visits, { minCases: 3, windowDays: 14 })).toEqual([
      { venueId: 'v1', from: '2022-05-01', to: '2022-05-09', caseIds: ['c1', 'c2', 'c3'] },
    ]);
    expect(venueClusters(visits, { minCases: 3, windowDays: 5 })).toEqual([]);
  });
});

describe('follow-up schedule', () => {
  it('is daily for the monitoring days after the exposure', () => {
    expect(followUpSchedule('2022-05-30', 3)).toEqual(['2022-05-31', '2022-06-01', '2022-06-02']);
    expect(monitoringUntil('2022-05-30', 10)).toBe('2022-06-09');
  });
});
