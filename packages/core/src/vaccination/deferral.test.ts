import { describe, expect, it } from 'vitest';
import { deferralAdvice, type StatusDeferralRule, type VaccinationStanding } from './deferral.ts';

const RULE: StatusDeferralRule = {
  deferActiveCase: true,
  deferMonitoredContact: true,
  afterPositiveDays: 180,
};
const none: VaccinationStanding = { epiStatus: null, order: null, lastPositiveOn: null };

describe('vaccination and the person’s standing (#19 item 3)', () => {
  it('an F0 in isolation is deferred to the day after the order; an open case without order has no date', () => {
    expect(
      deferralAdvice(
        {
          epiStatus: 'f0',
          order: { role: 'F0', kind: 'home_isolation', endDate: '2022-03-10' },
          lastPositiveOn: null,
        },
        RULE,
        '2022-03-01',
      ),
    ).toEqual({ action: 'defer', reasons: ['activeCase', 'isolationOrder'], until: '2022-03-11' });
    expect(deferralAdvice({ ...none, epiStatus: 'f0' }, RULE, '2022-03-01')).toEqual({
      action: 'defer',
      reasons: ['activeCase'],
      until: null,
    });
  });

  it('the latest of the days wins; a rule that defers nobody on standing, or no rule, vaccinates', () => {
    const s: VaccinationStanding = {
      epiStatus: 'f1',
      order: { role: 'F1', kind: 'home_quarantine', endDate: '2021-09-05' },
      lastPositiveOn: '2021-08-20',
    };
    expect(deferralAdvice(s, RULE, '2021-09-01').until).toBe('2022-02-16');
    expect(
      deferralAdvice(
        s,
        { deferActiveCase: false, deferMonitoredContact: false, afterPositiveDays: 0 },
        '2021-09-01',
      ),
    ).toEqual({ action: 'vaccinate', reasons: [], until: null });
    expect(deferralAdvice(s, undefined, '2021-09-01').action).toBe('vaccinate');
    // An F2, a possible F1 not yet confirmed, and someone cleared are not deferred on standing.
    for (const epiStatus of ['f2', 'candidate', 'cleared'])
      expect(deferralAdvice({ ...none, epiStatus }, RULE, '2021-09-01').action).toBe('vaccinate');
  });
});
