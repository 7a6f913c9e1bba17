/**
 * The citizen's pages (`/me`), phone-first: sign-in with phone number and one-time code
 * (`/me/login`), then their own record and those of the household members in their care.
 */
import { useEffect, useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type MyPerson } from '../api.ts';
import { useAuth } from '../auth.tsx';
import {
  CitizenIdentityFields,
  EMPTY_IDENTITY,
  identityPayload,
  type IdentityDraft,
} from '../components/CitizenIdentityFields.tsx';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { formatDate } from '../format.ts';
import { usePageTitle } from '../hooks.ts';
import { MyEpiStatus } from './cases/PersonEpiStatus.tsx';

export { CitizenLayout } from '../components/CitizenLayout.tsx';

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
}

/** Phone number → code → signed in. */
export function CitizenLoginPage() {
  const { t } = useTranslation();
  const { meta } = useAuth();
  const navigate = useNavigate();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  // First sign-in with this phone: the holder says who they are (date of birth + ID number or name).
  const [identify, setIdentify] = useState(false);
  const [identity, setIdentity] = useState<IdentityDraft>(EMPTY_IDENTITY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  usePageTitle(t('security.web.citizen.loginTitle'));

  const send = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    api.citizenStart(phone.trim()).then(
      () => {
        setBusy(false);
        setSent(true);
      },
      (err: unknown) => {
        setBusy(false);
        setError(asApiError(err));
      },
    );
  };
  const verify = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    api.citizenVerify(phone.trim(), code.trim(), identify ? identityPayload(identity) : undefined).then(
      () => {
        setBusy(false);
        void navigate('/me');
      },
      (err: unknown) => {
        setBusy(false);
        const a = asApiError(err);
        if (a.code === 'CITIZEN_IDENTITY_REQUIRED') {
          setIdentify(true);
          setError(null);
          return;
        }
        setError(a.status === 401 ? new ApiError(401, a.code, t('security.web.citizen.badCode')) : a);
      },
    );
  };

  return (
    <section className="card login" aria-labelledby="citizen-login-title">
      <h1 id="citizen-login-title">{t('security.web.citizen.loginTitle')}</h1>
      <p className="muted">{t('security.web.citizen.loginIntro')}</p>
      <form onSubmit={sent ? verify : send} className="form">
        <div className="field">
          <label htmlFor="citizen-phone">{t('security.web.citizen.phone')}</label>
          <input
            id="citizen-phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            required
            readOnly={sent}
            value={phone}
            onChange={(e) => {
              setPhone(e.target.value);
            }}
          />
        </div>
        {sent && (
          <>
            <p role="status">{t('security.web.citizen.codeSent')}</p>
            <div className="field">
              <label htmlFor="citizen-code">{t('security.web.citizen.code')}</label>
              <input
                id="citizen-code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                value={code}
                onChange={(e) => {
                  setCode(e.target.value);
                }}
              />
            </div>
          </>
        )}
        {identify && <CitizenIdentityFields value={identity} onChange={setIdentity} />}
        {error && <ErrorBox error={error} />}
        <button type="submit" className="button" disabled={busy}>
          {sent ? t('security.web.citizen.signIn') : t('security.web.citizen.sendCode')}
        </button>
      </form>
      {meta?.demo && (
        <p className="muted small">
          <Link to="/demo/inbox">{t('security.web.citizen.demoInbox')}</Link>
        </p>
      )}
    </section>
  );
}

function PersonCard({ p }: { p: MyPerson }) {
  const { t, i18n } = useTranslation();
  const none = t('web.app.none');
  return (
    <article className="card" aria-label={p.fullName}>
      <h2>{p.fullName}</h2>
      <p className="muted">
        {p.relation === 'self' ? t('security.web.citizen.self') : t('security.web.citizen.ward')}
      </p>
      <dl className="facts">
        <dt>{t('security.web.citizen.dateOfBirth')}</dt>
        <dd>{formatDate(p.dateOfBirth, i18n.language) ?? none}</dd>
        <dt>{t('security.web.citizen.idNumber')}</dt>
        <dd>{p.idNumber ?? none}</dd>
        <dt>{t('security.web.citizen.address')}</dt>
        <dd>{p.address ?? none}</dd>
        <dt>{t('security.web.citizen.place')}</dt>
        <dd>{[p.commune, p.district].filter(Boolean).join(', ') || none}</dd>
      </dl>
      <p>
        <Link to={`/me/book/${p.id}`}>{t('healthbook.open')}</Link>
      </p>
    </article>
  );
}

/** The citizen's records; sends to /me/login when not signed in. */
export function CitizenHomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [items, setItems] = useState<MyPerson[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  usePageTitle(t('security.web.citizen.title'));

  useEffect(() => {
    let live = true;
    api.myPersons().then(
      (r) => {
        if (live) setItems(r.items);
      },
      (e: unknown) => {
        if (!live) return;
        const a = asApiError(e);
        if (a.status === 401) void navigate('/me/login', { replace: true });
        else setError(a);
      },
    );
    return () => {
      live = false;
    };
  }, [navigate]);

  if (error) return <ErrorBox error={error} />;
  if (!items) return <Loading />;
  return (
    <section aria-labelledby="citizen-title">
      <h1 id="citizen-title">{t('security.web.citizen.title')}</h1>
      {items.length === 0 && <p>{t('security.web.citizen.none')}</p>}
      {items.map((p) => (
        <PersonCard key={p.id} p={p} />
      ))}
      {items.length > 0 && <MyEpiStatus persons={items} />}
      <p>
        <Link to="/me/certificates">{t('vaccination.web.citizen.title')}</Link>
      </p>
      <p>
        <Link to="/me/tests">{t('testing.me.resultsTitle')}</Link> ·{' '}
        <Link to="/me/tests/book">{t('testing.me.bookTitle')}</Link>
      </p>
      <p>
        <Link to="/me/checkins">{t('checkin.citizen.history')}</Link>
      </p>
      <p>
        <Link to="/declare?me=1">{t('declarationsWeb.nav')}</Link>
      </p>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          void api.citizenLogout().finally(() => {
            void navigate('/me/login');
          });
        }}
      >
        {t('security.web.citizen.signOut')}
      </button>
    </section>
  );
}
