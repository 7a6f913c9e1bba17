/**
 * Overlap search for officials (`/checkins/trace`): a person (the case), a window (the
 * infectious period) and a purpose (recorded in the audit trail) → the people whose check-ins
 * overlapped at the same venue, with minutes and exposure date.
 */
import { addDays, localDayStart, today } from '@epilink/core';
import { useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { usePageTitle } from '../../hooks.ts';
import { checkinApi, type Contact } from './api.ts';
import { PersonPicker } from './PersonPicker.tsx';
import { formatDate } from '../../format.ts';

/** A day relative to today in the province (the one clock), not in the device's zone. */
const day = (offset: number) => addDays(today(), offset);

const isDay = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/u.test(v);

export function TracePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('checkin.trace.title'));
  // Opened from a case page: the case's person and infectious window are in the address.
  const [params] = useSearchParams();
  const given = params.get('person');
  const [chosen, setChosen] = useState<{ id: string; name: string } | null>(
    given && /^[0-9a-f-]{36}$/iu.test(given) ? { id: given, name: params.get('name') ?? given } : null,
  );
  const personId = chosen?.id ?? '';
  const [from, setFrom] = useState(() => {
    const v = params.get('from');
    return isDay(v) ? v : day(-14);
  });
  const [to, setTo] = useState(() => {
    const v = params.get('to');
    return isDay(v) ? v : day(1);
  });
  const [purpose, setPurpose] = useState('');
  const [result, setResult] = useState<{ contacts: Contact[]; outsideJurisdiction: number } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!personId) return;
    setBusy(true);
    setError(null);
    checkinApi
      .contacts([personId], localDayStart(from).toISOString(), localDayStart(to).toISOString(), purpose)
      .then(setResult, (err: unknown) => {
        setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
      })
      .finally(() => {
        setBusy(false);
      });
  };
  return (
    <>
      <h1>{t('checkin.trace.title')}</h1>
      <form className="form" onSubmit={submit} aria-label={t('checkin.trace.title')}>
        <PersonPicker chosen={chosen} onChoose={setChosen} />
        <label className="field">
          <span>{t('checkin.trace.from')}</span>
          <input
            type="date"
            required
            value={from}
            onChange={(e) => {
              setFrom(e.target.value);
            }}
          />
        </label>
        <label className="field">
          <span>{t('checkin.trace.to')}</span>
          <input
            type="date"
            required
            value={to}
            onChange={(e) => {
              setTo(e.target.value);
            }}
          />
        </label>
        <label className="field">
          <span>{t('checkin.trace.purpose')}</span>
          <input
            required
            minLength={3}
            maxLength={200}
            value={purpose}
            onChange={(e) => {
              setPurpose(e.target.value);
            }}
          />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t('checkin.trace.search')}
        </button>
      </form>
      {error && <ErrorBox error={error} />}
      {result && (
        <section aria-label={t('checkin.trace.candidates', { count: result.contacts.length })}>
          <h2>{t('checkin.trace.candidates', { count: result.contacts.length })}</h2>
          {result.outsideJurisdiction > 0 && (
            <p className="notice notice--info">
              {t('checkin.trace.outside', { count: result.outsideJurisdiction })}
            </p>
          )}
          {result.contacts.length === 0 ? (
            <p className="muted">{t('checkin.trace.none')}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('checkin.citizen.fullName')}</th>
                  <th scope="col">{t('checkin.citizen.venue')}</th>
                  <th scope="col">{t('checkin.trace.exposureDate')}</th>
                  <th scope="col">{t('checkin.trace.overlap')}</th>
                  <th scope="col">{t('checkin.trace.declaration')}</th>
                </tr>
              </thead>
              <tbody>
                {result.contacts.map((c, i) => (
                  <tr key={`${c.personId ?? c.guestPhone ?? i}-${c.venue.id}-${c.exposureDate}`}>
                    <td>
                      {c.personId ? (
                        <Link to={`/people/${c.personId}`}>{c.fullName}</Link>
                      ) : (
                        `${c.fullName ?? ''} (${t('checkin.trace.unlinked')}: ${c.guestPhone ?? ''})`
                      )}
                    </td>
                    <td>{c.venue.name}</td>
                    <td>{formatDate(c.exposureDate, i18n.language)}</td>
                    <td>{c.overlapMinutes}</td>
                    <td>
                      {c.declaration
                        ? `${formatDate(c.declaration.day, i18n.language) ?? ''}: ${t(`declarations.triage.action.${c.declaration.action}`)}${
                            c.declaration.flagged ? ` (${t('checkin.trace.flagged')})` : ''
                          }`
                        : t('checkin.trace.noDeclaration')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}
