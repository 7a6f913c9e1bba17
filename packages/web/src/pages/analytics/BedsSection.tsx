/**
 * The forecast's hospital and ICU demand on the analysis page (issue #14 item 3): beds occupied
 * per day (median and 90 % interval of each), the severity mix and the length-of-stay rule behind
 * them, or why there is none; exportable as PNG and xlsx.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatDate } from '../../format.ts';
import { EChart } from '../situation/EChart.tsx';
import type { ChartOption } from '../situation/EChart.tsx';
import type { UnitAnalysis } from './api.ts';
import { band, dayLabels } from './charts.ts';
import { ExportableChart } from './exports/ExportableChart.tsx';
import { bedsSheets } from './exports/sheets.ts';

/** Hospital and ICU beds: median lines and 90 % bands. */
export function bedsOption(a: UnitAnalysis, t: TFunction, lang: string): ChartOption {
  const k = (key: string) => t(`analyticsExportsWeb.beds.${key}`);
  const days = a.beds?.days ?? [];
  return {
    grid: { left: 40, right: 12, top: 36, bottom: 28, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [k('hospital'), k('hospital90'), k('icu'), k('icu90')] },
    xAxis: {
      type: 'category',
      data: dayLabels(
        days.map((d) => d.day),
        lang,
      ),
    },
    yAxis: { type: 'value', min: 0 },
    series: [
      ...band(
        k('hospital90'),
        'h90',
        days.map((d) => d.hospital.lower90),
        days.map((d) => d.hospital.upper90),
        '#c6dbef',
      ),
      {
        name: k('hospital'),
        type: 'line',
        data: days.map((d) => d.hospital.median),
        itemStyle: { color: '#08519c' },
      },
      ...band(
        k('icu90'),
        'i90',
        days.map((d) => d.icu.lower90),
        days.map((d) => d.icu.upper90),
        '#fdd0a2',
      ),
      { name: k('icu'), type: 'line', data: days.map((d) => d.icu.median), itemStyle: { color: '#d94801' } },
    ],
  };
}

export function BedsSection({ data }: { data: UnitAnalysis }) {
  const { t, i18n } = useTranslation();
  const k = (key: string, params?: Record<string, string | number>) =>
    t(`analyticsExportsWeb.beds.${key}`, params);
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 });
  const option = useMemo(() => bedsOption(data, t, i18n.language), [data, t, i18n.language]);
  const b = data.beds;
  const last = b?.days.at(-1);
  return (
    <section aria-labelledby="analytics-beds">
      <h2 id="analytics-beds">{k('title')}</h2>
      {!b || !last ? (
        <p className="muted">{k(`missing.${data.bedsMissing ?? 'noForecast'}`)}</p>
      ) : (
        <>
          <p data-testid="beds-latest">
            {k('summary', {
              hospital: nf.format(last.hospital.median),
              hospitalLower: nf.format(last.hospital.lower90),
              hospitalUpper: nf.format(last.hospital.upper90),
              icu: nf.format(last.icu.median),
              icuLower: nf.format(last.icu.lower90),
              icuUpper: nf.format(last.icu.upper90),
            })}
          </p>
          <ExportableChart
            title={k('chart')}
            fileName={`beds-${data.unit.code}-${data.disease}-${data.to}`}
            sheets={() => bedsSheets(data, t)}
          >
            <EChart option={option} label={k('chart')} summary={k('title')} />
          </ExportableChart>
          <p className="muted">
            {k('mix', {
              days: b.severityDays,
              recorded: b.mix.recorded,
              hospital: b.mix.hospital,
              icu: b.mix.icu,
            })}{' '}
            {k('rule', {
              from: formatDate(b.rule.effectiveFrom, i18n.language) ?? b.rule.effectiveFrom,
              verification: k(b.rule.verification),
              delay: b.rule.admissionDelayDays,
              hospitalMean: b.rule.hospitalStay.meanDays,
              hospitalSd: b.rule.hospitalStay.sdDays,
              icuMean: b.rule.icuStay.meanDays,
              icuSd: b.rule.icuStay.sdDays,
              source: b.rule.source,
            })}{' '}
            {k('note')}
          </p>
        </>
      )}
    </section>
  );
}
