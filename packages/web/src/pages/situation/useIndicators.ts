/**
 * The dashboard's data, kept live: the indicators of the current scope, fetched again (coalesced,
 * ≤ 500 ms after the first event of a burst) when a live event of the caller's jurisdiction says
 * counts changed — a case, a test result, a dose, a bed report — and after every reconnect.
 */
import { useCallback } from 'react';
import type { ApiError } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { RECONNECT_EVENT, useLiveEvents, type LiveEvent } from '../cases/useLiveEvents.ts';
import { fetchIndicators, type Indicators, type Scope } from './api.ts';

/** The situation room's event stream: cases and counts changed in my jurisdiction (kinds only). */
export const INDICATOR_EVENTS_URL = '/api/events/indicators';

/** How long a burst of events is gathered before one refetch. */
export const LIVE_DELAY_MS = 300;

/** Events after which the figures may have changed. */
export function isSituationEvent(e: LiveEvent): boolean {
  return e.type === 'case' || e.type === 'indicator' || e.type === RECONNECT_EVENT;
}

/** The shown indicators (kept while a refetch runs), when they arrived, and the last error. */
export interface LiveIndicators {
  data: Indicators | null;
  updatedAt: Date | null;
  error: ApiError | null;
  reload: () => void;
}

/** The indicators of `scope`, refetched on live events. */
export function useIndicators(scope: Scope | null): LiveIndicators {
  const load = useCallback(
    async () => (scope ? { data: await fetchIndicators(scope), at: new Date() } : null),
    [scope],
  );
  const { latest, error, reload } = useApi(load);
  useLiveEvents(isSituationEvent, reload, LIVE_DELAY_MS, INDICATOR_EVENTS_URL);
  return { data: latest?.data ?? null, updatedAt: latest?.at ?? null, error, reload };
}
