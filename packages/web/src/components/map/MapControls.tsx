/**
 * The map's controls: the layer (officials) and the week slider over the history back to 2021.
 * State lives in the address (`?week=&layer=`), so a view can be shared and reloaded.
 */
import { addDays, daysBetween, today } from '@epilink/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { formatDate } from '../../format.ts';
import { mondayOf } from './data.ts';
import { MAP_LAYERS } from './layers.ts';
import type { MapLayer } from './layers.ts';

/** The first week on the slider: the 2021 wave's first Monday. */
export const FIRST_WEEK = '2021-01-04';

/** The week and layer chosen in the address (defaults: this week, `fallbackLayer`). */
export function useMapParams(allowed: readonly MapLayer[], fallbackLayer: MapLayer) {
  const [params, setParams] = useSearchParams();
  const current = mondayOf(today());
  const raw = params.get('week');
  const week = raw && /^\d{4}-\d{2}-\d{2}$/u.test(raw) ? mondayOf(raw) : current;
  const clamped = week < FIRST_WEEK ? FIRST_WEEK : week > current ? current : week;
  const rawLayer = params.get('layer') as MapLayer | null;
  const layer = rawLayer && allowed.includes(rawLayer) ? rawLayer : fallbackLayer;
  const set = (next: { week?: string; layer?: MapLayer }) => {
    const p = new URLSearchParams(params);
    if (next.week) p.set('week', next.week);
    if (next.layer) p.set('layer', next.layer);
    setParams(p, { replace: true });
  };
  return { week: clamped, layer, current, set };
}

export function MapControls({
  week,
  layer,
  layers,
  onChange,
}: {
  week: string;
  layer: MapLayer;
  layers: readonly MapLayer[];
  onChange: (next: { week?: string; layer?: MapLayer }) => void;
}) {
  const { t, i18n } = useTranslation();
  const current = mondayOf(today());
  const last = Math.floor(daysBetween(FIRST_WEEK, current) / 7);
  const index = Math.floor(daysBetween(FIRST_WEEK, week) / 7);
  const to = (i: number) => addDays(FIRST_WEEK, Math.min(last, Math.max(0, i)) * 7);
  const label = t('map.weekOf', {
    from: formatDate(week, i18n.language) ?? week,
    to: formatDate(addDays(week, 6), i18n.language) ?? addDays(week, 6),
  });
  return (
    <div className="epimap__controls">
      {layers.length > 1 && (
        <label className="field">
          <span>{t('map.layer')}</span>
          <select
            value={layer}
            onChange={(e) => {
              onChange({ layer: e.target.value as MapLayer });
            }}
          >
            {MAP_LAYERS.filter((l) => layers.includes(l)).map((l) => (
              <option key={l} value={l}>
                {t(`map.layers.${l}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="field">
        <label htmlFor="epimap-week">{t('map.weekSlider')}</label>
        <input
          id="epimap-week"
          type="range"
          min={0}
          max={last}
          step={1}
          value={index}
          aria-valuetext={label}
          onChange={(e) => {
            onChange({ week: to(Number(e.target.value)) });
          }}
        />
        <span className="epimap__week" aria-live="polite" data-testid="map-week">
          {label}
        </span>
      </div>
      <div className="row">
        <button
          type="button"
          className="button button--secondary"
          disabled={index <= 0}
          onClick={() => {
            onChange({ week: to(index - 1) });
          }}
        >
          {t('map.previousWeek')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={index >= last}
          onClick={() => {
            onChange({ week: to(index + 1) });
          }}
        >
          {t('map.nextWeek')}
        </button>
      </div>
    </div>
  );
}
