/**
 * `/situation/map` — the official's map (issue #13 item 6): the communes of their jurisdiction
 * with every layer, a week at a time; province administrators also load commune boundaries here.
 */
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth.tsx';
import { EpiMap } from '../../components/map/EpiMap.tsx';
import { MapControls, useMapParams } from '../../components/map/MapControls.tsx';
import { MAP_LAYERS } from '../../components/map/layers.ts';
import { usePageTitle } from '../../hooks.ts';
import { SituationTabs } from '../situation/SituationTabs.tsx';
import { BoundaryUpload } from './BoundaryUpload.tsx';

export function SituationMapPage() {
  const { t } = useTranslation();
  usePageTitle(t('map.officialTitle'));
  const { user } = useAuth();
  const { week, layer, set } = useMapParams(MAP_LAYERS, 'cases7');
  // The situation room's scope travels with its tabs: a unit of my jurisdiction, if one was chosen.
  const [params] = useSearchParams();
  const unit = params.get('unit');
  // Else my own jurisdiction: the map never shows more than the figures I may read.
  const unitCode = unit && /^\d{2,5}$/u.test(unit) ? unit : user?.jurisdiction.code;
  const canUpload = user?.role === 'province_admin' && user.jurisdiction.level === 'province';
  return (
    <div className="page">
      <h1>{t('map.officialTitle')}</h1>
      <p>{t('map.officialIntro')}</p>
      <MapControls week={week} layer={layer} layers={MAP_LAYERS} onChange={set} />
      <SituationTabs />
      <EpiMap layer={layer} week={week} {...(unitCode ? { unitCode } : {})} />
      {canUpload && <BoundaryUpload />}
    </div>
  );
}
