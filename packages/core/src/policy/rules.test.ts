import { describe, it, expect } from 'vitest';
import { DEFAULT_POLICIES } from './defaultPolicies.ts';
import { POLICY_KEYS, validatePolicyValue } from './catalogue.ts';
import type { PolicyRule } from './rules.ts';
import { policyRule, ruleInForce, validatePolicyRules } from './rules.ts';

const src = { document: 'test' };
const monitoring = (effectiveFrom: string, value: number, diseaseCode: string | null = null): PolicyRule =>
  policyRule({
    key: 'checkin.retentionDays',
    diseaseCode,
    effectiveFrom,
    value,
    source: src,
    verification: 'confirmed',
  });

describe('finding the rule in force on a date', () => {
  const rules = [
    monitoring('2021-07-14', 14),
    monitoring('2022-04-15', 10),
    monitoring('2022-02-21', 7, 'COVID-19'),
  ];

  it('picks the latest rule that had started by that date', () => {
    expect(ruleInForce(rules, 'checkin.retentionDays', '2021-07-14')?.value).toBe(14);
    expect(ruleInForce(rules, 'checkin.retentionDays', '2022-04-14')?.value).toBe(14);
    expect(ruleInForce(rules, 'checkin.retentionDays', '2022-04-15')?.value).toBe(10);
  });

  it('prefers a rule for the disease over a generic one, even a newer generic one', () => {
    expect(ruleInForce(rules, 'checkin.retentionDays', '2022-03-01', 'COVID-19')?.value).toBe(7);
    expect(ruleInForce(rules, 'checkin.retentionDays', '2022-05-01', 'COVID-19')?.value).toBe(7);
    expect(ruleInForce(rules, 'checkin.retentionDays', '2022-01-01', 'COVID-19')?.value).toBe(14);
    expect(ruleInForce(rules, 'checkin.retentionDays', '2022-03-01', 'B05')?.value).toBe(14);
  });

  it('has nothing before the first rule, and refuses a malformed date', () => {
    expect(ruleInForce(rules, 'checkin.retentionDays', '2021-07-13')).toBeUndefined();
    expect(ruleInForce(rules, 'testing.poolMaxSize', '2022-01-01')).toBeUndefined();
    expect(() => ruleInForce(rules, 'checkin.retentionDays', '14/07/2021')).toThrow(RangeError);
  });
});

describe('the shipped COVID-19 defaults', () => {
  it('all validate, and cover every key of the catalogue', () => {
    expect(validatePolicyRules(DEFAULT_POLICIES)).toEqual([]);
    const keys = new Set(DEFAULT_POLICIES.map((r) => r.key));
    expect([...keys].sort()).toEqual(Object.keys(POLICY_KEYS).sort());
  });

  it('follow F1 quarantine from 14 days centralised (2021) to no quarantine (2022)', () => {
    const f1 = (d: string) => ruleInForce(DEFAULT_POLICIES, 'quarantine.f1', d, 'COVID-19');
    expect(f1('2021-08-01')?.value.bands[0]).toMatchObject({ place: 'centralised', quarantineDays: 14 });
    expect(f1('2022-03-01')?.source.document).toBe('762/BYT-DP');
    expect(f1('2022-03-01')?.value.bands.map((b) => b.quarantineDays)).toEqual([5, 7]);
    expect(f1('2022-05-01')?.value.bands[0]).toMatchObject({ place: 'none', monitoringDays: 10 });
    expect(f1('2021-07-01')).toBeUndefined();
  });

  it('switch epidemic-level thresholds from 4800 to 218 and keep unconfirmed numbers marked', () => {
    const oct = ruleInForce(DEFAULT_POLICIES, 'epidemicLevel.thresholds', '2021-11-01', 'COVID-19');
    expect(oct?.source.document).toBe('4800/QĐ-BYT');
    expect(oct?.value.incidenceBands.at(-1)).toEqual({ level: 4, fromPer100kPerWeek: 150, inclusive: true });
    expect(oct?.verification).toBe('unverified');
    expect(oct?.unverifiedPaths).toContain('incidenceBands[1]');
    const feb = ruleInForce(DEFAULT_POLICIES, 'epidemicLevel.thresholds', '2022-02-01', 'COVID-19');
    expect(feb?.value.incidenceBands.at(-1)).toEqual({ level: 4, fromPer100kPerWeek: 600, inclusive: false });
  });

  it('mark the status colours as an unverified example from another province', () => {
    const colours = ruleInForce(DEFAULT_POLICIES, 'status.colourRules', '2022-01-01', 'COVID-19');
    expect(colours?.verification).toBe('unverified');
    expect(colours?.value.rules.map((r) => r.colour)).toEqual(['red', 'green', 'yellow', 'red']);
  });
});

describe('validating a policy value an official typed', () => {
  it('explains what is wrong, with the path', () => {
    expect(validatePolicyValue('testing.poolMaxSize', 0)).toEqual(['expected an integer in [1, 100]']);
    expect(validatePolicyValue('case.infectiousWindow', { daysBeforeOnset: 2, endCtAbove: '30' })).toEqual([
      'daysBeforeSampleIfAsymptomatic: required',
      'endCtAbove: expected a number in [0, 50]',
    ]);
    expect(validatePolicyValue('linkage.thresholds', { match: 0.5, review: 0.9 })).toEqual([
      'review must not be above match',
    ]);
    expect(validatePolicyValue('no.such.key', 1)).toEqual(['unknown policy key no.such.key']);
  });

  it('rejects unknown fields, unknown condition kinds and colour rules that leave people without a colour', () => {
    expect(validatePolicyValue('quarantine.f0Home', { releaseAfterDays: 7, extra: 1 })).toContain(
      'unknown field extra',
    );
    const rule = { colour: 'green', hex: '#00ff00', label: { vi: 'Xanh', en: 'Green' } };
    expect(
      validatePolicyValue('status.colourRules', { rules: [{ ...rule, condition: { kind: 'magic' } }] }),
    ).toEqual([
      'rules[0].condition: expected kind to be one of activeCaseOrContact, fullyVaccinatedDays, firstDoseDays, recoveredWithinDays, negativePcrWithinHours, noData, always, anyOf',
      'rules: the last rule must have condition kind "always"',
    ]);
    expect(
      POLICY_KEYS['status.colourRules'].isValid({ rules: [{ ...rule, condition: { kind: 'always' } }] }),
    ).toBe(true);
  });

  it('finds duplicate versions in a rule set', () => {
    const problems = validatePolicyRules([monitoring('2022-01-01', 5), monitoring('2022-01-01', 6)]);
    expect(problems).toEqual([
      { index: 1, key: 'checkin.retentionDays', problem: 'duplicate key, disease and effectiveFrom' },
    ]);
  });
});
