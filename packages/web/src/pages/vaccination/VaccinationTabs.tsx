/** The vaccination module's own menu: session screen, coverage, due list, AEFI. */
import { NavLink } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

const TABS = [
  { to: '/vaccination', key: 'session', end: true },
  { to: '/vaccination/coverage', key: 'coverage', end: false },
  { to: '/vaccination/due', key: 'due', end: false },
  { to: '/vaccination/aefi', key: 'aefi', end: false },
] as const;

export function VaccinationTabs() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('vaccination.web.nav.label')} className="tabs">
      <ul className="chips">
        {TABS.map((tab) => (
          <li key={tab.key}>
            <NavLink to={tab.to} end={tab.end} className="chip">
              {t(`vaccination.web.nav.${tab.key}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
