import { useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type MeResponse, type TotpEnrolment } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { ErrorBox } from '../components/Feedback.tsx';

/**
 * The second sign-in step of an official: TOTP enrolment (QR code, first code, recovery codes
 * shown once) when not yet enrolled, else a code from the authenticator app or a recovery code.
 */
export function TwoFactorStep({ pending }: { pending: MeResponse }) {
  const { t } = useTranslation();
  const { settle, logout } = useAuth();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [recovery, setRecovery] = useState<{ codes: string[]; me: MeResponse } | null>(null);
  const enrolling = pending.stage === 'enrol';

  // The administrator's one-time enrolment code, from the enrolment link (`/login?enrol=CODE`).
  const [enrolmentCode, setEnrolmentCode] = useState(
    () => new URLSearchParams(window.location.search).get('enrol') ?? '',
  );
  const [codeNeeded, setCodeNeeded] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!enrolling) return;
    let live = true;
    const given = new URLSearchParams(window.location.search).get('enrol') ?? undefined;
    api.totpEnrol(attempt === 0 ? given : enrolmentCode.trim()).then(
      (e) => {
        if (!live) return;
        setCodeNeeded(false);
        setError(null);
        setEnrolment(e);
      },
      (e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.code === 'ENROLMENT_CODE_REQUIRED') setCodeNeeded(true);
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
    return () => {
      live = false;
    };
    // enrolmentCode is read when the official submits it (attempt), not on every keystroke.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enrolling, attempt]);

  if (enrolling && codeNeeded) {
    return (
      <section className="card login" aria-labelledby="enrolment-code-title">
        <h1 id="enrolment-code-title">{t('security.web.twoFactor.title')}</h1>
        <p className="muted">{t('security.web.twoFactor.enrolmentCodeIntro')}</p>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            setAttempt((n) => n + 1);
          }}
        >
          <div className="field">
            <label htmlFor="enrolment-code">{t('security.web.twoFactor.enrolmentCode')}</label>
            <input
              id="enrolment-code"
              name="enrolmentCode"
              autoComplete="off"
              required
              maxLength={40}
              value={enrolmentCode}
              onChange={(e) => {
                setEnrolmentCode(e.target.value);
              }}
            />
          </div>
          {error && <ErrorBox error={error} />}
          <p className="actions">
            <button type="submit" className="button">
              {t('security.web.twoFactor.enrolmentCodeSubmit')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => void logout()}>
              {t('security.web.twoFactor.cancel')}
            </button>
          </p>
        </form>
      </section>
    );
  }

  if (recovery) {
    return (
      <section className="card login" aria-labelledby="recovery-title">
        <h1 id="recovery-title">{t('security.web.twoFactor.recoveryTitle')}</h1>
        <p className="muted">{t('security.web.twoFactor.recoveryIntro')}</p>
        <ul className="recovery-codes" aria-label={t('security.web.twoFactor.recoveryTitle')}>
          {recovery.codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="button"
          onClick={() => {
            settle(recovery.me);
          }}
        >
          {t('security.web.twoFactor.continue')}
        </button>
      </section>
    );
  }

  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const done = (err: unknown) => {
      setBusy(false);
      if (err instanceof ApiError && err.status === 401)
        setError(new ApiError(401, err.code, t('security.web.twoFactor.badCode')));
      else setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    };
    if (enrolling) {
      api.totpConfirm(code.trim()).then((r) => {
        setBusy(false);
        setRecovery({ codes: r.recoveryCodes, me: { user: r.user, stage: r.stage } });
      }, done);
    } else {
      api.totpVerify(code.trim()).then((r) => {
        setBusy(false);
        settle(r);
      }, done);
    }
  };

  return (
    <section className="card login" aria-labelledby="tfa-title">
      <h1 id="tfa-title">{t('security.web.twoFactor.title')}</h1>
      <p className="muted">
        {enrolling ? t('security.web.twoFactor.enrolIntro') : t('security.web.twoFactor.verifyIntro')}
      </p>
      {enrolling && enrolment && (
        <div className="totp-enrol">
          <img
            src={enrolment.qrSvgDataUrl}
            alt={t('security.web.twoFactor.qrAlt')}
            width={200}
            height={200}
          />
          <p className="small">
            {t('security.web.twoFactor.secretLabel')}:{' '}
            <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
        </div>
      )}
      <form onSubmit={submit} className="form">
        <div className="field">
          <label htmlFor="tfa-code">{t('security.web.twoFactor.code')}</label>
          <input
            id="tfa-code"
            name="code"
            inputMode={enrolling ? 'numeric' : 'text'}
            autoComplete="one-time-code"
            required
            maxLength={20}
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
            }}
          />
        </div>
        {error && <ErrorBox error={error} />}
        <button type="submit" className="button" disabled={busy}>
          {t('security.web.twoFactor.submit')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            void logout();
          }}
        >
          {t('security.web.twoFactor.cancel')}
        </button>
      </form>
    </section>
  );
}
