/**
 * The situation room's chart options, built from one indicators answer (pure, so the dashboard and
 * presentation mode draw the same charts; `large` scales the type for a meeting-room screen).
 */
import type { TFunction } from 'i18next';
import { INTL_LOCALES } from '@epilink/core';
import { formatDate } from '../../format.ts';
import type { Indicators } from './api.ts';
import type { ChartOption } from './EChart.tsx';
import { dailyPositivity, percent } from './figures.ts';

/** Colours readable on white and in a projector's washed-out light. */
const COLOURS = ['#b42318', '#1d4ed8', '#047857', '#b45309', '#6d28d9'];

function base(large: boolean): ChartOption {
  const size = large ? 22 : 12;
  return {
    color: COLOURS,
    textStyle: { fontSize: size },
    grid: { left: large ? 80 : 48, right: large ? 80 : 48, top: large ? 70 : 44, bottom: large ? 60 : 36 },
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0, textStyle: { fontSize: size } },
  };
}

/**
 * The day ticks of the situation room's charts, by `Intl` in the reader's language: day and month
 * (09/11, 09 Nov), the year on the first tick, and on every tick when the range spans years — a
 * range over New Year ("31/12", "01/01") never leaves the reader guessing which year.
 */
export function dayTicks(days: readonly string[], lang: string): string[] {
  const locale = INTL_LOCALES[lang === 'en' ? 'en' : 'vi'];
  const month = lang === 'en' ? ('short' as const) : ('2-digit' as const);
  const format = new Intl.DateTimeFormat(locale, { day: '2-digit', month, year: 'numeric', timeZone: 'UTC' });
  const spansYears = new Set(days.map((d) => d.slice(0, 4))).size > 1;
  return days.map((d, i) => {
    const parts = format.formatToParts(new Date(`${d}T00:00:00Z`));
    if (spansYears || i === 0) return parts.map((p) => p.value).join('');
    // The same date without its year (and the separator before it): 09/11, 09 Nov — the
    // language's own order and separator, which Intl's day-and-month pattern alone does not keep.
    const year = parts.findIndex((p) => p.type === 'year');
    const drop = new Set([year, year > 0 ? year - 1 : year + 1]);
    return parts
      .filter((_, k) => !drop.has(k))
      .map((p) => p.value)
      .join('');
  });
}

function dayAxis(ind: Indicators, lang: string, large: boolean) {
  return {
    type: 'category' as const,
    data: dayTicks(ind.days, lang),
    axisLabel: { fontSize: large ? 20 : 11 },
  };
}

function valueAxis(large: boolean) {
  return { type: 'value' as const, minInterval: 1, axisLabel: { fontSize: large ? 20 : 11 } };
}

/** A 0–100 % axis (the legend names the series; the axis says the unit on each label). */
function percentAxis(large: boolean) {
  return {
    type: 'value' as const,
    min: 0,
    max: 100,
    axisLabel: { fontSize: large ? 20 : 11, formatter: '{value} %' },
  };
}

/** Epidemic curve: new cases per day by onset and by report date. */
export function curveOption(ind: Indicators, t: TFunction, lang: string, large = false): ChartOption {
  return {
    ...base(large),
    xAxis: dayAxis(ind, lang, large),
    yAxis: valueAxis(large),
    series: [
      { type: 'bar', name: t('situation.charts.byOnset'), data: ind.series.casesByOnset ?? [] },
      {
        type: 'line',
        name: t('situation.charts.byReport'),
        data: ind.series.casesByReport ?? [],
        symbolSize: large ? 8 : 4,
        lineStyle: { width: large ? 4 : 2 },
      },
    ],
  };
}

