/**
 * Contacts referred to my jurisdiction (`/cases/referrals`): people named at an interview by a
 * tracer elsewhere who live here. Only this commune (or its district/province) sees them, and it
 * decides: link to the resident record (the contact is then proposed on the case) or dismiss.
 */
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { casesApi, type Referral } from './api.ts';
import { CasesTabs } from './CasesTabs.tsx';
import './cases.css';

const STATUSES: Referral['status'][] = ['pending', 'linked', 'dismissed'];

function ReferralCard({
  referral,
  onDecided,
}: {
  referral: Referral;
  onDecided: (r: Referral, message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const decide = (decision: 'link' | 'dismiss') => {
    setBusy(true);
    setError(null);
    casesApi.decideReferral(referral.id, decision).then(
      (r) => {
        setBusy(false);
        onDecided(
          r,
          t(decision === 'link' ? 'referralsWeb.linked' : 'referralsWeb.dismissed', { name: r.fullName }),
        );
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };
  const born = formatDate(referral.dateOfBirth, i18n.language);
  const exposed = formatDate(referral.exposureDate, i18n.language);
  return (
    <li className="card">
      <h2>{referral.fullName}</h2>
      <dl className="facts">
        <dt>{t('referralsWeb.details')}</dt>
        <dd>
          {[
            born && t('referralsWeb.born', { date: born }),
            referral.phone && t('referralsWeb.phone', { phone: referral.phone }),
            referral.idNumber && t('referralsWeb.idNumber', { id: referral.idNumber }),
            referral.communeCode && t('referralsWeb.commune', { code: referral.communeCode }),
          ]
            .filter(Boolean)
            .join(' · ') || t('web.app.none')}
        </dd>
        <dt>{t('referralsWeb.exposure')}</dt>
        <dd>
          {t(`casesWeb.exposure.${referral.exposureType}`)}
          {exposed && ` · ${exposed}`}
        </dd>
        <dt>{t('referralsWeb.received')}</dt>
        <dd>{formatDateTime(referral.createdAt, i18n.language)}</dd>
        <dt>{t('referralsWeb.status')}</dt>
        <dd>{t(`referralsWeb.statuses.${referral.status}`)}</dd>
      </dl>
      {referral.personId && <Link to={`/people/${referral.personId}`}>{t('referralsWeb.openPerson')}</Link>}
      {referral.status === 'pending' && (
        <p className="actions">
          <button
            type="button"
            className="button"
            disabled={busy}
            aria-label={t('referralsWeb.link', { name: referral.fullName })}
            onClick={() => {
              decide('link');
            }}
          >
            {t('referralsWeb.linkShort')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            aria-label={t('referralsWeb.dismiss', { name: referral.fullName })}
            onClick={() => {
              decide('dismiss');
            }}
          >
            {t('referralsWeb.dismissShort')}
          </button>
        </p>
      )}
      {error && <ErrorBox error={error} />}
    </li>
  );
}

export function ReferralsPage() {
  const { t } = useTranslation();
  usePageTitle(t('referralsWeb.title'));
  const [status, setStatus] = useState<Referral['status']>('pending');
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState('');
  const list = usePaged(useCallback((cursor?: string) => casesApi.referrals(status, cursor), [status]));
  const items = list.items.filter((r) => !decided.has(r.id));
  return (
    <>
      <h1>{t('referralsWeb.title')}</h1>
      <CasesTabs />
      <p className="lead">{t('referralsWeb.intro')}</p>
      <form
        className="form cases-filters"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label className="field">
          <span>{t('referralsWeb.status')}</span>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as Referral['status']);
              setDecided(new Set());
            }}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`referralsWeb.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <p role="status" className="small">
        {message}
      </p>
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.loading && !list.latest && <Loading />}
      {list.latest && items.length === 0 && <p className="muted">{t('referralsWeb.empty')}</p>}
      <ul className="plain-list">
        {items.map((r) => (
          <ReferralCard
            key={r.id}
            referral={r}
            onDecided={(done, m) => {
              setDecided((s) => new Set(s).add(done.id));
              setMessage(m);
            }}
          />
        ))}
      </ul>
      <LoadMore list={list} />
    </>
  );
}
