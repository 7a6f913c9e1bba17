import { isRole, roleAllows } from '@epilink/core';
import { useCallback } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { formatCount, unitTypeLabel } from '../format.ts';
import { useApi, usePageTitle } from '../hooks.ts';
import { RoleHome, useCan } from './RoleHome.tsx';

/** Key figures of the user's jurisdiction and the system it runs on. */
export function OverviewPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { meta, user } = useAuth();
  // The caller's own unit (#19 item 6): a commune officer sees their commune, not the province.
  const code = user?.jurisdiction.code;
  const root = useApi(useCallback(() => (code ? api.unit(code) : api.unit()), [code]));
  const can = useCan();
  // Headcounts are for roles that read the registry's people (not a venue owner).
  const seesPeople = can('person:read');
  // The duplicate-review queue is asked for only by roles that may decide it.
  const canReview = !!user && isRole(user.role) && roleAllows(user.role, 'person:merge');
  const reviews = useApi(
    useCallback(() => (canReview ? api.openReviews() : Promise.resolve(null)), [canReview]),
  );
  usePageTitle(t('web.overview.title'));

  const unit = root.data?.unit;
  return (
    <>
      <h1>{t('web.overview.title')}</h1>
      {root.loading && <Loading />}
      {root.error && <ErrorBox error={root.error} onRetry={root.reload} />}
      {unit && <p className="lead">{t('web.overview.jurisdiction', { name: unit.name })}</p>}
      <RoleHome />
      <div className="stats">
        {unit && seesPeople && (
          <Link to="/people" className="stat">
            <span className="stat__value" data-testid="stat-persons">
              {formatCount(unit.personCount, lang)}
            </span>
            <span className="stat__label">{t('web.overview.persons')}</span>
          </Link>
        )}
        {root.data && seesPeople && (
          <Link to="/units" className="stat">
            <span className="stat__value" data-testid="stat-units">
              {formatCount(root.data.children.length, lang)}
            </span>
            <span className="stat__label">{t('web.overview.childUnits')}</span>
          </Link>
        )}
        {reviews.data && (
          <Link to="/duplicates" className="stat">
            <span className="stat__value" data-testid="stat-reviews">
              {formatCount(reviews.data.items.length, lang)}
            </span>
            <span className="stat__label">{t('web.overview.openReviews')}</span>
          </Link>
        )}
      </div>

      {root.data && seesPeople && root.data.children.length > 0 && (
        <section aria-labelledby="overview-units">
          <h2 id="overview-units">{t('web.overview.byUnit')}</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('web.units.name')}</th>
                <th scope="col">{t('web.units.type')}</th>
                <th scope="col" className="num">
                  {t('web.units.persons')}
                </th>
              </tr>
            </thead>
            <tbody>
              {root.data.children.map((c) => (
                <tr key={c.code}>
                  <td>
                    <Link to={`/units/${c.code}`}>{c.name}</Link>
                  </td>
                  <td>{unitTypeLabel(t, c.type)}</td>
                  <td className="num">{formatCount(c.personCount, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {meta && (
        <section aria-labelledby="overview-system">
          <h2 id="overview-system">{t('web.overview.system')}</h2>
          <dl className="facts">
            <dt>{t('web.overview.mode')}</dt>
            <dd>{meta.demo ? t('web.overview.demoMode') : t('web.overview.liveMode')}</dd>
            <dt>{t('web.overview.database')}</dt>
            <dd>{t(`web.overview.databases.${meta.database}`, { defaultValue: meta.database })}</dd>
            <dt>{t('web.overview.version')}</dt>
            <dd>{meta.version}</dd>
          </dl>
        </section>
      )}
    </>
  );
}
