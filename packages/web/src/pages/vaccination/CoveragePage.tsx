/**
 * Coverage by unit and age group (numerator, denominator and its source per row), in the units of
 * a chosen date: older records are carried into them by the change table (issue #12 item 4).
 */
import { COVERAGE_AGE_GROUPS } from '@epilink/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatCount, formatDate } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { todayIso, vaccinationApi, type CoverageRow } from './api.ts';
import { VaccinationTabs } from './VaccinationTabs.tsx';

const AGE_GROUPS = Object.keys(COVERAGE_AGE_GROUPS);

function percent(rate: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(rate);
}

export function CoveragePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('vaccination.web.coverage.title'));
  const { user } = useAuth();
  const scope = user?.jurisdiction;
  // Grouped at the caller's own level by default: a commune officer sees their commune's row,
  // not the district's name over their commune's people.
  const [chosenGroupBy, setGroupBy] = useState<'district' | 'commune' | null>(null);
  const groupBy = chosenGroupBy ?? (scope?.level === 'commune' ? 'commune' : 'district');
  // Rows coarser than the caller's jurisdiction hold only the part inside it: say so.
  const partial = scope?.level === 'commune' && groupBy === 'district';
  const [ageGroup, setAgeGroup] = useState('18+');
  const [asOf, setAsOf] = useState(todayIso());
  const [unitsAsOf, setUnitsAsOf] = useState(todayIso());
  const report = useApi(
    useCallback(
      () => vaccinationApi.coverage(groupBy, ageGroup, asOf || todayIso(), unitsAsOf || todayIso()),
      [groupBy, ageGroup, asOf, unitsAsOf],
    ),
  );
  const items = report.latest?.items ?? [];
  const total = items.reduce<CoverageRow>(
    (s, r) => ({
      ...s,
      doses: s.doses + r.doses,
      firstDose: s.firstDose + r.firstDose,
      fullSchedule: s.fullSchedule + r.fullSchedule,
      booster: s.booster + r.booster,
      population: s.population + r.population,
    }),
    {
      unitCode: '',
      unitName: null,
      doses: 0,
      firstDose: 0,
      fullSchedule: 0,
      booster: 0,
      population: 0,
      firstDoseRate: 0,
      fullScheduleRate: 0,
      boosterRate: 0,
      denominator: 'registry',
    },
  );
  const census = report.latest?.census ?? null;
  const anyRegistry = items.some((r) => r.denominator === 'registry');
  const lang = i18n.language;
  const rate = (n: number, d: number) => (d > 0 ? percent(n / d, lang) : '—');
  const c = (k: string) => t(`vaccination.web.coverage.${k}`);
  const source = (r: CoverageRow) => c(r.denominator === 'census' ? 'sourceCensus' : 'sourceRegistry');
  const denominatorNote = census
    ? t(`vaccination.web.coverage.${anyRegistry ? 'denominatorMixed' : 'denominatorCensus'}`, {
        source: census.source,
        date: formatDate(census.referenceDate, lang),
      })
    : c('denominatorRegistry');

  return (
    <>
      <h1>{c('title')}</h1>
      <VaccinationTabs />
      <form
        className="form form--inline"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <div className="field">
          <label htmlFor="cov-group">{c('groupBy')}</label>
          <select
            id="cov-group"
            value={groupBy}
            onChange={(e) => {
              setGroupBy(e.target.value === 'commune' ? 'commune' : 'district');
            }}
          >
            <option value="district">{c('districtOrArea')}</option>
            <option value="commune">{c('commune')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="cov-age">{c('ageGroup')}</label>
          <select
            id="cov-age"
            value={ageGroup}
            onChange={(e) => {
              setAgeGroup(e.target.value);
            }}
          >
            {AGE_GROUPS.map((g) => (
              <option key={g} value={g}>
                {g === 'all' ? c('allAges') : g}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cov-asof">{c('asOf')}</label>
          <input
            id="cov-asof"
            type="date"
            value={asOf}
            onChange={(e) => {
              setAsOf(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="cov-units">{c('unitsAsOf')}</label>
          <input
            id="cov-units"
            type="date"
            value={unitsAsOf}
            aria-describedby="cov-units-help"
            onChange={(e) => {
              setUnitsAsOf(e.target.value);
            }}
          />
        </div>
      </form>
      <p id="cov-units-help" className="muted">
        {c('unitsAsOfHelp')}
      </p>
      {report.loading && !report.latest && <Loading />}
      {report.error && <ErrorBox error={report.error} onRetry={report.reload} />}
      {report.latest && items.length === 0 && <p>{c('empty')}</p>}
      {scope && (
        <p data-testid="coverage-scope">
          {t('screensWeb.coverage.shown', {
            unit: items.length === 1 && !partial ? (items[0]?.unitName ?? scope.name) : scope.name,
          })}
        </p>
      )}
      {items.length > 0 && <p data-testid="coverage-denominator">{denominatorNote}</p>}
      {items.length > 0 && (
        <table className="table table--cards">
          <caption className="visually-hidden">{c('title')}</caption>
          <thead>
            <tr>
              <th scope="col">{c('unit')}</th>
              <th scope="col" className="num">
                {c('denominator')}
              </th>
              <th scope="col">{c('source')}</th>
              <th scope="col" className="num">
                {c('doses')}
              </th>
              <th scope="col" className="num">
                {c('firstDose')}
              </th>
              <th scope="col" className="num">
                {c('fullSchedule')}
              </th>
              <th scope="col" className="num">
                {c('booster')}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...items, { ...total, unitCode: '' }].map((r) => (
              <tr key={r.unitCode || 'total'} data-testid="coverage-row">
                <th scope="row" data-label={c('unit')}>
                  {!r.unitCode
                    ? c('total')
                    : partial && scope
                      ? t('screensWeb.coverage.partOf', { unit: r.unitName ?? r.unitCode, scope: scope.name })
                      : (r.unitName ?? r.unitCode)}
                </th>
                <td className="num" data-label={c('denominator')}>
                  {formatCount(r.population, lang)}
                </td>
                <td data-label={c('source')}>{r.unitCode ? source(r) : ''}</td>
                <td className="num" data-label={c('doses')}>
                  {formatCount(r.doses, lang)}
                </td>
                <td className="num" data-label={c('firstDose')}>
                  {formatCount(r.firstDose, lang)} ({rate(r.firstDose, r.population)})
                </td>
                <td className="num" data-label={c('fullSchedule')}>
                  {formatCount(r.fullSchedule, lang)} ({rate(r.fullSchedule, r.population)})
                </td>
                <td className="num" data-label={c('booster')}>
                  {formatCount(r.booster, lang)} ({rate(r.booster, r.population)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
