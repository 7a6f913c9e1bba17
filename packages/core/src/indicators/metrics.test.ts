import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/codes.ts';
import {
  INDICATOR_METRICS,
  METRIC_KIND,
  isIndicatorMetric,
  metricColumn,
  periodDays,
  periodTotal,
} from './metrics.ts';
import { MAX_PERIOD_DAYS, checkPeriod, isLocalDay } from './query.ts';

describe('the indicator catalogue', () => {
  it('names a rollup column for every metric, each once', () => {
    expect(metricColumn('casesByOnset')).toBe('cases_by_onset');
    expect(metricColumn('contactsF1')).toBe('contacts_f1');
    expect(new Set(INDICATOR_METRICS.map(metricColumn)).size).toBe(INDICATOR_METRICS.length);
    expect(isIndicatorMetric('bedsOccupied')).toBe(true);
    expect(isIndicatorMetric('cases')).toBe(false);
  });

  it('sums flows over a period and takes a stock on its last day', () => {
    expect(METRIC_KIND.casesByReport).toBe('flow');
    expect(periodTotal('casesByReport', [1, 2, 3])).toBe(6);
    expect(periodTotal('casesActive', [5, 7, 4])).toBe(4);
    expect(periodTotal('bedsTotal', [])).toBe(0);
  });

  it('lists every day of a period, across a month and a leap day', () => {
    expect(periodDays('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(periodDays('2024-03-01', '2024-03-01')).toEqual(['2024-03-01']);
  });
});

describe('the rules of an indicator query', () => {
  const refusal = (f: () => void) => {
    try {
      f();
    } catch (e) {
      return isAppError(e) ? e.code : 'other';
    }
    return null;
  };

  it('accepts a period from ≤ to within the limit', () => {
    expect(
      refusal(() => {
        checkPeriod('2021-07-01', '2023-06-30');
      }),
    ).toBeNull();
  });

  it('refuses a backwards period, an overlong one and a day that does not exist', () => {
    expect(
      refusal(() => {
        checkPeriod('2022-01-02', '2022-01-01');
      }),
    ).toBe('INDICATOR_PERIOD_INVALID');
    expect(
      refusal(() => {
        checkPeriod('2020-01-01', '2024-01-01');
      }),
    ).toBe('INDICATOR_PERIOD_TOO_LONG');
    expect(MAX_PERIOD_DAYS).toBeGreaterThanOrEqual(731);
    expect(
      refusal(() => {
        checkPeriod('2022-02-30', '2022-03-01');
      }),
    ).toBe('VALIDATION_FAILED');
    expect(isLocalDay('2024-02-29')).toBe(true);
    expect(isLocalDay('2023-02-29')).toBe(false);
  });
});
