/** The cases module's own menu: case list, tracer worklist, chain view. */
import { NavLink } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.tsx';
import { canOpenPath } from '../../components/moduleAccess.ts';

const TABS = [
  { to: '/cases', key: 'list', end: true },
  { to: '/cases/worklist', key: 'worklist', end: false },
  { to: '/cases/chain', key: 'chain', end: false },
  { to: '/cases/referrals', key: 'referrals', end: false },
] as const;

export function CasesTabs() {
  const { t } = useTranslation();
  const { user } = useAuth();
  // Only the tabs this official can open (the worklist and referrals are the tracers').
  const tabs = TABS.filter((tab) => canOpenPath(user, tab.to));
  return (
    <nav aria-label={t('casesWeb.tabs.label')} className="tabs">
      <ul className="chips">
        {tabs.map((tab) => (
          <li key={tab.key}>
            <NavLink to={tab.to} end={tab.end} className="chip">
              {tab.key === 'referrals' ? t('referralsWeb.tab') : t(`casesWeb.tabs.${tab.key}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
