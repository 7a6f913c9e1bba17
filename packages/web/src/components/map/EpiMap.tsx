/**
 * `<EpiMap>` — the safe anti-epidemic map (issue #13, Contract C), reused by the map pages, the
 * dashboard and presentation mode. It reads the communes of the week's date (their loaded
 * polygons, else the cartogram), the week's figures (officials) and epidemic levels, colours them
 * by `layer`, shows the legend and, for the commune chosen on the map or in the list, its figures.
 * Leaflet is loaded lazily (LeafletView.tsx).
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlarmList, alarmSummary } from './AlarmList.tsx';
import { CommunePanel } from './CommunePanel.tsx';
import { useMapData } from './data.ts';
import type { CommuneFigures, MapData } from './data.ts';
import type { DrawnCommune } from './LeafletView.tsx';
import { colorFor, legendFor, UNAVAILABLE_LAYERS } from './layers.ts';
import type { MapLayer } from './layers.ts';
import './map.css';

const LeafletView = lazy(() => import('./LeafletView.tsx'));

export interface EpiMapProps {
  /** The unit whose communes are shown (default: the province, or the official's jurisdiction). */
  unitCode?: string;
  /** Units as of this date (default: the week's Sunday, or today while the week runs). */
  asOf?: string;
  layer: MapLayer;
  /** The week shown: its Monday, YYYY-MM-DD. */
  week: string;
  /** Height of the map area (CSS length); default 60vh. */
  height?: string;
  /** The public view: levels and guidance only, no figures. */
  publicView?: boolean;
}

/** A layer's value for a commune (null: no data). */
export function layerValue(layer: MapLayer, data: MapData, code: string): number | null {
  if (layer === 'level') return data.levels?.get(code) ?? null;
  if (layer === 'alarms') return data.alarms ? (data.alarms.get(code)?.length ?? 0) : null;
  // Blockades: -1 outside any active zone, else the latest round's tested % (0 before a round).
  if (layer === 'blockades')
    return data.zones ? (data.zones.has(code) ? (data.zones.get(code)!.testedPercent ?? 0) : -1) : null;
  const f: CommuneFigures | undefined = data.figures?.get(code);
  if (!f) return null;
  switch (layer) {
    case 'cases7':
      return f.per100k7;
    case 'cases14':
      return f.per100k14;
    case 'coverage':
      return f.coverage;
    case 'testSites':
      return f.testSites;
    case 'facilities':
      return f.facilities;
    case 'clusters':
      return f.clusters;
    default: {
      const unreachable: never = layer;
      return unreachable;
    }
  }
}

