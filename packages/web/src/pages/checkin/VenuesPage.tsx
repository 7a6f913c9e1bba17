/**
 * The venue owner's area (`/venues`): register a venue, see each venue's status, QR posters
 * (A4/A5 PDF), visitor counts (never identities), re-issue the QR code, open the scanner.
 */
import { useCallback, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { VENUE_TYPES } from '@epilink/core';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { UnitPicker } from '../admin/UnitPicker.tsx';
import type { UnitChoice } from '../admin/access.ts';
import { checkinApi, type Venue } from './api.ts';

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
}

const EMPTY = {
  name: '',
  type: 'restaurant',
  address: '',
  communeCode: '',
  capacity: '',
  openingHours: '',
  defaultStayMinutes: '60',
};

/** Posters, counts and actions of one venue (owner or official). */
export function VenueCard({
  venue,
  onChange,
  scanner,
}: {
  venue: Venue;
  onChange: () => void;
  scanner: boolean;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  return (
    <article className="card" aria-label={venue.name}>
      <h2>{venue.name}</h2>
      <p className="muted">
        {t(`checkin.type.${venue.type}`)} · {venue.address}
        {venue.communeName ? `, ${venue.communeName}` : ''}
      </p>
      <p>
        {t('checkin.owner.status')}: <strong>{t(`checkin.status.${venue.status}`)}</strong>
      </p>
      <dl className="stats">
        <div className="stat">
          <dt className="stat__label">{t('checkin.owner.today')}</dt>
          <dd className="stat__value">{venue.counts.today}</dd>
        </div>
        <div className="stat">
          <dt className="stat__label">{t('checkin.owner.last7')}</dt>
          <dd className="stat__value">{venue.counts.last7Days}</dd>
        </div>
        <div className="stat">
          <dt className="stat__label">{t('checkin.owner.present')}</dt>
          <dd className="stat__value">{venue.counts.presentNow}</dd>
        </div>
      </dl>
      {venue.status === 'approved' && (
        <p className="actions">
          <a
            className="button button--secondary"
            href={checkinApi.posterUrl(venue.id, 'A4')}
            target="_blank"
            rel="noreferrer"
          >
            {t('checkin.owner.posterA4')}
          </a>{' '}
          <a
            className="button button--secondary"
            href={checkinApi.posterUrl(venue.id, 'A5')}
            target="_blank"
            rel="noreferrer"
          >
            {t('checkin.owner.posterA5')}
          </a>{' '}
          {scanner && (
            <Link className="button" to={`/venues/${venue.id}/scan`}>
              {t('checkin.owner.scanner')}
            </Link>
          )}{' '}
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setError(null);
              checkinApi.reissue(venue.id).then(
                () => {
                  setNote(t('checkin.approval.reissued'));
                  onChange();
                },
                (e: unknown) => {
                  setError(asApiError(e));
                },
              );
            }}
          >
            {t('checkin.approval.reissue')}
          </button>
        </p>
      )}
      {note && (
        <p className="notice notice--success" role="status">
          {note}
        </p>
      )}
      {error && <ErrorBox error={error} />}
    </article>
  );
}

export function VenuesPage() {
  const { t } = useTranslation();
  usePageTitle(t('checkin.owner.title'));
  const list = usePaged(useCallback((cursor?: string) => checkinApi.myVenues(cursor), []));
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  // The commune is picked by name inside the account's jurisdiction (a commune account's own
  // commune is already chosen), never typed as a code.
  const onUnit = useCallback((unit: UnitChoice) => {
    setForm((f) => ({ ...f, communeCode: unit.place.communeCode ?? '' }));
  }, []);
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
  };
  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    checkinApi
      .register({
        name: form.name,
        type: form.type,
        address: form.address,
        communeCode: form.communeCode.trim(),
        capacity: form.capacity ? Number(form.capacity) : null,
        openingHours: form.openingHours.trim() || null,
        defaultStayMinutes: Number(form.defaultStayMinutes) || 60,
      })
      .then(
        () => {
          setDone(true);
          setForm(EMPTY);
          list.reload();
        },
        (err: unknown) => {
          setError(asApiError(err));
        },
      );
  };
  return (
    <>
      <h1>{t('checkin.owner.title')}</h1>
      {list.loading && <Loading />}
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.latest && list.items.length === 0 && <p className="muted">{t('checkin.owner.none')}</p>}
      {list.items.map((v) => (
        <VenueCard key={v.id} venue={v} onChange={list.reload} scanner />
      ))}
      <LoadMore list={list} />
      <form className="form card" onSubmit={submit} aria-label={t('checkin.owner.register')}>
        <h2>{t('checkin.owner.register')}</h2>
        <label className="field">
          <span>{t('checkin.owner.name')}</span>
          <input required maxLength={200} value={form.name} onChange={set('name')} />
        </label>
        <label className="field">
          <span>{t('checkin.owner.type')}</span>
          <select value={form.type} onChange={set('type')}>
            {VENUE_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`checkin.type.${ty}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('checkin.owner.address')}</span>
          <input required maxLength={300} value={form.address} onChange={set('address')} />
        </label>
        <UnitPicker onChange={onUnit} />
        <label className="field">
          <span>{t('checkin.owner.capacity')}</span>
          <input type="number" min={1} value={form.capacity} onChange={set('capacity')} />
        </label>
        <label className="field">
          <span>{t('checkin.owner.openingHours')}</span>
          <input value={form.openingHours} onChange={set('openingHours')} placeholder="07:00-22:00" />
        </label>
        <label className="field">
          <span>{t('checkin.owner.defaultStay')}</span>
          <input
            type="number"
            min={5}
            max={720}
            value={form.defaultStayMinutes}
            onChange={set('defaultStayMinutes')}
          />
        </label>
        {error && <ErrorBox error={error} />}
        {done && (
          <p className="notice notice--success" role="status">
            {t('checkin.owner.submitted')}
          </p>
        )}
        <button type="submit" className="button">
          {t('checkin.owner.submit')}
        </button>
      </form>
    </>
  );
}
