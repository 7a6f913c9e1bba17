/** The scenarios API (`POST /api/analytics/scenarios`) and its chart, as the analysis page reads them. */
import type { TFunction } from 'i18next';
import { request } from '../../api.ts';
import type { ChartOption } from '../situation/EChart.tsx';

export interface ScenarioLevers {
  name: string;
  contactReductionPercent: number;
  vaccinationPerDay: number;
  testingPercent: number;
}

export interface ScenarioCurve {
  name: string;
  levers: Omit<ScenarioLevers, 'name'>;
  newInfections: number[];
  cases: number[];
  peakCases: number;
  peakDay: string;
  totalInfections: number;
}

export interface ScenariosResult {
  unit: { code: string; name: string; level: string };
  disease: string;
  to: string;
  days: string[];
  curves: ScenarioCurve[];
  assumptions: { name: string; value: number | string; source: string }[];
}

/** Runs the baseline and the scenarios for a unit. */
export function fetchScenarios(q: {
  unit: string;
  disease: string;
  to: string;
  days: number;
  scenarios: ScenarioLevers[];
}): Promise<ScenariosResult> {
  return request<ScenariosResult>('POST', '/api/analytics/scenarios', {
    unitCode: q.unit,
    disease: q.disease,
    to: q.to,
    days: q.days,
    scenarios: q.scenarios,
  });
}

const COLORS = ['#636363', '#08519c', '#e6550d', '#31a354', '#756bb1'];

/** The expected reported cases of every curve, side by side on one axis. */
export function scenariosOption(r: ScenariosResult, t: TFunction): ChartOption {
  const name = (c: ScenarioCurve) => (c.name === 'baseline' ? t('scenariosWeb.baseline') : c.name);
  return {
    grid: { left: 40, right: 12, top: 36, bottom: 28, containLabel: true },
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0, type: 'scroll' as const },
    xAxis: { type: 'category' as const, data: r.days },
    yAxis: { type: 'value' as const, min: 0 },
    series: r.curves.map((c, i) => ({
      name: name(c),
      type: 'line' as const,
      data: c.cases.map((x) => Math.round(x * 10) / 10),
      symbol: 'none',
      itemStyle: { color: COLORS[i % COLORS.length] },
    })),
  };
}
