/**
 * The situation room's scope and figures, pure: what the address says (or the defaults: my
 * jurisdiction, the last 30 local days, COVID-19), and the key figures of an indicators answer.
 */
import { describe, expect, it } from 'vitest';
import type { Indicators } from './api.ts';
import { dailyPositivity, lastDay, percent, positivity, total } from './figures.ts';
import { scopeFrom } from './scope.ts';

// 23:30 UTC on 1 December is already 2 December in Bến Tre (UTC+7): "today" is the province's.
const lateEvening = new Date('2026-12-01T23:30:00Z');

describe('the scope in the address', () => {
  it('defaults to my jurisdiction over the last 30 local days, units as of today, COVID-19', () => {
    expect(scopeFrom(new URLSearchParams(), '83', lateEvening)).toEqual({
      unit: '83',
      from: '2026-11-03',
      to: '2026-12-02',
      asOf: '2026-12-02',
      disease: 'COVID-19',
    });
  });

  it('takes what the address says, and ignores what is malformed', () => {
    const params = new URLSearchParams({
      unit: '28756',
      from: '2021-07-01',
      to: '2022-03-31',
      asOf: '2022-01-01',
      disease: 'DENGUE',
    });
    expect(scopeFrom(params, '83', lateEvening)).toEqual({
      unit: '28756',
      from: '2021-07-01',
      to: '2022-03-31',
      asOf: '2022-01-01',
      disease: 'DENGUE',
    });
    const hostile = new URLSearchParams({ unit: "83' or 1=1", from: 'yesterday', disease: '<script>' });
    expect(scopeFrom(hostile, '829', lateEvening)).toMatchObject({
      unit: '829',
      from: '2026-11-03',
      disease: 'COVID-19',
    });
    // A period that ends before it starts shows its last day.
    const reversed = new URLSearchParams({ from: '2026-12-10', to: '2026-12-01' });
    expect(scopeFrom(reversed, '83', lateEvening)).toMatchObject({ from: '2026-12-01', to: '2026-12-01' });
  });
});

describe('key figures', () => {
  const answer: Indicators = {
    unit: { code: '83', name: 'Bến Tre', level: 'province', population: 1_300_000 },
    from: '2026-11-30',
    to: '2026-12-02',
    asOf: '2026-12-02',
    disease: 'COVID-19',
    days: ['2026-11-30', '2026-12-01', '2026-12-02'],
    series: { casesByReport: [4, 6, 2], tests: [100, 0, 80], testsPositive: [4, 0, 2] },
    totals: { casesByReport: 12, tests: 180, testsPositive: 6 },
    coverage: [],
  };

  it('says the last day and its change since the day before, and the period’s totals', () => {
    expect(lastDay(answer, 'casesByReport')).toEqual({ value: 2, change: -4 });
    expect(total(answer, 'casesByReport').value).toBe(12);
    expect(lastDay(answer, 'deaths')).toEqual({ value: null, change: null });
  });

  it('computes positivity over the period and per day, with no figure on a day without tests', () => {
    expect(positivity(answer)).toBeCloseTo(3.333, 2);
    expect(dailyPositivity(answer)).toEqual([4, null, 2.5]);
    expect(positivity({ ...answer, totals: {} })).toBeNull();
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(5, 0)).toBe(0);
  });
});
