/** The situation room's charts as components, shared by the dashboard and presentation mode. */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../hooks.ts';
import { fetchLevelHistory, type Indicators } from './api.ts';
import {
  bedsOption,
  coverageOption,
  curveOption,
  levelsOption,
  positivityOption,
  summaryOf,
} from './charts.ts';
import { EChart } from './EChart.tsx';
import { dailyPositivity, percent } from './figures.ts';

interface ChartProps {
  data: Indicators;
  large?: boolean;
  height?: number | string;
}

export function CurveChart({ data, large = false, height }: ChartProps) {
  const { t, i18n } = useTranslation();
  const option = useMemo(() => curveOption(data, t, i18n.language, large), [data, t, i18n.language, large]);
  const title = t('situation.charts.curve');
  return (
    <EChart
      option={option}
      label={title}
      summary={summaryOf(t, t('situation.charts.byReport'), data.series.casesByReport)}
      height={height}
      testId="chart-curve"
    />
  );
}

export function PositivityChart({ data, large = false, height }: ChartProps) {
  const { t, i18n } = useTranslation();
  const option = useMemo(
    () => positivityOption(data, t, i18n.language, large),
    [data, t, i18n.language, large],
  );
  return (
    <EChart
      option={option}
      label={t('situation.charts.positivity')}
      summary={summaryOf(t, t('situation.charts.positiveRate'), dailyPositivity(data))}
      height={height}
      testId="chart-positivity"
    />
  );
}

export function CoverageChart({ data, large = false, height }: ChartProps) {
  const { t } = useTranslation();
  const option = useMemo(() => coverageOption(data, t, large), [data, t, large]);
  const title = t('situation.charts.coverage');
  const summary = data.coverage
    .map(
      (b) =>
        `${t('situation.charts.ageBand', { band: b.ageBand })}: ${percent(b.fullSchedule, b.population)} %`,
    )
    .join('; ');
  return (
    <EChart
      option={option}
      label={title}
      summary={summary || title}
      height={height}
      testId="chart-coverage"
    />
  );
}

export function BedsChart({ data, large = false, height }: ChartProps) {
  const { t, i18n } = useTranslation();
  const option = useMemo(() => bedsOption(data, t, i18n.language, large), [data, t, i18n.language, large]);
  return (
    <EChart
      option={option}
      label={t('situation.charts.beds')}
      summary={summaryOf(t, t('situation.charts.bedsOccupied'), data.series.bedsOccupied)}
      height={height}
      testId="chart-beds"
    />
  );
}

/** Levels over time (confirmed weeks of the open feed); says so when none is published yet. */
export function LevelsChart({
  unitCode,
  from,
  to,
  large = false,
  height,
}: {
  unitCode: string;
  from: string;
  to: string;
  large?: boolean;
  height?: number | string;
}) {
  const { t, i18n } = useTranslation();
  const load = useCallback(() => fetchLevelHistory(unitCode, from, to), [unitCode, from, to]);
  const loaded = useApi(load).latest;
  const weeks = useMemo(() => loaded ?? [], [loaded]);
  const option = useMemo(
    () => levelsOption(weeks, t, i18n.language, large),
    [weeks, t, i18n.language, large],
  );
  const title = t('situation.charts.levels');
  if (weeks.length === 0)
    return (
      <figure className="situation-chart" data-testid="chart-levels">
        <figcaption className="situation-chart__title">{title}</figcaption>
        <p className="muted">{t('situation.charts.levelsPending')}</p>
      </figure>
    );
  return (
    <EChart
      option={option}
      label={title}
      summary={summaryOf(
        t,
        title,
        weeks.map((w) => w.level),
      )}
      height={height}
      testId="chart-levels"
    />
  );
}
