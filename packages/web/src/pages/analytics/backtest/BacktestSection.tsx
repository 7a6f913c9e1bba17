/**
 * The analysis page's backtest (issue #14 item 6): the unit's stored forecasts made over the 8
 * weeks before the page's day, scored per horizon (mean WIS, 50/90 % coverage) in a table, and a
 * chart of what the forecasts `horizon` days ahead said against the cases that happened.
 */
import { useCallback, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays } from '@epilink/core';
import { ErrorBox } from '../../../components/Feedback.tsx';
import { formatDate } from '../../../format.ts';
import { useApi } from '../../../hooks.ts';
import { EChart } from '../../situation/EChart.tsx';
import { ExportableChart } from '../exports/ExportableChart.tsx';
import { backtestSheets } from '../exports/sheets.ts';
import { fetchBacktest } from './api.ts';
import type { Backtest, BacktestScore } from './api.ts';
import { backtestOption } from './chart.ts';

/** Days of forecasts scored: those made over the 8 weeks before the page's day. */
const BACKTEST_DAYS = 56;

function ScoreCells({ s, nf }: { s: BacktestScore; nf: Intl.NumberFormat }) {
  const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);
  return (
    <>
      <td>{s.count}</td>
      <td>{s.wis === null ? '–' : nf.format(s.wis)}</td>
      <td>{pct(s.coverage50)}</td>
      <td>{pct(s.coverage90)}</td>
    </>
  );
}

function Scores({ data }: { data: Backtest }) {
  const { t, i18n } = useTranslation();
  const k = (key: string, params?: Record<string, string | number>) => t(`backtestWeb.${key}`, params);
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 2 });
  const [horizon, setHorizon] = useState(7);
  const horizonId = useId();
  const option = useMemo(() => backtestOption(data, horizon, t), [data, horizon, t]);
  if (data.overall.count === 0) return <p className="muted">{k('none')}</p>;
  return (
    <>
      <div className="table-scroll">
        <table className="table">
          <caption>{k('tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{k('horizon')}</th>
              <th scope="col">{k('count')}</th>
              <th scope="col">{k('wis')}</th>
              <th scope="col">{k('coverage50')}</th>
              <th scope="col">{k('coverage90')}</th>
            </tr>
          </thead>
          <tbody>
            {data.byHorizon.map((h) => (
              <tr key={h.horizon}>
                <th scope="row">{h.horizon}</th>
                <ScoreCells s={h} nf={nf} />
              </tr>
            ))}
            <tr>
              <th scope="row">{k('overall')}</th>
              <ScoreCells s={data.overall} nf={nf} />
            </tr>
          </tbody>
        </table>
      </div>
      <div className="field">
        <label htmlFor={horizonId}>{k('chartHorizon')}</label>
        <select
          id={horizonId}
          value={horizon}
          onChange={(e) => {
            setHorizon(Number(e.target.value));
          }}
        >
          {Array.from({ length: 14 }, (_, i) => i + 1).map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
      </div>
      <ExportableChart
        title={k('chartLabel', { horizon })}
        fileName={`backtest-${data.unit.code}-${data.disease}-${data.to}`}
        sheets={() => backtestSheets(data, t)}
      >
        <EChart option={option} label={k('chartLabel', { horizon })} summary={k('chartLabel', { horizon })} />
      </ExportableChart>
      <p className="muted">{k('model', { models: data.models.join(', ') })}</p>
    </>
  );
}

/** The backtest of `unit` × `disease`: forecasts made over the 8 weeks up to `to`. */
export function BacktestSection({ unit, disease, to }: { unit: string; disease: string; to: string }) {
  const { t, i18n } = useTranslation();
  const k = (key: string, params?: Record<string, string>) => t(`backtestWeb.${key}`, params);
  const from = addDays(to, -BACKTEST_DAYS);
  const load = useCallback(() => fetchBacktest({ unit, disease, from, to }), [unit, disease, from, to]);
  const backtest = useApi(load);
  const day = (d: string) => formatDate(d, i18n.language) ?? d;
  return (
    <section aria-labelledby="analytics-backtest">
      <h2 id="analytics-backtest">{k('title')}</h2>
      <p className="muted">{k('intro', { from: day(from), to: day(to) })}</p>
      {backtest.error && <ErrorBox error={backtest.error} onRetry={backtest.reload} />}
      {backtest.loading && <p role="status">{k('loading')}</p>}
      {backtest.data && <Scores data={backtest.data} />}
    </section>
  );
}
