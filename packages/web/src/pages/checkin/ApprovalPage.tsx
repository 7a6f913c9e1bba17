/**
 * Venue approval for the commune health station (`/venues/approval`): venues of the
 * jurisdiction by status; approve, reject, suspend; re-issue QR codes; posters of a whole commune.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VENUE_STATUSES } from '@epilink/core';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { UnitPicker } from '../admin/UnitPicker.tsx';
import type { UnitChoice } from '../admin/access.ts';
import { checkinApi } from './api.ts';
import { VenueCard } from './VenuesPage.tsx';

export function ApprovalPage() {
  const { t } = useTranslation();
  usePageTitle(t('checkin.approval.title'));
  const [status, setStatus] = useState('pending');
  // The commune is picked by name (shared UnitPicker); the list and the posters follow it.
  const [commune, setCommune] = useState('');
  const onUnit = useCallback((unit: UnitChoice) => {
    setCommune(unit.place.communeCode ?? '');
  }, []);
  const list = usePaged(
    useCallback(
      (cursor?: string) => checkinApi.venues(status || undefined, commune || undefined, cursor),
      [status, commune],
    ),
  );
  const [error, setError] = useState<ApiError | null>(null);
  const review = (id: string, s: 'approved' | 'rejected' | 'suspended') => {
    setError(null);
    checkinApi.review(id, s).then(list.reload, (e: unknown) => {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
    });
  };
  return (
    <>
      <h1>{t('checkin.approval.title')}</h1>
      <label className="field">
        <span>{t('checkin.approval.filter')}</span>
        <select
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
          }}
        >
          <option value="">{t('checkin.approval.all')}</option>
          {VENUE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`checkin.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="actions">
        <UnitPicker onChange={onUnit} />
        {commune && (
          <a
            className="button button--secondary"
            href={checkinApi.bulkPosterUrl(commune, 'A4')}
            target="_blank"
            rel="noreferrer"
          >
            {t('checkin.approval.bulkPosters')}
          </a>
        )}
      </div>
      {error && <ErrorBox error={error} />}
      {list.loading && <Loading />}
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.latest && list.items.length === 0 && <p className="muted">{t('checkin.approval.none')}</p>}
      {list.items.map((v) => (
        <div key={v.id}>
          <VenueCard venue={v} onChange={list.reload} scanner={false} />
          <p className="actions">
            {v.status !== 'approved' && (
              <button
                type="button"
                className="button"
                onClick={() => {
                  review(v.id, 'approved');
                }}
              >
                {t('checkin.approval.approve')} · {v.name}
              </button>
            )}{' '}
            {v.status === 'pending' && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  review(v.id, 'rejected');
                }}
              >
                {t('checkin.approval.reject')}
              </button>
            )}{' '}
            {v.status === 'approved' && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  review(v.id, 'suspended');
                }}
              >
                {t('checkin.approval.suspend')}
              </button>
            )}
          </p>
        </div>
      ))}
      <LoadMore list={list} />
    </>
  );
}
