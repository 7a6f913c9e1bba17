/**
 * The text alternative of the chain graph: a table of clusters (connected components), largest
 * first, with their counts and source cases; each cluster's members open on demand (so a graph
 * of thousands of people costs a few dozen table rows until someone asks for more).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { summariseClusters, type ChainNode, type ClusterSummary, type PreparedChain } from './chainModel.ts';
import { useDegreeLabel } from './labels.ts';

const FIRST_ROWS = 20;

function Person({ node, hrefFor }: { node: ChainNode; hrefFor?: (node: ChainNode) => string }) {
  return hrefFor ? <Link to={hrefFor(node)}>{node.label}</Link> : <>{node.label}</>;
}

function Members({
  cluster,
  prepared,
  hrefFor,
}: {
  cluster: ClusterSummary;
  prepared: PreparedChain;
  hrefFor?: (node: ChainNode) => string;
}) {
  const { t } = useTranslation();
  const degreeLabel = useDegreeLabel();
  const [open, setOpen] = useState(false);
  return (
    <details
      onToggle={(e) => {
        setOpen(e.currentTarget.open);
      }}
    >
      <summary>{t('casesWeb.chain.clusters.showMembers', { count: cluster.size })}</summary>
      {open && (
        <ul className="plain-list">
          {cluster.members.map((v) => {
            const node = prepared.data.nodes[v]!;
            return (
              <li key={node.id}>
                <Person node={node} hrefFor={hrefFor} /> — {degreeLabel(node)}
              </li>
            );
          })}
        </ul>
      )}
    </details>
  );
}

export function ChainClusters({
  prepared,
  hrefFor,
}: {
  prepared: PreparedChain;
  hrefFor?: (node: ChainNode) => string;
}) {
  const { t } = useTranslation();
  const clusters = useMemo(() => summariseClusters(prepared), [prepared]);
  const [all, setAll] = useState(false);
  const shown = all ? clusters : clusters.slice(0, FIRST_ROWS);
  return (
    <section aria-labelledby="chain-clusters-title">
      <h2 id="chain-clusters-title">{t('casesWeb.chain.clusters.title')}</h2>
      <div className="table-scroll">
        <table className="table">
          <caption className="muted small">
            {t('casesWeb.chain.clusters.caption', { shown: shown.length, total: clusters.length })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('casesWeb.chain.clusters.cluster')}</th>
              <th scope="col" className="num">
                {t('casesWeb.chain.clusters.size')}
              </th>
              <th scope="col" className="num">
                {t('casesWeb.chain.clusters.cases')}
              </th>
              <th scope="col" className="num">
                {t('casesWeb.chain.clusters.confirmed')}
              </th>
              <th scope="col" className="num">
                {t('casesWeb.chain.clusters.proposed')}
              </th>
              <th scope="col">{t('casesWeb.chain.clusters.roots')}</th>
              <th scope="col">{t('casesWeb.chain.clusters.members')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c, i) => (
              <tr key={c.roots[0]?.id ?? c.index}>
                <th scope="row">{t('casesWeb.chain.clusters.number', { n: i + 1 })}</th>
                <td className="num">{c.size}</td>
                <td className="num">{c.cases}</td>
                <td className="num">{c.confirmedContacts}</td>
                <td className="num">{c.proposedContacts}</td>
                <td>
                  {c.roots.slice(0, 3).map((r, k) => (
                    <span key={r.id}>
                      {k > 0 && ', '}
                      <Person node={r} hrefFor={hrefFor} />
                    </span>
                  ))}
                  {c.roots.length > 3 && ` +${c.roots.length - 3}`}
                </td>
                <td>
                  <Members cluster={c} prepared={prepared} hrefFor={hrefFor} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!all && clusters.length > FIRST_ROWS && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setAll(true);
          }}
        >
          {t('casesWeb.chain.clusters.showAll', { count: clusters.length })}
        </button>
      )}
    </section>
  );
}
