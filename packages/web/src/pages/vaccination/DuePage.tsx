/** People due or overdue for a next dose, by commune, with reminders queued in one click. */
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { vaccinationApi } from './api.ts';
import { useAreaUnits } from './units.ts';
import { VaccinationTabs } from './VaccinationTabs.tsx';

/** Long option texts must not widen the page past a phone's width. */
const FULL_WIDTH = { width: '100%' } as const;

export function DuePage() {
  const { t, i18n } = useTranslation();
  const d = (k: string) => t(`vaccination.web.due.${k}`);
  usePageTitle(d('title'));
  const [commune, setCommune] = useState('');
  const units = useAreaUnits();
  const due = usePaged(useCallback((cursor?: string) => vaccinationApi.due(commune, cursor), [commune]));
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const items = due.items;
  const communes = units.latest?.communes ?? [];

  const remind = () => {
    setNotice(null);
    setError(null);
    vaccinationApi.reminders(commune).then(
      (r) => {
        setNotice(t('vaccination.web.due.reminded', { count: r.queued }));
      },
      (e: unknown) => {
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };

  return (
    <>
      <h1>{d('title')}</h1>
      <VaccinationTabs />
      <div className="field">
        <label htmlFor="due-commune">{d('commune')}</label>
        <select
          style={FULL_WIDTH}
          id="due-commune"
          value={commune}
          onChange={(e) => {
            setCommune(e.target.value);
          }}
        >
          <option value="">{d('allCommunes')}</option>
          {communes.map((u) => (
            <option key={u.code} value={u.code}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={remind}>
          {d('remind')}
        </button>
      </div>
      <div aria-live="polite">{notice && <p className="notice notice--success">{notice}</p>}</div>
      {error && <ErrorBox error={error} />}
      {due.loading && <Loading />}
      {due.error && <ErrorBox error={due.error} onRetry={due.reload} />}
      {due.data && items.length === 0 && <p>{d('empty')}</p>}
      {items.length > 0 && (
        <table className="table table--cards">
          <caption className="visually-hidden">{d('title')}</caption>
          <thead>
            <tr>
              <th scope="col">{d('name')}</th>
              <th scope="col">{d('dateOfBirth')}</th>
              <th scope="col">{d('commune')}</th>
              <th scope="col">{d('nextDose')}</th>
              <th scope="col">{d('dueDate')}</th>
              <th scope="col">{d('state')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.personId} data-testid="due-row">
                <th scope="row" data-label={d('name')}>
                  <Link to={`/people/${encodeURIComponent(r.personId)}`}>{r.fullName}</Link>
                </th>
                <td data-label={d('dateOfBirth')}>{formatDate(r.dateOfBirth, i18n.language) ?? '—'}</td>
                <td data-label={d('commune')}>
                  {r.communeCode ? (units.latest?.names.get(r.communeCode) ?? r.communeCode) : '—'}
                </td>
                <td data-label={d('nextDose')}>{r.nextDoseNumber ?? '—'}</td>
                <td data-label={d('dueDate')}>{formatDate(r.nextDue, i18n.language) ?? '—'}</td>
                <td data-label={d('state')}>
                  <span className={r.overdue ? 'badge badge--demo' : 'badge'}>
                    {r.overdue ? d('overdue') : d('due')}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore list={due} />
    </>
  );
}
