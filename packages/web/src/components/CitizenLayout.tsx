/**
 * The citizen layout (a slim header and the page), in the citizen entry chunk with the check-in
 * page; the citizen's own pages (CitizenPages.tsx) load on first use.
 */
import { Link, Outlet } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth.tsx';
import { DemoBanner } from './DemoBanner.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** The citizen layout: a slim header and the page. */
export function CitizenLayout() {
  const { t } = useTranslation();
  const { meta } = useAuth();
  return (
    <div className="shell shell--citizen">
      <header className="header">
        <div className="brand">
          <Link to="/me" className="brand__name">
            {t('web.app.name')}
          </Link>
          {meta && <span className="brand__province">{meta.province.name}</span>}
          {meta?.demo && <span className="badge badge--demo">{t('web.header.demo')}</span>}
        </div>
        <LanguageSwitch />
      </header>
      <DemoBanner />
      <main id="main" className="main main--narrow">
        <Outlet />
      </main>
    </div>
  );
}
