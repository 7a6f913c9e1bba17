/**
 * The backtest chart: the cases by report that happened (line) and, for one horizon, what the
 * stored forecasts had said for each day (median line, 50 % and 90 % bands as stacked areas).
 */
import type { TFunction } from 'i18next';
import type { ChartOption } from '../../situation/EChart.tsx';
import { band } from '../charts.ts';
import type { Backtest } from './api.ts';

/** Forecasts `horizon` days ahead against what happened, over the days observed. */
export function backtestOption(b: Backtest, horizon: number, t: TFunction): ChartOption {
  const k = (key: string) => t(`backtestWeb.${key}`);
  const days = b.observed.map((o) => o.day);
  const byDay = new Map(b.forecasts.filter((f) => f.horizon === horizon).map((f) => [f.day, f]));
  const pick = (f: (d: Backtest['forecasts'][number]) => number) =>
    days.map((day) => {
      const d = byDay.get(day);
      return d ? f(d) : null;
    });
  return {
    grid: { left: 40, right: 12, top: 36, bottom: 28, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', min: 0 },
    legend: { top: 0, data: [k('observed'), k('median'), k('band50'), k('band90')] },
    series: [
      ...band(
        k('band90'),
        'b90',
        pick((d) => d.lower90),
        pick((d) => d.upper90),
        '#c6dbef',
      ),
      ...band(
        k('band50'),
        'b50',
        pick((d) => d.lower50),
        pick((d) => d.upper50),
        '#6baed6',
      ),
      {
        name: k('median'),
        type: 'line',
        data: pick((d) => d.median),
        connectNulls: false,
        itemStyle: { color: '#08519c' },
      },
      {
        name: k('observed'),
        type: 'line',
        data: b.observed.map((o) => o.cases),
        symbol: 'none',
        itemStyle: { color: '#d94801' },
      },
    ],
  };
}
