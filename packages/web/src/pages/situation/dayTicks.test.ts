/**
 * The situation room's day ticks (#19 QA item 5): "09/11" alone does not say which year; across
 * New Year "31/12" and "01/01" could be any two. The first tick carries the year, and every tick
 * does when the range spans years — in Vietnamese and in English, by Intl.
 */
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { Indicators } from './api.ts';
import { bedsOption, curveOption, positivityOption } from './charts.ts';

const t = ((key: string) => key) as unknown as TFunction;

function indicators(days: string[]): Indicators {
  return {
    unit: { code: '86', name: 'Vĩnh Long', level: 'province', population: 1000 },
    from: days[0]!,
    to: days.at(-1)!,
    asOf: days.at(-1)!,
    disease: 'COVID-19',
    days,
    series: {},
    totals: {},
    coverage: [],
  };
}

const ticks = (option: ReturnType<typeof curveOption>) => (option.xAxis as { data: string[] }).data;

describe('day ticks of the situation room', () => {
  it('name the year on the first tick of a range within one year', () => {
    const ind = indicators(['2026-11-09', '2026-11-10', '2026-11-11']);
    expect(ticks(curveOption(ind, t, 'vi'))).toEqual(['09/11/2026', '10/11', '11/11']);
    expect(ticks(curveOption(ind, t, 'en'))).toEqual(['09 Nov 2026', '10 Nov', '11 Nov']);
  });

  it('name the year on every tick of a range over New Year, on every day chart', () => {
    const ind = indicators(['2026-12-31', '2027-01-01']);
    for (const option of [curveOption, positivityOption, bedsOption]) {
      expect(ticks(option(ind, t, 'vi'))).toEqual(['31/12/2026', '01/01/2027']);
      expect(ticks(option(ind, t, 'en'))).toEqual(['31 Dec 2026', '01 Jan 2027']);
    }
  });
});
