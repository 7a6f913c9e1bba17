/**
 * The chain and cluster view (`/cases/chain`): the transmission-chain graph of the caller's
 * jurisdiction and the clusters with their timelines, live (a change to a case, contact or
 * status reloads both; no page reload).
 */
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { useApi, usePageTitle } from '../../hooks.ts';
import { casesApi } from './api.ts';
import { CHAIN_DATA_MARK, ChainGraph } from './ChainGraph.tsx';
import type { ChainNode } from './chainModel.ts';
import { CasesTabs } from './CasesTabs.tsx';
import { ClusterList } from './ClusterList.tsx';
import { isTracingEvent, useLiveEvents } from './useLiveEvents.ts';

/** The in-app page of a person in the chain: their case when they have one, else their record. */
export function chainHref(node: ChainNode): string {
  return node.caseId ? `/cases/${node.caseId}` : `/people/${node.id}`;
}

const loadChain = () =>
  casesApi.chain().then((graph) => {
    performance.mark(CHAIN_DATA_MARK, { detail: { nodes: graph.nodes.length } });
    return graph;
  });
const loadClusters = () => casesApi.clusters();

export function ChainPage() {
  const { t } = useTranslation();
  usePageTitle(t('casesWeb.chain.title'));
  const navigate = useNavigate();
  const [focus, setFocus] = useState<{ id: string; n: number } | null>(null);
  const chain = useApi(loadChain);
  const groups = useApi(loadClusters);
  const reloadChain = chain.reload;
  const reloadClusters = groups.reload;
  const reload = useCallback(() => {
    reloadChain();
    reloadClusters();
  }, [reloadChain, reloadClusters]);
  useLiveEvents(isTracingEvent, reload);
  const graph = chain.latest;
  return (
    <>
      <h1>{t('casesWeb.chain.title')}</h1>
      <CasesTabs />
      {chain.error && <ErrorBox error={chain.error} onRetry={reload} />}
      {chain.loading && !graph && <Loading />}
      {graph &&
        (graph.nodes.length === 0 ? (
          <p className="muted">{t('casesWeb.chain.empty')}</p>
        ) : (
          <ChainGraph
            graph={graph}
            focusId={focus?.id ?? null}
            focusKey={focus?.n ?? 0}
            hrefFor={chainHref}
            onSelect={(node) => {
              void navigate(chainHref(node));
            }}
          />
        ))}
      {groups.latest && (
        <ClusterList
          clusters={groups.latest.clusters}
          venueClusters={groups.latest.venueClusters}
          onShow={(id) => {
            setFocus((f) => ({ id, n: (f?.n ?? 0) + 1 }));
            window.scrollTo({ top: 0, behavior: 'smooth' });
          }}
        />
      )}
    </>
  );
}