/** Tests per day (bars) and their positivity (line, right axis, %). */
export function positivityOption(ind: Indicators, t: TFunction, lang: string, large = false): ChartOption {
  return {
    ...base(large),
    xAxis: dayAxis(ind, lang, large),
    yAxis: [valueAxis(large), percentAxis(large)],
    series: [
      { type: 'bar', name: t('situation.charts.tests'), data: ind.series.tests ?? [], color: '#1d4ed8' },
      {
        type: 'bar',
        name: t('situation.charts.positive'),
        data: ind.series.testsPositive ?? [],
        color: '#b42318',
      },
      {
        type: 'line',
        name: t('situation.charts.positiveRate'),
        yAxisIndex: 1,
        data: dailyPositivity(ind),
        connectNulls: true,
        color: '#b45309',
        lineStyle: { width: large ? 4 : 2 },
      },
    ],
  };
}

/** Coverage by age band: first dose, primary series, booster as shares of the band's population. */
export function coverageOption(ind: Indicators, t: TFunction, large = false): ChartOption {
  const bands = ind.coverage;
  return {
    ...base(large),
    xAxis: { type: 'category', data: bands.map((b) => b.ageBand), axisLabel: { fontSize: large ? 20 : 11 } },
    yAxis: percentAxis(large),
    series: [
      {
        type: 'bar',
        name: t('situation.charts.firstDose'),
        data: bands.map((b) => percent(b.firstDose, b.population)),
        color: '#93c5fd',
      },
      {
        type: 'bar',
        name: t('situation.charts.fullSchedule'),
        data: bands.map((b) => percent(b.fullSchedule, b.population)),
        color: '#1d4ed8',
      },
      {
        type: 'bar',
        name: t('situation.charts.booster'),
        data: bands.map((b) => percent(b.booster, b.population)),
        color: '#047857',
      },
    ],
  };
}

/** Beds and ICU beds: in use (lines) against the beds there are (dashed). */
export function bedsOption(ind: Indicators, t: TFunction, lang: string, large = false): ChartOption {
  const width = large ? 4 : 2;
  const line = (name: string, data: number[] | undefined, color: string, dashed = false) => ({
    type: 'line' as const,
    name,
    data: data ?? [],
    color,
    showSymbol: false,
    lineStyle: { width, type: dashed ? ('dashed' as const) : ('solid' as const) },
  });
  return {
    ...base(large),
    xAxis: dayAxis(ind, lang, large),
    yAxis: valueAxis(large),
    series: [
      line(t('situation.charts.bedsOccupied'), ind.series.bedsOccupied, '#b42318'),
      line(t('situation.charts.bedsTotal'), ind.series.bedsTotal, '#b42318', true),
      line(t('situation.charts.icuOccupied'), ind.series.icuOccupied, '#6d28d9'),
      line(t('situation.charts.icuTotal'), ind.series.icuTotal, '#6d28d9', true),
    ],
  };
}

/** Epidemic level by week (1–4, a step line). */
export function levelsOption(
  weeks: { week: string; level: number }[],
  t: TFunction,
  lang: string,
  large = false,
): ChartOption {
  return {
    ...base(large),
    // Each week by its Monday in the reader's date format (09/11/2026), never the ISO date.
    xAxis: {
      type: 'category',
      data: weeks.map((w) => formatDate(w.week, lang) ?? w.week),
      axisLabel: { fontSize: large ? 20 : 11 },
    },
    yAxis: { type: 'value', min: 1, max: 4, interval: 1, axisLabel: { fontSize: large ? 20 : 11 } },
    series: [
      {
        type: 'line',
        step: 'end',
        name: t('situation.charts.level'),
        data: weeks.map((w) => w.level),
        color: '#b42318',
        lineStyle: { width: large ? 5 : 3 },
        symbolSize: large ? 12 : 6,
      },
    ],
  };
}

/** A sentence for screen readers: the chart's title, how many days, its last value. */
export function summaryOf(
  t: TFunction,
  title: string,
  values: readonly (number | null)[] | undefined,
): string {
  const list = values ?? [];
  const last = list.at(-1);
  return t('situation.charts.summary', {
    title,
    count: list.length,
    last: last === undefined || last === null ? '—' : String(last),
  });
}
