import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../policy/defaultPolicies.ts';
import { ruleInForce } from '../policy/rules.ts';
import type { RulesInForce } from './orders.ts';
import { proposeOrder } from './orders.ts';

const COVID = 'COVID-19';
const pfizer = 'EU/1/20/1528';
/** Rules in force on a date, read from the shipped defaults as the server reads its store. */
const rulesOn = (date: string): RulesInForce => ({
  f1: ruleInForce(DEFAULT_POLICIES, 'quarantine.f1', date, COVID)?.value ?? null,
  f0Home: ruleInForce(DEFAULT_POLICIES, 'quarantine.f0Home', date, COVID)?.value ?? null,
  homeCare: ruleInForce(DEFAULT_POLICIES, 'quarantine.f0HomeEligibility', date, COVID)?.value ?? null,
});

// Lan had two Pfizer doses, on 10/06/2021 and 01/07/2021; she never had COVID-19.
const lan = {
  doses: [
    { date: '2021-06-10', productCode: pfizer },
    { date: '2021-07-01', productCode: pfizer },
  ],
  recoveredOn: null,
};
const f1 = (exposureDate: string, immunity = lan) =>
  proposeOrder(rulesOn(exposureDate), { role: 'F1', exposureDate, immunity });

describe('the same F1 exposure gets the order of the rule in force on the exposure date', () => {
  it('20/07/2021 (5599/BYT-MT): 14 days in a facility, tests on days 1, 7 and 14, then 14 days of monitoring', () => {
    const r = f1('2021-07-20');
    expect(r.ok && r.order).toMatchObject({
      kind: 'facility_quarantine',
      start: '2021-07-20',
      quarantineEnd: '2021-08-03',
      end: '2021-08-17',
      testsDue: ['2021-07-21', '2021-07-27', '2021-08-03'],
    });
  });

  it('20/12/2021 (10696/BYT-MT): last dose 172 days ago (≤ 6 months) → 7 days at home, tests days 1 and 7, + 7 days', () => {
    const r = f1('2021-12-20');
    expect(r.ok && r.order).toMatchObject({
      kind: 'home_quarantine',
      quarantineEnd: '2021-12-27',
      end: '2022-01-03',
      testsDue: ['2021-12-21', '2021-12-27'],
    });
  });

  it('the vaccination-age condition of 10696: the same doses 6 months and more ago keep the facility rule', () => {
    // On 05/01/2022 Lan's last dose is 188 days old: more than 6 months.
    const r = f1('2022-01-05');
    expect(r.ok && r.order.kind).toBe('facility_quarantine');
    expect(r.ok && r.order.testsDue).toHaveLength(3);
    // A dose 10 days before the exposure does not count yet either.
    const fresh = { doses: [...lan.doses, { date: '2021-12-10', productCode: pfizer }], recoveredOn: null };
    expect(f1('2021-12-20', fresh)).toMatchObject({ ok: true, order: { kind: 'facility_quarantine' } });
  });

  it('01/03/2022 (762/BYT-DP): two doses → 5 days at home, test day 5, + 5 days; unvaccinated 7 + 3', () => {
    expect(f1('2022-03-01')).toMatchObject({
      ok: true,
      order: {
        kind: 'home_quarantine',
        quarantineEnd: '2022-03-06',
        end: '2022-03-11',
        testsDue: ['2022-03-06'],
      },
    });
    expect(f1('2022-03-01', { doses: [], recoveredOn: null })).toMatchObject({
      ok: true,
      order: {
        kind: 'home_quarantine',
        quarantineEnd: '2022-03-08',
        end: '2022-03-11',
        testsDue: ['2022-03-08'],
      },
    });
  });

  it('20/04/2022 (1909/BYT-DP): no quarantine, 10 days of self-monitoring and no test due', () => {
    expect(f1('2022-04-20')).toMatchObject({
      ok: true,
      order: { kind: 'monitoring', quarantineEnd: '2022-04-20', end: '2022-04-30', testsDue: [] },
    });
  });

  it('before the first quarantine rule there is no order, not a later rule', () => {
    expect(f1('2021-05-01')).toEqual({ ok: false, reason: 'noRuleInForce', eligibility: null });
  });
});

describe('a case (F0) cared for at home', () => {
  const facts = {
    role: 'F0' as const,
    sampleDate: '2022-03-01',
    immunity: lan,
    dateOfBirth: '1960-05-01',
    severity: 'mild' as const,
    spo2: 97,
    respiratoryRate: 18,
    underlyingDisease: true,
    pregnant: false,
  };

  it('vaccinated and mild: home isolation, release test day 7, at the latest day 10', () => {
    expect(proposeOrder(rulesOn('2022-03-01'), facts)).toMatchObject({
      ok: true,
      order: {
        kind: 'home_isolation',
        end: '2022-03-08',
        testsDue: ['2022-03-08'],
        formsPerDay: 2,
        release: { test: 'rapidAntigenNegative', latestEnd: '2022-03-11' },
      },
      eligibility: { outcome: 'eligible' },
    });
  });

  it('unvaccinated at 61 with an underlying disease: not for home care', () => {
    const r = proposeOrder(rulesOn('2022-03-01'), { ...facts, immunity: { doses: [], recoveredOn: null } });
    expect(r).toMatchObject({ ok: false, reason: 'notEligibleForHomeCare' });
    expect(r.eligibility?.failed).toEqual(['age', 'underlyingDisease']);
  });

  it('SpO2 not yet measured: proposed for assessment, never "eligible"', () => {
    const r = proposeOrder(rulesOn('2022-03-01'), { ...facts, spo2: null });
    expect(r).toMatchObject({ ok: true, eligibility: { outcome: 'needsAssessment', missing: ['spo2'] } });
  });

  it('SpO2 95 % on room air or breathing 22 a minute: not for home care', () => {
    expect(proposeOrder(rulesOn('2022-03-01'), { ...facts, spo2: 95 }).eligibility?.failed).toEqual(['spo2']);
    expect(
      proposeOrder(rulesOn('2022-03-01'), { ...facts, respiratoryRate: 22 }).eligibility?.failed,
    ).toEqual(['respiratoryRate']);
  });

  it('before 762/BYT-DP set the release rule (21/02/2022) no home-isolation order is computed', () => {
    expect(proposeOrder(rulesOn('2021-09-10'), { ...facts, sampleDate: '2021-09-10' })).toMatchObject({
      ok: false,
      reason: 'noRuleInForce',
    });
  });
});
