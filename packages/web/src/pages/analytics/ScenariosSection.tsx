/**
 * Scenarios on the analysis page (issue #14 item 4): the levers of up to 4 scenarios, their
 * expected reported cases beside the baseline's, each curve's peak, and the model's assumptions
 * with their sources. Runs when asked (the model is cheap, but the official sets the levers first).
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { EChart } from '../situation/EChart.tsx';
import { ExportableChart } from './exports/ExportableChart.tsx';
import { scenariosSheets } from './exports/sheets.ts';
import { fetchScenarios, scenariosOption, type ScenarioLevers, type ScenariosResult } from './scenarios.ts';

const MAX_SCENARIOS = 4;

export function ScenariosSection({ unit, disease, to }: { unit: string; disease: string; to: string }) {
  const { t, i18n } = useTranslation();
  const k = (key: string, opts?: Record<string, unknown>) => t(`scenariosWeb.${key}`, opts);
  const id = useId();
  const [scenarios, setScenarios] = useState<ScenarioLevers[]>([
    { name: k('scenario', { n: 1 }), contactReductionPercent: 30, vaccinationPerDay: 0, testingPercent: 0 },
  ]);
  const [days, setDays] = useState(120);
  const [result, setResult] = useState<ScenariosResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [running, setRunning] = useState(false);
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 });

  const update = (i: number, patch: Partial<ScenarioLevers>) => {
    setScenarios((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  };
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setResult(await fetchScenarios({ unit, disease, to, days, scenarios }));
    } catch (e) {
      setError(
        e instanceof ApiError ? e : new ApiError(0, 'CLIENT', e instanceof Error ? e.message : String(e)),
      );
    } finally {
      setRunning(false);
    }
  };
  const number = (value: string) => (value === '' ? 0 : Number(value));

  return (
    <section className="card analytics__scenarios" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{k('title')}</h2>
      <p className="muted">{k('intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        {scenarios.map((s, i) => (
          <fieldset key={i} className="field-group">
            <legend>{k('scenario', { n: i + 1 })}</legend>
            <div className="field">
              <label htmlFor={`${id}-${i}-name`}>{k('name')}</label>
              <input
                id={`${id}-${i}-name`}
                value={s.name}
                maxLength={60}
                required
                onChange={(e) => {
                  update(i, { name: e.target.value });
                }}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-${i}-contacts`}>{k('contactReduction')}</label>
              <input
                id={`${id}-${i}-contacts`}
                type="range"
                min={0}
                max={100}
                step={5}
                value={s.contactReductionPercent}
                onChange={(e) => {
                  update(i, { contactReductionPercent: number(e.target.value) });
                }}
              />
              <output>{s.contactReductionPercent} %</output>
            </div>
            <div className="field">
              <label htmlFor={`${id}-${i}-doses`}>{k('vaccinationPerDay')}</label>
              <input
                id={`${id}-${i}-doses`}
                type="number"
                min={0}
                step={10}
                value={s.vaccinationPerDay}
                onChange={(e) => {
                  update(i, { vaccinationPerDay: number(e.target.value) });
                }}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-${i}-testing`}>{k('testing')}</label>
              <input
                id={`${id}-${i}-testing`}
                type="range"
                min={0}
                max={100}
                step={5}
                value={s.testingPercent}
                onChange={(e) => {
                  update(i, { testingPercent: number(e.target.value) });
                }}
              />
              <output>{s.testingPercent} %</output>
            </div>
            <button
              type="button"
              onClick={() => {
                setScenarios((all) => all.filter((_, j) => j !== i));
              }}
            >
              {k('remove', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        {scenarios.length < MAX_SCENARIOS && (
          <button
            type="button"
            onClick={() => {
              setScenarios((all) => [
                ...all,
                {
                  name: k('scenario', { n: all.length + 1 }),
                  contactReductionPercent: 0,
                  vaccinationPerDay: 0,
                  testingPercent: 0,
                },
              ]);
            }}
          >
            {k('add')}
          </button>
        )}
        <div className="field">
          <label htmlFor={`${id}-days`}>{k('days')}</label>
          <input
            id={`${id}-days`}
            type="number"
            min={90}
            max={180}
            value={days}
            onChange={(e) => {
              setDays(number(e.target.value));
            }}
          />
        </div>
        <button type="submit" className="primary" disabled={running}>
          {running ? k('running') : k('run')}
        </button>
      </form>
      {error && <ErrorBox error={error} onRetry={() => void run()} />}
      {result && (
        <>
          <ExportableChart
            title={k('chart')}
            fileName={`scenarios-${result.unit.code}-${result.disease}-${result.to}`}
            sheets={() => scenariosSheets(result, t)}
          >
            <EChart
              option={scenariosOption(result, t)}
              label={k('chart')}
              summary={k('chartSummary', { count: result.curves.length, days: result.days.length })}
              testId="scenarios-chart"
            />
          </ExportableChart>
          <ul aria-label={k('chart')}>
            {result.curves.map((c) => (
              <li key={c.name}>
                {k('peak', {
                  name: c.name === 'baseline' ? k('baseline') : c.name,
                  cases: nf.format(c.peakCases),
                  day: formatDate(c.peakDay, i18n.language),
                  total: nf.format(Math.round(c.totalInfections)),
                })}
              </li>
            ))}
          </ul>
          <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
            <table className="table">
              <caption>{k('assumptions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{k('parameter')}</th>
                  <th scope="col">{k('value')}</th>
                  <th scope="col">{k('source')}</th>
                </tr>
              </thead>
              <tbody>
                {result.assumptions.map((a) => (
                  <tr key={a.name}>
                    <th scope="row" style={{ overflowWrap: 'anywhere' }}>
                      {a.name}
                    </th>
                    <td style={{ overflowWrap: 'anywhere' }}>
                      {typeof a.value === 'number' ? nf.format(a.value) : a.value}
                    </td>
                    <td style={{ overflowWrap: 'anywhere' }}>{a.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
