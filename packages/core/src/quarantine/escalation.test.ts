import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../policy/defaultPolicies.ts';
import { ruleInForce } from '../policy/rules.ts';
import { localTime } from '../time/clock.ts';
import { escalationDue, formSlots, missedRun } from './escalation.ts';

const rule = ruleInForce(DEFAULT_POLICIES, 'quarantine.alertEscalation', '2021-09-01', null)!.value;
const at = (day: string, h: number, m = 0) => localTime(day, h, m);

describe('health-form slots and missed forms', () => {
  // An order confirmed at 09:00 on 1/9: the morning slot of that day is still open.
  const slots = formSlots(rule, '2021-09-01', '2021-09-03', at('2021-09-01', 5));
  it('two slots a day, in the province’s time', () => {
    expect(slots).toHaveLength(6);
    expect(slots[0]!.dueBy).toEqual(at('2021-09-01', 10));
    expect(slots[1]!.opensAt).toEqual(at('2021-09-01', 14));
  });

  it('counts the latest slots missed in a row', () => {
    const morning = [at('2021-09-01', 7)];
    expect(missedRun(slots, morning, at('2021-09-01', 19)).count).toBe(1);
    const run = missedRun(slots, morning, at('2021-09-02', 10, 1));
    expect(run.count).toBe(2);
    expect(run.first?.opensAt).toEqual(at('2021-09-01', 14));
    // A form in the last slot ends the run.
    expect(missedRun(slots, [...morning, at('2021-09-02', 9)], at('2021-09-02', 11)).count).toBe(0);
  });
});

describe('escalation of an unacknowledged alert', () => {
  const raised = at('2021-09-01', 8);
  const alert = { level: 'commune' as const, levelSince: raised, acknowledged: false, hasDistrict: true };
  it('stays at the commune before the delay, then goes to the district, then the province', () => {
    expect(escalationDue(rule, alert, at('2021-09-01', 8, 29))).toBeNull();
    expect(escalationDue(rule, alert, at('2021-09-01', 8, 30))).toBe('district');
    const atDistrict = { ...alert, level: 'district' as const, levelSince: at('2021-09-01', 8, 30) };
    expect(escalationDue(rule, atDistrict, at('2021-09-01', 8, 59))).toBeNull();
    expect(escalationDue(rule, atDistrict, at('2021-09-01', 9))).toBe('province');
    expect(escalationDue(rule, { ...atDistrict, level: 'province' }, at('2021-09-02', 9))).toBeNull();
  });

  it('an acknowledged alert stays; without a district (after 1/7/2025) the commune goes to the province', () => {
    expect(escalationDue(rule, { ...alert, acknowledged: true }, at('2021-09-02', 8))).toBeNull();
    expect(escalationDue(rule, { ...alert, hasDistrict: false }, at('2021-09-01', 9))).toBe('province');
  });
});