export function EpiMap({ unitCode, asOf, layer, week, height = '60vh', publicView = false }: EpiMapProps) {
  const { t, i18n } = useTranslation();
  const state = useMapData({ unitCode, week, publicView, ...(asOf ? { asOf } : {}) });
  const [selected, setSelected] = useState<string | null>(null);
  const data = state.status === 'ready' ? state.data : null;
  const format = (v: number | null, percent = false) =>
    v === null
      ? t('map.noData')
      : new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', {
          style: percent ? 'percent' : 'decimal',
          maximumFractionDigits: 1,
        }).format(v);

  const drawn = useMemo((): DrawnCommune[] => {
    if (!data) return [];
    return data.communes.features.map((f) => {
      const value = layerValue(layer, data, f.properties.code);
      const shown =
        layer === 'level' && value !== null
          ? t(`map.levelName.${value}`)
          : layer === 'alarms' && value !== null
            ? alarmSummary(t, data.alarms?.get(f.properties.code) ?? [])
            : format(value, layer === 'coverage');
      return {
        code: f.properties.code,
        name: f.properties.name,
        group: f.properties.group ?? '',
        geometry: f.geometry,
        color: colorFor(layer, value),
        label: `${f.properties.name}: ${shown}`,
      };
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `format` follows the language, as `t` does
  }, [data, layer, t]);

  if (state.status === 'loading') return <p role="status">{t('map.loading')}</p>;
  if (state.status === 'error')
    return (
      <p role="alert" className="error">
        {t('map.failed')} {state.message}
      </p>
    );
  const { communes, districts } = state.data;
  const polygons = communes.features.some((f) => f.geometry !== null);
  const mode = polygons ? 'polygons' : 'cartogram';
  const groupNames = new Map(
    communes.features.map((f) => [f.properties.group ?? '', f.properties.groupName ?? '']),
  );
  const attribution = polygons
    ? t('map.polygonsNote', { attribution: communes.attribution ?? '', licence: communes.licence ?? '' })
    : districts.attribution
      ? t('map.shippedCredit', { attribution: districts.attribution })
      : '';
  const structureKey = `${mode}|${communes.dataset ?? ''}|${communes.features.length}|${communes.features.filter((f) => f.geometry).length}|${unitCode ?? ''}`;
  const missing = polygons ? communes.features.filter((f) => f.geometry === null) : [];
  const unavailable = UNAVAILABLE_LAYERS.includes(layer);
  const selectedFeature = communes.features.find((f) => f.properties.code === selected) ?? null;

  return (
    <div className="epimap">
      <p className="hint">{polygons ? attribution : t('map.cartogramNote')}</p>
      {unavailable && <p role="status">{t('map.notAvailable')}</p>}
      {layer === 'level' && state.data.levels === null && <p role="status">{t('map.levelsUnavailable')}</p>}
      <div className="epimap__body">
        <div className="epimap__map" style={{ height }}>
          <Suspense fallback={<p role="status">{t('map.loading')}</p>}>
            <LeafletView
              mode={mode}
              structureKey={structureKey}
              communes={drawn}
              outlines={
                polygons
                  ? districts.features.flatMap((f) =>
                      f.geometry ? [{ code: f.properties.code, geometry: f.geometry }] : [],
                    )
                  : []
              }
              groupNames={groupNames}
              selected={selected}
              onSelect={setSelected}
              attribution={polygons ? attribution : ''}
              ariaLabel={t('map.region', { name: t(`map.layers.${layer}`) })}
            />
          </Suspense>
        </div>
        <aside className="epimap__side">
          {!unavailable && (
            <section aria-label={t('map.legend')} className="epimap__legend">
              <h3>{t('map.legend')}</h3>
              <p>{t(`map.layers.${layer}`)}</p>
              <ul>
                {legendFor(layer).map((c) => (
                  <li key={c.color}>
                    <span className="epimap__swatch" style={{ background: c.color }} aria-hidden="true" />
                    {t(c.labelKey, c.params)}
                  </li>
                ))}
                <li>
                  <span
                    className="epimap__swatch"
                    style={{ background: colorFor(layer, null) }}
                    aria-hidden="true"
                  />
                  {t('map.noData')}
                </li>
              </ul>
            </section>
          )}
          <label className="field">
            <span>{t('map.communeList')}</span>
            <select
              value={selected ?? ''}
              onChange={(e) => {
                setSelected(e.target.value || null);
              }}
            >
              <option value="">—</option>
              {communes.features.map((f) => (
                <option key={f.properties.code} value={f.properties.code}>
                  {f.properties.name}
                  {f.properties.groupName ? ` (${f.properties.groupName})` : ''}
                </option>
              ))}
            </select>
          </label>
          <CommunePanel
            feature={selectedFeature}
            figures={selected ? (state.data.figures?.get(selected) ?? null) : null}
            level={selected ? (state.data.levels?.get(selected) ?? null) : null}
            publicView={publicView}
            format={format}
            onClose={() => {
              setSelected(null);
            }}
          />
          {selected && <AlarmList alarms={state.data.alarms?.get(selected) ?? []} />}
          {missing.length > 0 && (
            <details>
              <summary>
                {t('map.missingPolygons')} ({missing.length})
              </summary>
              <ul className="epimap__missing">
                {missing.map((f) => (
                  <li key={f.properties.code}>
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        setSelected(f.properties.code);
                      }}
                    >
                      {f.properties.name}
                    </button>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </aside>
      </div>
    </div>
  );
}
