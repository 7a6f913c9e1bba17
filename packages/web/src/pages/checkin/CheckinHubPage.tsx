/** The check-in module's entry (`/checkins`): the pages this user's role may use. */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { roleAllows, isRole } from '@epilink/core';
import { useAuth } from '../../auth.tsx';
import { usePageTitle } from '../../hooks.ts';

export function CheckinHubPage() {
  const { t } = useTranslation();
  usePageTitle(t('checkin.nav'));
  const { user } = useAuth();
  const role = user && isRole(user.role) ? user.role : null;
  const can = (p: Parameters<typeof roleAllows>[1]) => role !== null && roleAllows(role, p);
  return (
    <>
      <h1>{t('checkin.nav')}</h1>
      <ul className="stats">
        {can('venue:manage') && (
          <li>
            <Link className="stat" to="/venues">
              {t('checkin.owner.title')}
            </Link>
          </li>
        )}
        {can('venue:approve') && (
          <li>
            <Link className="stat" to="/venues/approval">
              {t('checkin.approval.title')}
            </Link>
          </li>
        )}
        {can('checkin:activity') && (
          <li>
            <Link className="stat" to="/checkins/activity">
              {t('checkin.activity.title')}
            </Link>
          </li>
        )}
        {can('checkin:trace') && (
          <li>
            <Link className="stat" to="/checkins/trace">
              {t('checkin.trace.title')}
            </Link>
          </li>
        )}
      </ul>
    </>
  );
}
