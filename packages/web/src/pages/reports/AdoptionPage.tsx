/**
 * `/situation/adoption` — adoption indicators (issue #13 item 10): by commune, check-in points
 * registered and active, citizens signed in this week and declarations per day, the lowest
 * communes first (Contract A's `GET /api/indicators/adoption`), beside the province's starting
 * point before EpiLink (Bến Tre, 16/09/2021: 7,430 registered / 370 active points, 25.23 % of
 * smartphones with Bluezone, 5.34 % with the health book) and its source.
 */
import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ADOPTION_BASELINE, today } from '@epilink/core';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { SituationTabs } from '../situation/SituationTabs.tsx';
import { fetchAdoption, type AdoptionRow } from './api.ts';
import { ReportUnitSelect } from './ReportUnitSelect.tsx';
import './reports.css';

function Baseline() {
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN');
  const b = ADOPTION_BASELINE;
  const items: [string, string][] = [
    [t('sitrep.adoption.baselineRegistered'), nf.format(b.venuesRegistered)],
    [t('sitrep.adoption.baselineActive'), nf.format(b.venuesActive)],
    [
      t('sitrep.adoption.baselineBluezone', { on: nf.format(b.bluezoneOnPct) }),
      `${nf.format(b.bluezonePct)} %`,
    ],
    [t('sitrep.adoption.baselineHealthBook'), `${nf.format(b.healthBookPct)} %`],
  ];
  return (
    <section className="card" aria-labelledby="adoption-baseline">
      <h2 id="adoption-baseline">{t('sitrep.adoption.baseline')}</h2>
      <dl className="adoption__baseline">
        {items.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">
        {t('sitrep.adoption.baselineSource', { date: formatDate(b.asOf, i18n.language) })}
      </p>
    </section>
  );
}

function CommuneTable({ rows }: { rows: AdoptionRow[] }) {
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 });
  const k = (key: string) => t(`sitrep.adoption.${key}`);
  return (
    <div className="table-scroll">
      <table className="table table--cards">
        <caption className="visually-hidden">{k('title')}</caption>
        <thead>
          <tr>
            <th scope="col">{k('commune')}</th>
            <th scope="col">{k('venuesRegistered')}</th>
            <th scope="col">{k('venuesActive')}</th>
            <th scope="col">{k('activeShare')}</th>
            <th scope="col">{k('citizensThisWeek')}</th>
            <th scope="col">{k('declarationsPerDay')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.communeCode}>
              <th scope="row" data-label={k('commune')}>
                {r.communeName}
              </th>
              <td data-label={k('venuesRegistered')}>{nf.format(r.venuesRegistered)}</td>
              <td data-label={k('venuesActive')}>{nf.format(r.venuesActive)}</td>
              <td data-label={k('activeShare')}>
                {r.venuesRegistered > 0 ? `${nf.format((100 * r.venuesActive) / r.venuesRegistered)} %` : '—'}
              </td>
              <td data-label={k('citizensThisWeek')}>{nf.format(r.citizensSignedIn)}</td>
              <td data-label={k('declarationsPerDay')}>{nf.format(r.declarationsPerDay)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AdoptionPage() {
  const { t } = useTranslation();
  usePageTitle(t('sitrep.adoption.title'));
  const { user } = useAuth();
  const asOfId = useId();
  const [unit, setUnit] = useState(user?.jurisdiction.code ?? '');
  const [asOf, setAsOf] = useState(today());
  const load = useCallback(() => fetchAdoption(unit, asOf), [unit, asOf]);
  const adoption = useApi(load);
  return (
    <div className="adoption">
      <h1>{t('sitrep.adoption.title')}</h1>
      <SituationTabs />
      <p className="muted">{t('sitrep.adoption.intro')}</p>
      <Baseline />
      <div className="reports__form">
        <ReportUnitSelect value={unit} onChange={setUnit} />
        <div className="field">
          <label htmlFor={asOfId}>{t('sitrep.adoption.asOf')}</label>
          <input
            id={asOfId}
            type="date"
            value={asOf}
            max={today()}
            onChange={(e) => {
              setAsOf(e.target.value);
            }}
          />
        </div>
      </div>
      {adoption.error && <ErrorBox error={adoption.error} onRetry={adoption.reload} />}
      {!adoption.latest && !adoption.error && <Loading />}
      {adoption.latest && adoption.latest.communes.length === 0 && <p>{t('sitrep.adoption.empty')}</p>}
      {adoption.latest && adoption.latest.communes.length > 0 && (
        <CommuneTable rows={adoption.latest.communes} />
      )}
    </div>
  );
}
