/**
 * ECharts options of the analysis page: the curve with the nowcast band, Rt with its 95 % interval
 * and the line at 1, the forecast fan. Intervals are drawn as stacked areas (an invisible lower
 * edge, then the band's width), so only the line and bar charts the situation room loads are needed.
 */
import type { TFunction } from 'i18next';
import type { ChartOption } from '../situation/EChart.tsx';
import type { UnitAnalysis } from './api.ts';
import { formatDate } from '../../format.ts';

const BAND = '#9ecae1';
const BAND_DARK = '#4292c6';
const LINE = '#08519c';

type Value = number | null;

/** An interval as two stacked series: the lower edge (invisible) and the width above it. */
export function band(name: string, stack: string, lower: Value[], upper: Value[], color: string) {
  return [
    {
      name: `${name}-lower`,
      type: 'line' as const,
      stack,
      data: lower,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      tooltip: { show: false },
      silent: true,
    },
    {
      name,
      type: 'line' as const,
      stack,
      data: upper.map((u, i) => {
        const l = lower[i] ?? null;
        return u === null || l === null ? null : u - l;
      }),
      symbol: 'none',
      lineStyle: { opacity: 0 },
      areaStyle: { color, opacity: 0.6 },
      itemStyle: { color },
      silent: true,
    },
  ];
}

/** A chart's day axis in the reader's one date format (07/08/2026, 07 Aug 2026), never the ISO date. */
export function dayLabels(days: readonly string[], lang: string): string[] {
  return days.map((d) => formatDate(d, lang) ?? d);
}

const base = (days: string[], lang: string) => ({
  grid: { left: 40, right: 12, top: 36, bottom: 28, containLabel: true },
  tooltip: { trigger: 'axis' as const },
  xAxis: { type: 'category' as const, data: dayLabels(days, lang) },
  yAxis: { type: 'value' as const, min: 0 },
});

/** Cases by onset (bars), by report (line), and the nowcast's expected totals with their 90 % band. */
export function curveOption(a: UnitAnalysis, t: TFunction, lang: string): ChartOption {
  const k = (key: string) => t(`analyticsWeb.${key}`);
  const byDay = new Map(a.nowcast.days.map((d) => [d.day, d]));
  const pick = (f: (d: UnitAnalysis['nowcast']['days'][number]) => number | null) =>
    a.days.map((day) => {
      const d = byDay.get(day);
      return d ? f(d) : null;
    });
  return {
    ...base(a.days, lang),
    legend: { top: 0, data: [k('byOnset'), k('byReport'), k('nowcast'), k('nowcastBand')] },
    series: [
      ...band(
        k('nowcastBand'),
        'nowcast',
        pick((d) => d.lower90),
        pick((d) => d.upper90),
        BAND,
      ),
      { name: k('byOnset'), type: 'bar', data: a.casesByOnset, itemStyle: { color: '#fd8d3c' } },
      {
        name: k('byReport'),
        type: 'line',
        data: a.casesByReport,
        symbol: 'none',
        itemStyle: { color: '#636363' },
      },
      {
        name: k('nowcast'),
        type: 'line',
        data: pick((d) => d.expected),
        symbol: 'circle',
        symbolSize: 4,
        lineStyle: { type: 'dashed' },
        itemStyle: { color: LINE },
      },
    ],
  };
}

/** Rt per window end (reliable windows only), its 95 % interval and the line at 1. */
export function rtOption(a: UnitAnalysis, t: TFunction, lang: string): ChartOption {
  const k = (key: string) => t(`analyticsWeb.${key}`);
  const windows = a.rt.windows;
  const shown = (f: (w: (typeof windows)[number]) => number) =>
    windows.map((w) => (w.reliable ? f(w) : null));
  return {
    ...base(
      windows.map((w) => w.end),
      lang,
    ),
    legend: { top: 0, data: [k('rtMedian'), k('rtBand'), k('rtOne')] },
    series: [
      ...band(
        k('rtBand'),
        'rt',
        shown((w) => w.lower95),
        shown((w) => w.upper95),
        BAND,
      ),
      {
        name: k('rtMedian'),
        type: 'line',
        data: shown((w) => w.median),
        symbol: 'none',
        itemStyle: { color: LINE },
      },
      {
        name: k('rtOne'),
        type: 'line',
        data: windows.map(() => 1),
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 1 },
        itemStyle: { color: '#d62728' },
        silent: true,
      },
    ],
  };
}

/** The last 4 weeks (onsets with nowcast) then 14 forecast days: median and 50 / 90 % fans. */
export function forecastOption(a: UnitAnalysis, t: TFunction, lang: string): ChartOption {
  const k = (key: string) => t(`analyticsWeb.${key}`);
  const f = a.forecast?.days ?? [];
  const past = a.days.slice(-28);
  const observed = a.casesByOnsetNowcast.slice(-28);
  const gap = past.map(() => null);
  const col = (g: (d: (typeof f)[number]) => number) => [...gap, ...f.map(g)];
  return {
    ...base([...past, ...f.map((d) => d.day)], lang),
    legend: { top: 0, data: [k('nowcast'), k('forecastMedian'), k('forecast50'), k('forecast90')] },
    series: [
      ...band(
        k('forecast90'),
        'f90',
        col((d) => d.lower90),
        col((d) => d.upper90),
        BAND,
      ),
      ...band(
        k('forecast50'),
        'f50',
        col((d) => d.lower50),
        col((d) => d.upper50),
        BAND_DARK,
      ),
      {
        name: k('nowcast'),
        type: 'bar',
        data: [...observed, ...f.map(() => null)],
        itemStyle: { color: '#fd8d3c' },
      },
      {
        name: k('forecastMedian'),
        type: 'line',
        data: col((d) => d.median),
        symbol: 'none',
        itemStyle: { color: LINE },
      },
    ],
  };
}
