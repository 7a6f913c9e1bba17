/**
 * `/situation/analytics` — the epidemiologist's page (issue #14 items 1–3, 5, 7): for the chosen
 * unit, the last 120 days' epidemic curve with the nowcast of the last days' onsets, Rt with its
 * interval and the line at 1, the 14-day forecast fan, its hospital and ICU demand and the EARS
 * alarms; each chart as PNG and its data as xlsx, everything as a CSV. The
 * scope (`?unit=&to=&asOf=&disease=`) is the situation room's, kept in the address.
 */
import { useCallback, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_DISEASES } from '@epilink/core';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { EChart } from '../situation/EChart.tsx';
import { SituationTabs } from '../situation/SituationTabs.tsx';
import { UnitScopePicker } from '../situation/UnitScopePicker.tsx';
import { useScope } from '../situation/scope.ts';
import '../situation/situation.css';
import { fetchUnitAnalysis, type UnitAnalysis } from './api.ts';
import { curveOption, forecastOption, rtOption } from './charts.ts';
import { analysisCsv } from './csv.ts';
import { ScenariosSection } from './ScenariosSection.tsx';
import { BacktestSection } from './backtest/BacktestSection.tsx';
import { BedsSection } from './BedsSection.tsx';
import { ExportableChart } from './exports/ExportableChart.tsx';
import { curveSheets, forecastSheets, rtSheets } from './exports/sheets.ts';

/** Alarms, the latest day first (C1, C2, C3 within a day). */
function newestFirst(alarms: UnitAnalysis['alarms']): UnitAnalysis['alarms'] {
  return [...alarms].sort((a, b) => b.day.localeCompare(a.day) || a.method.localeCompare(b.method));
}

function Charts({ data }: { data: UnitAnalysis }) {
  const { t, i18n } = useTranslation();
  const k = (key: string, params?: Record<string, string | number>) => t(`analyticsWeb.${key}`, params);
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 2 });
  const curve = useMemo(() => curveOption(data, t, i18n.language), [data, t, i18n.language]);
  const rt = useMemo(() => rtOption(data, t, i18n.language), [data, t, i18n.language]);
  const fan = useMemo(() => forecastOption(data, t, i18n.language), [data, t, i18n.language]);
  const csv = useMemo(() => analysisCsv(data, t), [data, t]);
  const latest = [...data.rt.windows].reverse().find((w) => w.reliable);
  const si = data.rt.serialInterval;
  const day = (d: string) => formatDate(d, i18n.language) ?? d;
  const file = (chart: string) => `${chart}-${data.unit.code}-${data.disease}-${data.to}`;
  return (
    <>
      <p>
        <a
          className="button button--secondary"
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`}
          download={`analytics-${data.unit.code}-${data.disease}-${data.to}.csv`}
        >
          {k('exportCsv')}
        </a>
      </p>
      <section aria-labelledby="analytics-curve">
        <h2 id="analytics-curve">{k('curve')}</h2>
        <ExportableChart title={k('curve')} fileName={file('curve')} sheets={() => curveSheets(data, t)}>
          <EChart
            option={curve}
            label={k('curve')}
            summary={k('nowcastNote', { pairs: data.nowcast.pairs })}
          />
        </ExportableChart>
        <p className="muted">{k('nowcastNote', { pairs: data.nowcast.pairs })}</p>
      </section>
      <section aria-labelledby="analytics-rt">
        <h2 id="analytics-rt">{k('rt')}</h2>
        {latest && (
          <p data-testid="rt-latest">
            {k('rtLatest', {
              median: nf.format(latest.median),
              lower: nf.format(latest.lower95),
              upper: nf.format(latest.upper95),
            })}
          </p>
        )}
        <ExportableChart title={k('rt')} fileName={file('rt')} sheets={() => rtSheets(data, t)}>
          <EChart
            option={rt}
            label={k('rt')}
            summary={
              latest
                ? k('rtLatest', {
                    median: nf.format(latest.median),
                    lower: nf.format(latest.lower95),
                    upper: nf.format(latest.upper95),
                  })
                : k('rt')
            }
          />
        </ExportableChart>
        <p className="muted">{k('rtNote', { mean: si.mean, sd: si.sd, source: si.source })}</p>
      </section>
      <section aria-labelledby="analytics-forecast">
        <h2 id="analytics-forecast">{k('forecast')}</h2>
        {data.forecast ? (
          <>
            <ExportableChart
              title={k('forecast')}
              fileName={file('forecast')}
              sheets={() => forecastSheets(data, t)}
            >
              <EChart
                option={fan}
                label={k('forecast')}
                summary={k('forecastNote', { simulations: data.forecast.simulations })}
              />
            </ExportableChart>
            <p className="muted">{k('forecastNote', { simulations: data.forecast.simulations })}</p>
          </>
        ) : (
          <p className="muted">{k('noForecast')}</p>
        )}
      </section>
      <BedsSection data={data} />
      <section aria-labelledby="analytics-alarms">
        <h2 id="analytics-alarms">{k('alarms')}</h2>
        {data.alarms.length === 0 ? (
          <p className="muted">{k('noAlarms')}</p>
        ) : (
          <ul aria-labelledby="analytics-alarms">
            {newestFirst(data.alarms).map((a) => (
              <li key={`${a.method}-${a.day}`}>
                {k('alarm', {
                  method: a.method,
                  day: day(a.day),
                  observed: a.observed,
                  upperbound: nf.format(a.upperbound),
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function AnalyticsPage() {
  const { t, i18n } = useTranslation();
  const k = (key: string) => t(`analyticsWeb.${key}`);
  usePageTitle(k('title'));
  const ids = { disease: useId(), to: useId() };
  const { scope, setScope } = useScope();
  const unit = scope?.unit ?? '';
  const disease = scope?.disease ?? '';
  const to = scope?.to ?? '';
  const asOf = scope?.asOf ?? '';
  const load = useCallback(
    () => (unit ? fetchUnitAnalysis({ unit, disease, to, asOf }) : Promise.resolve(null)),
    [unit, disease, to, asOf],
  );
  const analysis = useApi(load);
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  return (
    <div className="situation analytics">
      <h1>{k('title')}</h1>
      <SituationTabs />
      <p className="muted">{k('intro')}</p>
      {scope && (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
          }}
        >
          <UnitScopePicker
            value={scope.unit}
            onChange={(code) => {
              setScope({ unit: code });
            }}
          />
          <div className="field">
            <label htmlFor={ids.disease}>{k('disease')}</label>
            <select
              id={ids.disease}
              value={scope.disease}
              onChange={(e) => {
                setScope({ disease: e.target.value });
              }}
            >
              {DEFAULT_DISEASES.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.names[lang]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.to}>{k('to')}</label>
            <input
              id={ids.to}
              type="date"
              value={scope.to}
              required
              onChange={(e) => {
                if (e.target.value) setScope({ to: e.target.value });
              }}
            />
          </div>
        </form>
      )}
      {analysis.error && <ErrorBox error={analysis.error} onRetry={analysis.reload} />}
      {analysis.loading && <p role="status">{k('loading')}</p>}
      {analysis.data && (
        <>
          <h2 className="analytics__unit">{analysis.data.unit.name}</h2>
          <Charts data={analysis.data} />
          <ScenariosSection unit={unit} disease={disease} to={to} />
          <BacktestSection
            unit={analysis.data.unit.code}
            disease={analysis.data.disease}
            to={analysis.data.to}
          />
        </>
      )}
    </div>
  );
}
