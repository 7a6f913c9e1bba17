import { useEffect, useState, type SubmitEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { usePageTitle } from '../hooks.ts';
import { CitizenLanding } from './CitizenLanding.tsx';
import { TwoFactorStep } from './TwoFactorStep.tsx';

/** Only same-app paths are accepted as a post-login destination. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Demo credentials (documented in the README and shown only when the server is in demo mode). */
const DEMO = { username: 'admin', password: 'epilink-demo' } as const;

/** Username + password sign-in. */
export function LoginPage() {
  const { t } = useTranslation();
  const { status, login, meta, pending, ensureSession } = useAuth();
  useEffect(ensureSession, [ensureSession]);
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  usePageTitle(t('web.login.title'));

  if (status === 'loading') return <Loading />;
  if (status === 'signedIn') return <Navigate to={safeNext(params.get('next'))} replace />;
  if (pending) return <TwoFactorStep pending={pending} />;

  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    login(username.trim(), password).then(
      () => {
        setBusy(false);
      },
      (err: unknown) => {
        setBusy(false);
        if (err instanceof ApiError && err.status === 401) {
          // the server's generic "please sign in" reads oddly under a sign-in form
          setError(new ApiError(401, err.code, t('web.login.badCredentials'), 'web.login.badCredentials'));
        } else {
          setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
        }
      },
    );
  };

  const officials = (
    <section className="card login" aria-labelledby="login-title">
      <h1 id="login-title">{t('web.login.title')}</h1>
      <p className="muted">{t('web.login.intro')}</p>
      <p className="small">{t('screensWeb.landing.officials')}</p>
      <form onSubmit={submit} className="form">
        <div className="field">
          <label htmlFor="login-username">{t('web.login.username')}</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => {
              setUsername(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('web.login.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
            }}
          />
        </div>
        {error && <ErrorBox error={error} />}
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('web.login.submitting') : t('web.login.submit')}
        </button>
      </form>
      {meta?.demo && <p className="muted small">{t('web.login.demoHint', DEMO)}</p>}
    </section>
  );
  return (
    <>
      <CitizenLanding />
      {officials}
    </>
  );
}
