/**
 * Adverse events following immunisation: report one against a recorded dose, and the list of
 * reports with the lots flagged as a cluster (≥ 5 reports or ≥ 2 serious in 14 days).
 */
import { AEFI_SERIOUS_CRITERIA, AEFI_SEVERITIES } from '@epilink/core';
import { useCallback, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type PersonSummary } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate, labelOr } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { todayIso, vaccinationApi } from './api.ts';
import { PersonPicker } from './PersonPicker.tsx';
import { VaccinationTabs } from './VaccinationTabs.tsx';

const noDoses = () => Promise.resolve({ doses: [] });

/** Long option texts must not widen the page past a phone's width. */
const FULL_WIDTH = { width: '100%' } as const;

export function AefiPage() {
  const { t, i18n } = useTranslation();
  const a = (k: string, params?: Record<string, string | number>) => t(`vaccination.web.aefi.${k}`, params);
  usePageTitle(a('title'));
  const list = usePaged(useCallback((cursor?: string) => vaccinationApi.aefiList(cursor), []));
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const personId = person?.id;
  const doses = useApi(
    useCallback(() => (personId ? vaccinationApi.personVaccination(personId) : noDoses()), [personId]),
  );
  const given = (doses.data?.doses ?? []).filter((d) => !d.voided).reverse();
  const [doseId, setDoseId] = useState('');
  const [onsetDate, setOnsetDate] = useState(todayIso());
  const [symptoms, setSymptoms] = useState('');
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<string>('mild');
  const [serious, setSerious] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<{
    lotFlagged: boolean;
    cluster: { event: string; relatedBy: 'lot' | 'commune'; reports: number } | null;
  } | null>(null);

  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const dose = given.find((d) => d.id === doseId) ?? given[0];
    if (!dose) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    vaccinationApi
      .aefiReport({
        doseId: dose.id,
        onsetDate,
        symptoms: symptoms
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        ...(description.trim() ? { description: description.trim() } : {}),
        severity,
        seriousCriteria: AEFI_SERIOUS_CRITERIA.filter((c) => serious.has(c)),
      })
      .then(
        (r) => {
          setBusy(false);
          setSaved({ lotFlagged: r.lotFlagged, cluster: r.cluster });
          setSerious(new Set());
          setPerson(null);
          setSymptoms('');
          setDescription('');
          list.reload();
        },
        (err: unknown) => {
          setBusy(false);
          setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
        },
      );
  };

  const items = list.items;
  return (
    <>
      <h1>{a('title')}</h1>
      <VaccinationTabs />
      <form className="form card" aria-labelledby="aefi-form-title" onSubmit={submit}>
        <h2 id="aefi-form-title">{a('report')}</h2>
        {person ? (
          <p>
            <strong>{person.fullName}</strong>{' '}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setPerson(null);
              }}
            >
              {t('vaccination.web.session.change')}
            </button>
          </p>
        ) : (
          <PersonPicker
            id="aefi-person"
            label={a('person')}
            onPick={(p) => {
              setPerson(p);
              setDoseId('');
              setSaved(null);
            }}
          />
        )}
        {person && doses.data && given.length === 0 && (
          <p className="notice notice--warning">{a('noDoses')}</p>
        )}
        {person && given.length > 0 && (
          <>
            <div className="field">
              <label htmlFor="aefi-dose">{a('dose')}</label>
              <select
                style={FULL_WIDTH}
                id="aefi-dose"
                value={doseId || given[0]!.id}
                onChange={(e) => {
                  setDoseId(e.target.value);
                }}
              >
                {given.map((d) => (
                  <option key={d.id} value={d.id}>
                    {t('vaccination.web.aefi.doseOption', {
                      dose: d.doseNumber,
                      date: formatDate(d.date, i18n.language),
                      product: d.productCode,
                    })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="aefi-onset">{a('onsetDate')}</label>
              <input
                id="aefi-onset"
                type="date"
                required
                max={todayIso()}
                value={onsetDate}
                onChange={(e) => {
                  setOnsetDate(e.target.value);
                }}
              />
            </div>
            <div className="field">
              <label htmlFor="aefi-symptoms">{a('symptoms')}</label>
              <input
                id="aefi-symptoms"
                required
                maxLength={500}
                value={symptoms}
                onChange={(e) => {
                  setSymptoms(e.target.value);
                }}
              />
            </div>
            <div className="field">
              <label htmlFor="aefi-severity">{a('severity')}</label>
              <select
                style={FULL_WIDTH}
                id="aefi-severity"
                value={severity}
                onChange={(e) => {
                  setSeverity(e.target.value);
                }}
              >
                {AEFI_SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {t(`vaccination.severity.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="field">
              <legend>{a('seriousLegend')}</legend>
              {AEFI_SERIOUS_CRITERIA.map((c) => (
                <label key={c} className="checkbox">
                  <input
                    type="checkbox"
                    checked={serious.has(c)}
                    onChange={(e) => {
                      const next = new Set(serious);
                      if (e.target.checked) next.add(c);
                      else next.delete(c);
                      setSerious(next);
                    }}
                  />
                  {t(`vaccination.seriousCriteria.${c}`)}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="aefi-description">{a('description')}</label>
              <textarea
                id="aefi-description"
                maxLength={2000}
                rows={3}
                value={description}
                onChange={(e) => {
                  setDescription(e.target.value);
                }}
              />
            </div>
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                {a('submit')}
              </button>
            </div>
          </>
        )}
        <div aria-live="polite">
          {saved && <p className="notice notice--success">{a('saved')}</p>}
          {saved?.lotFlagged && <p className="notice notice--warning">{a('lotFlagged')}</p>}
          {saved?.cluster && (
            <p className="notice notice--warning">
              {a('clusterFound', {
                reports: saved.cluster.reports,
                event: saved.cluster.event,
                relatedBy: a(`relatedBy.${saved.cluster.relatedBy}`),
              })}
            </p>
          )}
        </div>
        {error && <ErrorBox error={error} />}
      </form>

      <h2>{a('list')}</h2>
      {list.loading && !list.latest && <Loading />}
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.latest && items.length === 0 && <p>{a('empty')}</p>}
      {items.length > 0 && (
        <table className="table table--cards">
          <caption className="visually-hidden">{a('list')}</caption>
          <thead>
            <tr>
              <th scope="col">{a('name')}</th>
              <th scope="col">{a('onsetDate')}</th>
              <th scope="col">{a('severity')}</th>
              <th scope="col">{a('lot')}</th>
              <th scope="col">{a('status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-testid="aefi-row">
                <th scope="row" data-label={a('name')}>
                  {r.fullName}
                </th>
                <td data-label={a('onsetDate')}>{formatDate(r.onsetDate, i18n.language)}</td>
                <td data-label={a('severity')}>
                  {t(`vaccination.severity.${r.severity}`)}
                  {r.serious && <span className="badge badge--demo"> {a('serious')}</span>}
                </td>
                <td data-label={a('lot')}>
                  <span className="mono">{r.lotNumber ?? '—'}</span>
                  {r.lotFlagged && <span className="badge badge--demo"> {a('cluster')}</span>}
                </td>
                <td data-label={a('status')}>
                  {labelOr(t, `vaccination.web.aefi.statuses.${r.status}`, r.status)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore list={list} />
    </>
  );
}
