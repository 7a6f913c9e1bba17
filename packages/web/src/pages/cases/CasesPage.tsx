/** The case list (`/cases`): cases of my jurisdiction, filtered by status and name, live. */
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { casesApi, type Classification } from './api.ts';

const CLASSIFICATIONS: Classification[] = ['confirmed', 'probable', 'suspected', 'discarded'];
import { CasesTabs } from './CasesTabs.tsx';
import { isTracingEvent, useLiveEvents } from './useLiveEvents.ts';
import './cases.css';

export function CasesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('casesWeb.list.title'));
  const [status, setStatus] = useState('open');
  const [classification, setClassification] = useState('');
  const load = useCallback(
    (cursor?: string) =>
      casesApi.list({ status: status || undefined, classification: classification || undefined }, cursor),
    [status, classification],
  );
  const list = usePaged(load);
  const { latest, error, loading, reload, items } = list;
  useLiveEvents(isTracingEvent, reload);
  return (
    <>
      <h1>{t('casesWeb.list.title')}</h1>
      <CasesTabs />
      <form
        className="form cases-filters"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label className="field">
          <span>{t('casesWeb.list.statusFilter')}</span>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
            }}
          >
            <option value="open">{t('casesWeb.caseStatus.open')}</option>
            <option value="closed">{t('casesWeb.caseStatus.closed')}</option>
            <option value="">{t('casesWeb.list.all')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('casesWeb.list.classification')}</span>
          <select
            value={classification}
            onChange={(e) => {
              setClassification(e.target.value);
            }}
          >
            <option value="">{t('casesWeb.list.all')}</option>
            {CLASSIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {t(`casesWeb.classification.${c}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !latest && <Loading />}
      {latest && items.length === 0 && <p className="muted">{t('casesWeb.list.empty')}</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="table table--cards">
            <caption className="muted small">
              {t('casesWeb.list.count', { count: latest?.total ?? items.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('casesWeb.list.person')}</th>
                <th scope="col">{t('casesWeb.list.classification')}</th>
                <th scope="col">{t('casesWeb.list.onset')}</th>
                <th scope="col">{t('casesWeb.list.sample')}</th>
                <th scope="col">{t('casesWeb.list.interview')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/cases/${c.id}`}>{c.fullName}</Link>
                  </th>
                  <td data-label={t('casesWeb.list.classification')}>
                    {t(`casesWeb.classification.${c.classification}`)}
                    {c.status === 'closed' && (
                      <div className="muted small">{t('casesWeb.caseStatus.closed')}</div>
                    )}
                  </td>
                  <td data-label={t('casesWeb.list.onset')}>
                    {formatDate(c.onsetDate, i18n.language) ?? t('web.app.none')}
                  </td>
                  <td data-label={t('casesWeb.list.sample')}>
                    {formatDate(c.sampleDate, i18n.language) ?? t('web.app.none')}
                  </td>
                  <td data-label={t('casesWeb.list.interview')}>
                    {c.interviewDoneAt ? t('casesWeb.list.interviewed') : t('casesWeb.list.notInterviewed')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={list} />
    </>
  );
}
