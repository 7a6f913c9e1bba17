import { useCallback } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type UnitSummary } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { formatCount, unitTypeLabel } from '../format.ts';
import { useApi, usePageTitle } from '../hooks.ts';

/** Province → district → commune browser: a breadcrumb, the unit, and its children with person counts. */
export function UnitsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { code } = useParams();
  const navigate = useNavigate();
  const view = useApi(useCallback(() => api.unit(code), [code]));
  usePageTitle(view.data?.unit.name ?? t('web.units.title'));

  const trail: UnitSummary[] = view.data ? [...view.data.ancestors, view.data.unit] : [];
  const unit = view.data?.unit;

  return (
    <>
      <p className="eyebrow">{t('web.units.title')}</p>
      {!unit && <h1>{t('web.units.title')}</h1>}
      {view.loading && <Loading />}
      {view.error && <ErrorBox error={view.error} onRetry={view.reload} />}
      {unit && view.data && (
        <>
          <nav aria-label={t('web.units.breadcrumb')} className="breadcrumb">
            <ol>
              {trail.map((u, i) =>
                i === trail.length - 1 ? (
                  <li key={u.code} aria-current="page">
                    {u.name}
                  </li>
                ) : (
                  <li key={u.code}>
                    <Link to={`/units/${u.code}`}>{u.name}</Link>
                  </li>
                ),
              )}
            </ol>
          </nav>
          <h1>{unit.name}</h1>
          <p className="lead">
            {t('web.units.summary', {
              type: unitTypeLabel(t, unit.type),
              code: unit.code,
              count: unit.personCount,
            })}
          </p>
          <section aria-labelledby="units-children">
            <h2 id="units-children">{t('web.units.children')}</h2>
            {view.data.children.length === 0 ? (
              <p className="muted">{t('web.units.noChildren')}</p>
            ) : (
              <table className="table table--clickable">
                <thead>
                  <tr>
                    <th scope="col">{t('web.units.name')}</th>
                    <th scope="col">{t('web.units.type')}</th>
                    <th scope="col">{t('web.units.code')}</th>
                    <th scope="col" className="num">
                      {t('web.units.persons')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {view.data.children.map((c) => (
                    <tr
                      key={c.code}
                      onClick={(e) => {
                        // the whole row descends; the link inside keeps keyboard and middle-click working
                        if ((e.target as HTMLElement).closest('a')) return;
                        void navigate(`/units/${c.code}`);
                      }}
                    >
                      <td>
                        <Link to={`/units/${c.code}`}>{c.name}</Link>
                      </td>
                      <td>{unitTypeLabel(t, c.type)}</td>
                      <td>
                        <code>{c.code}</code>
                      </td>
                      <td className="num">{formatCount(c.personCount, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </>
  );
}
