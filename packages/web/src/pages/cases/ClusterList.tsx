/**
 * Clusters found by the server: connected components of the contact graph with their timeline
 * (cases and new contacts per day), and venue clusters (≥ N cases at one venue within the window
 * of policy `cluster.venueMinCases`). "Show on graph" centres the chain view on the cluster.
 */
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format.ts';
import type { ClusterView, VenueCluster } from './api.ts';

export function ClusterList({
  clusters,
  venueClusters,
  onShow,
}: {
  clusters: ClusterView[];
  venueClusters: VenueCluster[];
  onShow: (personId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <section aria-labelledby="cluster-list">
      <h2 id="cluster-list">{t('casesWeb.clusters.title', { count: clusters.length })}</h2>
      {clusters.length === 0 && <p className="muted">{t('casesWeb.clusters.none')}</p>}
      <ul className="plain-list">
        {clusters.map((c, i) => (
          <li key={c.id} className="card">
            <h3>
              {t('casesWeb.chain.clusters.number', { n: i + 1 })}{' '}
              <span className="muted small">
                {t('casesWeb.clusters.counts', { size: c.size, cases: c.caseCount })}
              </span>
            </h3>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                onShow(c.id);
              }}
            >
              {t('casesWeb.clusters.show')}
            </button>
            <div className="table-scroll">
              <table className="table">
                <caption className="small">{t('casesWeb.clusters.timeline')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('casesWeb.clusters.date')}</th>
                    <th scope="col" className="num">
                      {t('casesWeb.clusters.cases')}
                    </th>
                    <th scope="col" className="num">
                      {t('casesWeb.clusters.contacts')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {c.timeline.map((d) => (
                    <tr key={d.date}>
                      <th scope="row">{formatDate(d.date, lang)}</th>
                      <td className="num">{d.cases}</td>
                      <td className="num">{d.contacts}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </li>
        ))}
      </ul>
      <h2>{t('casesWeb.clusters.venues', { count: venueClusters.length })}</h2>
      {venueClusters.length === 0 ? (
        <p className="muted">{t('casesWeb.clusters.noVenues')}</p>
      ) : (
        <ul className="plain-list">
          {venueClusters.map((v) => (
            <li key={`${v.venueId}-${v.from}`}>
              <strong>{v.venueName}</strong> —{' '}
              {t('casesWeb.clusters.venueLine', {
                cases: v.caseIds.length,
                from: formatDate(v.from, lang),
                to: formatDate(v.to, lang),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
