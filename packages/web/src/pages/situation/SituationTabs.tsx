/**
 * The situation room's own menu (issue #13). Each part of the module appends its tab here: `to`
 * is its route, `label` its full i18n key (in `situation.tabs`, or the part's own namespace).
 * The current scope (`?unit=&from=&to=&asOf=&disease=`) travels with every tab.
 */
import { NavLink, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isRole, roleAllows } from '@epilink/core';
import type { Permission } from '@epilink/core';
import { useAuth } from '../../auth.tsx';

/**
 * The tabs, in order. Append yours; keep `end: true` only for the dashboard itself; `permission`
 * shows a tab only to roles that have it (beyond `indicator:read`, which opens the room).
 */
export const SITUATION_TABS: readonly { to: string; label: string; end: boolean; permission?: Permission }[] =
  [
    { to: '/situation', label: 'situation.tabs.dashboard', end: true },
    { to: '/situation/present', label: 'situation.tabs.present', end: false },
    { to: '/situation/reports', label: 'sitrep.web.nav', end: false },
    { to: '/situation/adoption', label: 'sitrep.web.adoptionNav', end: false },
    { to: '/situation/map', label: 'situation.tabs.map', end: false },
    { to: '/situation/levels', label: 'levels.committee.tab', end: false },
    { to: '/situation/beds', label: 'indicators.beds.title', end: false, permission: 'beds:report' },
    { to: '/situation/analytics', label: 'analyticsWeb.tab', end: false },
  ];

export function SituationTabs() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const { user } = useAuth();
  const role = user && isRole(user.role) ? user.role : null;
  const shown = SITUATION_TABS.filter((tab) => !tab.permission || (role && roleAllows(role, tab.permission)));
  return (
    <nav aria-label={t('situation.tabs.label')} className="tabs">
      <ul className="chips">
        {shown.map((tab) => (
          <li key={tab.to}>
            <NavLink to={{ pathname: tab.to, search }} end={tab.end} className="chip">
              {t(tab.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
