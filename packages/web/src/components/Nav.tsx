import { NavLink } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth.tsx';
import { canAdminister } from '../pages/admin/access.ts';
import { canReadIndicators } from '../pages/situation/access.ts';
import { canOpenModule } from './moduleAccess.ts';

/** Modules available today, in menu order. */
const MODULES = [
  { to: '/', key: 'overview', end: true },
  { to: '/units', key: 'units', end: false },
  { to: '/people', key: 'people', end: false },
  { to: '/duplicates', key: 'duplicates', end: false },
  { to: '/policy', key: 'policy', end: false },
  { to: '/checkins', key: 'checkin', end: false },
  { to: '/vaccination', key: 'vaccination', end: false },
  { to: '/testing', key: 'testing', end: false },
  { to: '/cases', key: 'cases', end: false },
  { to: '/quarantine', key: 'quarantine', end: true },
  { to: '/quarantine/facilities', key: 'quarantineFacilities', end: false, label: 'facilities.title' },
  { to: '/zones', key: 'zones', end: false, label: 'zones.title' },
  { to: '/campaigns', key: 'campaigns', end: false, label: 'zones.campaignsTitle' },
  { to: '/declarations', key: 'healthDeclarations', end: false },
  { to: '/corrections', key: 'corrections', end: false, label: 'corrections.nav' },
  { to: '/situation', key: 'situation', end: false, label: 'situation.nav' },
  { to: '/imports', key: 'imports', end: false, label: 'imports.page.nav' },
  { to: '/admin', key: 'admin', end: false },
] as const;

/** Modules announced in the product but not built yet: shown disabled with a badge. */
const COMING: readonly string[] = [];

/** The module navigation; `onNavigate` lets the phone menu close after a choice. */
export function Nav({ id, open, onNavigate }: { id: string; open: boolean; onNavigate: () => void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  return (
    <nav id={id} className={open ? 'nav nav--open' : 'nav'} aria-label={t('web.nav.label')}>
      <ul className="nav__list">
        {MODULES.filter(
          (m) =>
            (m.key !== 'admin' || canAdminister(user)) &&
            (m.key !== 'situation' || canReadIndicators(user)) &&
            canOpenModule(user, m.key),
        ).map((m) => (
          <li key={m.key}>
            <NavLink to={m.to} end={m.end} className="nav__link" onClick={onNavigate}>
              {t('label' in m ? m.label : `web.nav.${m.key}`)}
            </NavLink>
          </li>
        ))}
      </ul>
      <ul className="nav__list nav__list--soon">
        {COMING.map((key) => (
          <li key={key}>
            <span
              className="nav__link nav__link--disabled"
              aria-disabled="true"
              data-testid={`nav-soon-${key}`}
            >
              <span>{t(`web.nav.${key}`)}</span>
              <span className="badge">{t('web.nav.comingSoon')}</span>
            </span>
          </li>
        ))}
      </ul>
    </nav>
  );
}
