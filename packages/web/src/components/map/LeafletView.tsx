/**
 * The map drawn by Leaflet with GeoJSON only (no tile source: works offline). Loaded lazily by
 * EpiMap so the rest of the app's bundle does not carry Leaflet. Two modes: the communes' own
 * polygons (longitude/latitude) with the district outlines, or the cartogram (equal cells grouped
 * by district or health area, core/geo/cartogram.ts) in a plain x/y plane. Every commune is a
 * focusable button: click, Enter or Space selects it.
 */
import { cartogramLayout } from '@epilink/core/geo/index';
import type { AreaGeometry } from '@epilink/core/geo/index';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';

/** A commune to draw: polygon mode needs `geometry`; cartogram mode uses `group`. */
export interface DrawnCommune {
  code: string;
  name: string;
  group: string;
  geometry: AreaGeometry | null;
  color: string;
  /** Accessible label: the commune's name and the layer's value. */
  label: string;
}

export interface LeafletViewProps {
  mode: 'polygons' | 'cartogram';
  /** Changes when the set of shapes changes (the unit list, the polygons loaded). */
  structureKey: string;
  communes: DrawnCommune[];
  /** District / area outlines drawn over the polygons (polygon mode). */
  outlines: { code: string; geometry: AreaGeometry }[];
  groupNames: Map<string, string>;
  selected: string | null;
  onSelect: (code: string) => void;
  attribution: string;
  ariaLabel: string;
}

/** Cartogram cell → a square polygon in Leaflet's simple plane (y up, so rows go down). */
function cellPolygon(c: { x: number; y: number; w: number; h: number }): GeoJSON.Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [c.x, -c.y],
        [c.x + c.w, -c.y],
        [c.x + c.w, -c.y - c.h],
        [c.x, -c.y - c.h],
        [c.x, -c.y],
      ],
    ],
  };
}

/** The commune code a drawn feature carries. */
function codeOf(layer: L.Layer): string {
  const props = (layer as { feature?: GeoJSON.Feature }).feature?.properties;
  return typeof props?.code === 'string' ? props.code : '';
}

export default function LeafletView(props: LeafletViewProps) {
  const { mode, structureKey, communes, outlines, groupNames, selected, attribution, ariaLabel } = props;
  const container = useRef<HTMLDivElement>(null);
  const layerRef = useRef<L.GeoJSON | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  // The map and its shapes: rebuilt only when what is drawn changes (not on a colour or a click).
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const { communes: drawn } = latest.current;
    const map = L.map(el, {
      crs: mode === 'cartogram' ? L.CRS.Simple : L.CRS.EPSG3857,
      zoomSnap: 0.25,
      attributionControl: true,
      minZoom: mode === 'cartogram' ? -2 : 6,
    });
    map.attributionControl.setPrefix(false);
    if (attribution) map.attributionControl.addAttribution(attribution);
    const features: GeoJSON.Feature[] = [];
    const frames: GeoJSON.Feature[] = [];
    if (mode === 'cartogram') {
      const layout = cartogramLayout(drawn.map((c) => ({ code: c.code, group: c.group })));
      for (const cell of layout.cells)
        features.push({ type: 'Feature', properties: { code: cell.code }, geometry: cellPolygon(cell) });
      for (const g of layout.groups)
        frames.push({
          type: 'Feature',
          properties: { code: g.group, name: groupNames.get(g.group) ?? g.group },
          geometry: cellPolygon({ x: g.x - 0.15, y: g.y - 0.15, w: g.w + 0.3, h: g.h + 0.3 }),
        });
    } else {
      for (const c of drawn)
        if (c.geometry)
          features.push({ type: 'Feature', properties: { code: c.code }, geometry: c.geometry });
      for (const o of outlines)
        frames.push({ type: 'Feature', properties: { code: o.code }, geometry: o.geometry });
    }
    const frameLayer = L.geoJSON(frames, {
      interactive: false,
      style: () => ({
        color: '#444',
        weight: mode === 'cartogram' ? 1 : 2,
        fill: false,
        dashArray: mode === 'cartogram' ? '3 3' : '',
      }),
    });
    if (mode === 'cartogram') {
      frameLayer.eachLayer((layer) => {
        layer.bindTooltip(groupNames.get(codeOf(layer)) ?? codeOf(layer), { direction: 'top' });
      });
    }
    const communeLayer = L.geoJSON(features, {
      onEachFeature: (f, layer) => {
        const code = codeOf(layer);
        layer.on('click', () => {
          latest.current.onSelect(code);
        });
        const c = latest.current.communes.find((x) => x.code === code);
        if (c) layer.bindTooltip(c.name, { sticky: true });
      },
    });
    // The view first: Leaflet adds layers (and creates their SVG paths) once the map has one.
    const bounds = communeLayer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8] });
    else map.setView([10.2, 106.4], 9);
    if (mode === 'cartogram') frameLayer.addTo(map);
    communeLayer.addTo(map);
    if (mode === 'polygons') frameLayer.addTo(map);
    // Every commune is a keyboard button.
    communeLayer.eachLayer((layer) => {
      if (!(layer instanceof L.Path)) return;
      const code = codeOf(layer);
      const path = layer.getElement();
      if (!path) return;
      path.setAttribute('tabindex', '0');
      path.setAttribute('role', 'button');
      path.setAttribute('data-code', code);
      path.addEventListener('keydown', (e) => {
        if ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ') {
          e.preventDefault();
          latest.current.onSelect(code);
        }
      });
    });
    layerRef.current = communeLayer;
    const resize = new ResizeObserver(() => map.invalidateSize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      layerRef.current = null;
      map.remove();
    };
  }, [mode, structureKey, outlines, groupNames, attribution]);

  // Colours, names and the selection: restyled in place.
  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    const byCode = new Map(communes.map((c) => [c.code, c]));
    layer.eachLayer((path) => {
      if (!(path instanceof L.Path)) return;
      const code = codeOf(path);
      const c = byCode.get(code);
      const isSelected = code === selected;
      path.setStyle({
        color: isSelected ? '#000' : '#666',
        weight: isSelected ? 3 : 0.8,
        fillColor: c?.color ?? '#ddd',
        fillOpacity: 0.85,
      });
      if (isSelected) path.bringToFront();
      const el = path.getElement();
      if (el && c) {
        el.setAttribute('aria-label', c.label);
        el.setAttribute('aria-pressed', String(isSelected));
      }
    });
  }, [communes, selected, structureKey]);

  return <div ref={container} className="epimap__canvas" role="region" aria-label={ariaLabel} />;
}
