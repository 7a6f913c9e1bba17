/** The testing module's own menu. */
import { NavLink } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

const TABS = [
  { to: '/testing', key: 'sites', end: true },
  { to: '/testing/register', key: 'register', end: false },
  { to: '/testing/collect', key: 'collect', end: false },
  { to: '/testing/results', key: 'results', end: false },
  { to: '/testing/pools', key: 'pools', end: false },
  { to: '/testing/import', key: 'import', end: false },
] as const;

export function TestingTabs() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('testing.tabs.label')} className="tabs">
      <ul className="chips">
        {TABS.map((tab) => (
          <li key={tab.key}>
            <NavLink to={tab.to} end={tab.end} className="chip">
              {t(`testing.tabs.${tab.key}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
