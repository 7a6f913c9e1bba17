/** The slim, phone-first layout of the citizen's check-in pages (`/c/:token`, `/me/checkins`). */
import { Link, Outlet } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';

export function CheckinLayout() {
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
      <main id="main" className="main main--narrow">
        <Outlet />
      </main>
    </div>
  );
}
