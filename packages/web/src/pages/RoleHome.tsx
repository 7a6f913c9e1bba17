/**
 * Each role's own work on its home (#19 item 6): a tracer or commune officer sees today's tracing
 * work in their jurisdiction (cases to interview, contacts to call, follow-up calls due, people
 * lost), who enters results is led to the result queue, the province to the situation room, and a
 * venue owner to their venues — never the province's headcount.
 */
import { isRole, roleAllows, type Permission } from '@epilink/core';
import { useCallback } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth.tsx';
import { ErrorBox } from '../components/Feedback.tsx';
import { formatCount } from '../format.ts';
import { useApi } from '../hooks.ts';
import { casesApi, type WorklistSection } from './cases/api.ts';

const SECTIONS: WorklistSection[] = ['newCases', 'contactsToCall', 'followUpsDue', 'lost'];

/** Whether the signed-in role holds a permission. */
export function useCan(): (p: Permission) => boolean {
  const { user } = useAuth();
  return (p) => !!user && isRole(user.role) && roleAllows(user.role, p);
}

function TodayWork() {
  const { t, i18n } = useTranslation();
  const work = useApi(useCallback(() => casesApi.worklist(false), []));
  const list = work.data;
  return (
    <section aria-labelledby="home-today">
      <h2 id="home-today">{t('screensWeb.home.today')}</h2>
      {work.error && <ErrorBox error={work.error} onRetry={work.reload} />}
      {list && (
        <div className="stats">
          {SECTIONS.map((s) => (
            <Link key={s} to={`/cases/worklist?section=${s}`} className="stat">
              <span className="stat__value" data-testid={`home-${s}`}>
                {formatCount(list[s].length, i18n.language)}
                {list.nextCursors[s] !== null && '+'}
              </span>
              <span className="stat__label">{t(`screensWeb.home.${s}`)}</span>
            </Link>
          ))}
        </div>
      )}
      <p>
        <Link to="/cases/worklist">{t('screensWeb.home.openWorklist')}</Link>
      </p>
    </section>
  );
}

/** The role's own part of the home page. */
export function RoleHome() {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <>
      {can('case:trace') && <TodayWork />}
      <ul className="plain-list role-home__links">
        {can('venue:manage') && (
          <li>
            <Link className="button" to="/venues">
              {t('screensWeb.home.venues')}
            </Link>{' '}
            <span className="muted small">{t('screensWeb.home.venuesHelp')}</span>
          </li>
        )}
        {can('testing:write') && (
          <li>
            <Link className="button button--secondary" to="/testing/results">
              {t('screensWeb.home.results')}
            </Link>
          </li>
        )}
        {can('indicator:read') && (
          <li>
            <Link className="button button--secondary" to="/situation">
              {t('screensWeb.home.situation')}
            </Link>
          </li>
        )}
      </ul>
    </>
  );
}
