/**
 * `/map` — the public safe anti-epidemic map (issue #13 item 6): every commune's confirmed
 * epidemic level for a week and what it means. No sign-in, no personal data, no figures. Without
 * a week in the address it opens on the latest confirmed week (the levels in force): the current
 * week's levels are only a proposal until the steering committee confirms them.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { request } from '../../api.ts';
import { EpiMap } from '../../components/map/EpiMap.tsx';
import { MapControls, useMapParams } from '../../components/map/MapControls.tsx';
import { PUBLIC_LAYERS } from '../../components/map/layers.ts';
import { useApi, usePageTitle } from '../../hooks.ts';

/** The latest confirmed week of the open feed, or null when none was published (or it failed). */
async function latestConfirmedWeek(): Promise<string | null> {
  try {
    const body = await request<{ latest: { week: string } | null }>('GET', '/api/public/levels');
    return body.latest?.week ?? null;
  } catch {
    return null;
  }
}

export function PublicMapPage() {
  const { t } = useTranslation();
  usePageTitle(t('map.publicTitle'));
  const [params] = useSearchParams();
  const { week, layer, set } = useMapParams(PUBLIC_LAYERS, 'level');
  const chosen = params.has('week');
  const load = useCallback(() => (chosen ? Promise.resolve(null) : latestConfirmedWeek()), [chosen]);
  const latest = useApi(load);
  // Wait for the feed before drawing a default week, so the map does not flash "none published".
  const shown = chosen
    ? week
    : latest.loading && latest.latest === undefined
      ? null
      : (latest.latest ?? week);
  return (
    <div className="page">
      <h1>{t('map.publicTitle')}</h1>
      <p>{t('map.publicIntro')}</p>
      {shown && (
        <>
          <MapControls week={shown} layer={layer} layers={PUBLIC_LAYERS} onChange={set} />
          <EpiMap layer={layer} week={shown} publicView />
        </>
      )}
    </div>
  );
}
