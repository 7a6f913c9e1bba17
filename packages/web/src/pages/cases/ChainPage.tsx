/**
 * The chain and cluster view (`/cases/chain`): the transmission-chain graph of the caller's
 * jurisdiction, live (a change to a case or contact reloads the graph, no page reload).
 */
import { useCallback } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { useApi, usePageTitle } from '../../hooks.ts';
import { casesApi } from './api.ts';
import { CHAIN_DATA_MARK, ChainGraph } from './ChainGraph.tsx';
import type { ChainNode } from './chainModel.ts';
import { isTracingEvent, useLiveEvents } from './useLiveEvents.ts';

/** The in-app page of a person in the chain: their case when they have one, else their record. */
export function chainHref(node: ChainNode): string {
  return node.caseId ? `/cases/${node.caseId}` : `/people/${node.id}`;
}

export function ChainPage() {
  const { t } = useTranslation();
  usePageTitle(t('casesWeb.chain.title'));
  const navigate = useNavigate();
  const load = useCallback(
    () =>
      casesApi.chain().then((graph) => {
        performance.mark(CHAIN_DATA_MARK, { detail: { nodes: graph.nodes.length } });
        return graph;
      }),
    [],
  );
  const { latest, error, loading, reload } = useApi(load);
  useLiveEvents(isTracingEvent, reload);
  return (
    <>
      <h1>{t('casesWeb.chain.title')}</h1>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !latest && <Loading />}
      {latest &&
        (latest.nodes.length === 0 ? (
          <p className="muted">{t('casesWeb.chain.empty')}</p>
        ) : (
          <ChainGraph
            graph={latest}
            hrefFor={chainHref}
            onSelect={(node) => {
              void navigate(chainHref(node));
            }}
          />
        ))}
    </>
  );
}
