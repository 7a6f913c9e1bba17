import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../policy/defaultPolicies.ts';
import { ruleInForce } from '../policy/rules.ts';
import type { HealthReadings } from './warnings.ts';
import { warningSigns } from './warnings.ts';

const rule = ruleInForce(DEFAULT_POLICIES, 'quarantine.warningSigns', '2021-09-01', 'COVID-19')!.value;
const calm: HealthReadings = {
  symptoms: ['cough'],
  temperatureC: 37.8,
  spo2: 97,
  pulse: 88,
  respiratoryRate: 20,
  systolic: 118,
  diastolic: 76,
};
const codes = (form: Partial<HealthReadings>, age: number | null) =>
  warningSigns(rule, { ...calm, ...form }, age).map((s) => s.code);

describe('warning signs in a health form', () => {
  it('a cough and a mild fever are not warning signs', () => {
    expect(codes({}, 40)).toEqual([]);
  });

  it('breathing 21 a minute is a sign for an adult, not for a 3-year-old (≥ 40) nor a 7-year-old (≥ 30)', () => {
    expect(codes({ respiratoryRate: 21 }, 40)).toEqual(['respiratoryRate']);
    expect(codes({ respiratoryRate: 21 }, 3)).toEqual([]);
    expect(codes({ respiratoryRate: 21 }, 7)).toEqual([]);
    expect(codes({ respiratoryRate: 30 }, 7)).toEqual(['respiratoryRate']);
    expect(codes({ respiratoryRate: 39 }, 4)).toEqual([]);
    expect(codes({ respiratoryRate: 40 }, 4)).toEqual(['respiratoryRate']);
  });

  it('an unknown age takes the most sensitive band', () => {
    expect(codes({ respiratoryRate: 21 }, null)).toEqual(['respiratoryRate']);
  });

  it('SpO2 95 %, pulse 121 or 49, blood pressure 85/55 and breathing difficulty are signs', () => {
    expect(warningSigns(rule, { ...calm, spo2: 95 }, 30)).toEqual([
      { code: 'spo2', value: 95, threshold: 96 },
    ]);
    expect(codes({ pulse: 121 }, 30)).toEqual(['pulseHigh']);
    expect(codes({ pulse: 49 }, 30)).toEqual(['pulseLow']);
    expect(codes({ systolic: 85, diastolic: 55 }, 30)).toEqual(['bloodPressure']);
    expect(codes({ symptoms: ['breathingDifficulty', 'cyanosis'] }, 30)).toEqual([
      'breathingDifficulty',
      'cyanosis',
    ]);
  });
});
