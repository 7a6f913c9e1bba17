/**
 * Drawing a zone's polygon on the map (issue #16 item 6): the loaded commune boundaries of the day
 * (GeoJSON, no tiles: works offline) under a Leaflet map; each click adds a point, "close" ends the
 * ring, "undo" and "clear" correct it. The points (longitude,latitude, one a line) are handed to
 * the zone form's polygon field, so the server's polygon selection does the rest. Without loaded
 * boundaries the map says so and the points can still be typed. Loaded lazily (Leaflet's chunk).
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api.ts';
import type { MapBoundaries } from '../../components/map/data.ts';

type Point = [number, number];

export default function DrawPolygon({ asOf, onChange }: { asOf: string; onChange: (text: string) => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const shape = useRef<L.Layer | null>(null);
  const [points, setPoints] = useState<Point[]>([]);
  const [closed, setClosed] = useState(false);
  const [empty, setEmpty] = useState(false);
  const closedRef = useRef(closed);
  useEffect(() => {
    closedRef.current = closed;
  }, [closed]);

  useEffect(() => {
    if (!box.current) return undefined;
    const m = L.map(box.current, { attributionControl: false }).setView([10.2, 106.4], 9);
    map.current = m;
    m.on('click', (e: L.LeafletMouseEvent) => {
      if (closedRef.current) return;
      const p: Point = [Math.round(e.latlng.lng * 1e5) / 1e5, Math.round(e.latlng.lat * 1e5) / 1e5];
      setPoints((ps) => [...ps, p]);
    });
    let live = true;
    void request<MapBoundaries>('GET', `/api/map/boundaries?level=commune&asOf=${encodeURIComponent(asOf)}`)
      .then((b) => {
        if (!live) return;
        const features = b.features.filter((f) => f.geometry !== null);
        if (features.length === 0) {
          setEmpty(true);
          return;
        }
        const layer = L.geoJSON({ type: 'FeatureCollection', features } as GeoJSON.FeatureCollection, {
          style: { color: '#555', weight: 1, fillOpacity: 0.05 },
          interactive: false,
        }).addTo(m);
        m.fitBounds(layer.getBounds());
      })
      .catch(() => {
        if (live) setEmpty(true);
      });
    return () => {
      live = false;
      m.remove();
      map.current = null;
    };
  }, [asOf]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    shape.current?.remove();
    const latlngs = points.map(([lng, lat]) => L.latLng(lat, lng));
    shape.current =
      closed && points.length >= 3
        ? L.polygon(latlngs, { color: '#c0392b' }).addTo(m)
        : L.polyline(latlngs, { color: '#c0392b', dashArray: '4' }).addTo(m);
    onChange(points.map(([lng, lat]) => `${lng},${lat}`).join('\n'));
  }, [points, closed, onChange]);

  return (
    <div className="draw-polygon">
      <div
        ref={box}
        role="application"
        aria-label={t('campaigns.draw.map')}
        style={{ height: 320, width: '100%', maxWidth: '100%' }}
      />
      {empty && <p className="hint">{t('zones.polygon_.noBoundaries')}</p>}
      <p role="status">{t('campaigns.draw.count', { count: points.length })}</p>
      <p className="actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={closed || points.length < 3}
          onClick={() => {
            setClosed(true);
          }}
        >
          {t('campaigns.draw.close')}
        </button>{' '}
        <button
          type="button"
          className="button button--secondary"
          disabled={points.length === 0}
          onClick={() => {
            setClosed(false);
            setPoints((ps) => ps.slice(0, -1));
          }}
        >
          {t('campaigns.draw.undo')}
        </button>{' '}
        <button
          type="button"
          className="button button--secondary"
          disabled={points.length === 0}
          onClick={() => {
            setClosed(false);
            setPoints([]);
          }}
        >
          {t('campaigns.draw.clear')}
        </button>
      </p>
    </div>
  );
}
