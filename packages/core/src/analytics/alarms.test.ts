import { describe, expect, it } from 'vitest';
import { evaluateAlarms, weeklyIncidence } from './alarms.ts';

const quiet = [2, 3, 2, 1, 2, 3, 2, 2, 3, 2, 1, 2, 3, 2];

describe('early-warning alarms of a commune on one day', () => {
  it('a quiet fortnight raises nothing', () => {
    expect(evaluateAlarms({ casesByReport: quiet, residents: 10_000, weeklyIncidencePer100k: 500 })).toEqual(
      [],
    );
  });

  it('a burst on the last day raises C1 and C2 with their upper bounds, and the weekly incidence', () => {
    const burst = [...quiet.slice(0, -1), 30];
    const signals = evaluateAlarms({ casesByReport: burst, residents: 10_000, weeklyIncidencePer100k: 100 });
    expect(signals.map((s) => s.method)).toEqual(['C1', 'C2', 'weeklyIncidence']);
    const c1 = signals[0]!;
    expect(c1.observed).toBe(30);
    expect(c1.threshold).toBeGreaterThan(2);
    expect(c1.threshold).toBeLessThan(30);
    // 7 days: 3 + 2 + 1 + 2 + 3 + 2 + 30 = 43 cases in 10,000 people = 430 per 100,000.
    expect(signals[2]).toEqual({ method: 'weeklyIncidence', observed: 430, threshold: 100 });
  });

  it('no weekly-incidence alarm without a policy, without residents or without cases', () => {
    const burst = [...quiet.slice(0, -1), 30];
    const methods = (residents: number, per100k: number | null) =>
      evaluateAlarms({ casesByReport: burst, residents, weeklyIncidencePer100k: per100k }).map(
        (s) => s.method,
      );
    expect(methods(10_000, null)).not.toContain('weeklyIncidence');
    expect(methods(0, 1)).not.toContain('weeklyIncidence');
    expect(
      evaluateAlarms({
        casesByReport: new Array<number>(14).fill(0),
        residents: 10,
        weeklyIncidencePer100k: 0,
      }),
    ).toEqual([]);
  });

  it('a short history evaluates only the methods it can', () => {
    expect(
      evaluateAlarms({
        casesByReport: [0, 0, 0, 0, 0, 0, 0, 9],
        residents: 0,
        weeklyIncidencePer100k: null,
      }).map((s) => s.method),
    ).toEqual(['C1']);
    expect(evaluateAlarms({ casesByReport: [], residents: 1, weeklyIncidencePer100k: 1 })).toEqual([]);
  });

  it('after a silent fortnight one case alarms EARS only without a minimum sd (minSigma)', () => {
    const silent = (last: number, minSigma?: number) =>
      evaluateAlarms({
        casesByReport: [...new Array<number>(13).fill(0), last],
        residents: 0,
        weeklyIncidencePer100k: null,
        ...(minSigma === undefined ? {} : { minSigma }),
      }).map((s) => s.method);
    // The surveillance package's default (minSigma 0): the first case is above a bound of 0.
    expect(silent(1)).toEqual(['C1', 'C2']);
    // With minSigma 1, C1's bound is 0 + 3.09 · 1 and C2's 0 + 3.09 · 1: 3 cases do not alarm, 4 do.
    expect(silent(1, 1)).toEqual([]);
    expect(silent(3, 1)).toEqual([]);
    expect(silent(4, 1)).toEqual(['C1', 'C2']);
  });

  it('weekly incidence counts the last 7 days only', () => {
    expect(weeklyIncidence([100, 1, 1, 1, 1, 1, 1, 1], 700_000)).toBe(1);
  });
});
