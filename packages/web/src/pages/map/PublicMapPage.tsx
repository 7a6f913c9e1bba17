/**
 * `/map` — the public safe anti-epidemic map (issue #13 item 6): every commune's confirmed
 * epidemic level for a week and what it means. No sign-in, no personal data, no figures.
 */
import { useTranslation } from 'react-i18next';
import { EpiMap } from '../../components/map/EpiMap.tsx';
import { MapControls, useMapParams } from '../../components/map/MapControls.tsx';
import { PUBLIC_LAYERS } from '../../components/map/layers.ts';
import { usePageTitle } from '../../hooks.ts';

export function PublicMapPage() {
  const { t } = useTranslation();
  usePageTitle(t('map.publicTitle'));
  const { week, layer, set } = useMapParams(PUBLIC_LAYERS, 'level');
  return (
    <div className="page">
      <h1>{t('map.publicTitle')}</h1>
      <p>{t('map.publicIntro')}</p>
      <MapControls week={week} layer={layer} layers={PUBLIC_LAYERS} onChange={set} />
      <EpiMap layer={layer} week={week} publicView />
    </div>
  );
}
