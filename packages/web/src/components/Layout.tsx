import { useEffect, useId, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth.tsx';
import { labelOr } from '../format.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Loading } from './Feedback.tsx';
import { Nav } from './Nav.tsx';
import { canOpenPath } from './moduleAccess.ts';
import { NoAccessPage } from '../pages/NoAccessPage.tsx';
import { DemoBanner } from './DemoBanner.tsx';

/** Product name, province and (optionally) a demo badge: the left of every header. */
function Brand() {
  const { t } = useTranslation();
  const { meta } = useAuth();
  return (
    <div className="brand">
      <Link to="/" className="brand__name">
        {t('web.app.name')}
      </Link>
      {meta && <span className="brand__province">{meta.province.name}</span>}
      {meta?.demo && <span className="badge badge--demo">{t('web.header.demo')}</span>}
    </div>
  );
}

function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t('web.app.skipToContent')}
    </a>
  );
}

/** The shell of signed-in screens: header, module navigation, page. Sends anonymous users to /login. */
export function Layout() {
  const { t } = useTranslation();
  const { status, user, logout, ensureSession } = useAuth();
  useEffect(ensureSession, [ensureSession]);
  const location = useLocation();
  const navigate = useNavigate();
  const navId = useId();
  const [menuOpen, setMenuOpen] = useState(false);

  if (status === 'loading') return <Loading />;
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }

  return (
    <div className="shell">
      <SkipLink />
      <header className="header">
        <button
          type="button"
          className="header__menu button button--secondary"
          aria-expanded={menuOpen}
          aria-controls={navId}
          onClick={() => {
            setMenuOpen((o) => !o);
          }}
        >
          {menuOpen ? t('web.header.closeMenu') : t('web.header.menu')}
        </button>
        <Brand />
        <div className="header__tools">
          <LanguageSwitch />
          <div className="user" aria-label={t('web.header.signedInAs')} role="group">
            <span className="user__name">{user.displayName}</span>
            <span className="user__meta">
              {labelOr(t, `web.roles.${user.role}`, user.role)} · {user.jurisdiction.name}
            </span>
          </div>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              void logout().then(() => navigate('/login'));
            }}
          >
            {t('web.header.signOut')}
          </button>
        </div>
      </header>
      <DemoBanner />
      <div className="body">
        <Nav
          id={navId}
          open={menuOpen}
          onNavigate={() => {
            setMenuOpen(false);
          }}
        />
        <main id="main" className="main" tabIndex={-1}>
          {canOpenPath(user, location.pathname) ? <Outlet /> : <NoAccessPage />}
        </main>
      </div>
    </div>
  );
}

/** The shell of public screens (login): same header without user or navigation. */
export function PublicLayout() {
  return (
    <div className="shell shell--public">
      <SkipLink />
      <header className="header">
        <Brand />
        <div className="header__tools">
          <LanguageSwitch />
        </div>
      </header>
      <DemoBanner />
      <main id="main" className="main main--public" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
