/**
 * The map's layers and their colour classes (issue #13 item 6). Pure: the legend and the fill of
 * every commune come from here, so the two always agree.
 */

/** Every layer; `blockades` = communes of active zones/campaigns and their latest round's progress (#16). */
export const MAP_LAYERS = [
  'level',
  'cases7',
  'cases14',
  'coverage',
  'testSites',
  'facilities',
  'clusters',
  'blockades',
  'alarms',
] as const;
export type MapLayer = (typeof MAP_LAYERS)[number];

/** The layers a visitor of the public map may see: levels and guidance only. */
export const PUBLIC_LAYERS: readonly MapLayer[] = ['level'];

/** Layers the product cannot fill yet (shown as such, never as zeros). */
export const UNAVAILABLE_LAYERS: readonly MapLayer[] = [];

/** A legend entry: its colour and the label key with parameters (`map.*` or `levels.*`). */
export interface LegendClass {
  color: string;
  labelKey: string;
  params?: Record<string, string | number>;
}

export const NO_DATA_COLOR = '#d9d9d9';

const LEVEL_COLORS = ['#2e9e4f', '#f2c200', '#f07d00', '#d7191c'] as const;
const INCIDENCE = {
  bounds: [0, 20, 50, 150],
  colors: ['#fff5eb', '#fdbe85', '#fd8d3c', '#e6550d', '#a63603'],
};
const COVERAGE = { bounds: [0.5, 0.7, 0.9], colors: ['#f1eef6', '#bdc9e1', '#74a9cf', '#0570b0'] };
const COUNTS = { bounds: [1, 2, 5], colors: ['#f7f7f7', '#cbc9e2', '#9e9ac8', '#6a51a3'] };
/** Open early-warning alarms of a commune: none, one, or several (methods agreeing). */
const ALARMS = { colors: ['#f7f7f7', '#fc9272', '#d7191c'] };
/** Blockades: outside any zone, then the latest round's tested % below 50, 50–90, at least 90. */
const ZONES = { bounds: [0, 50, 90], colors: ['#f7f7f7', '#d7191c', '#fdae61', '#1a9641'] };

/** The class of a value among ascending bounds: 0 below the first bound, n at or above the nth. */
function classOf(value: number, bounds: readonly number[]): number {
  let i = 0;
  while (i < bounds.length && value >= bounds[i]!) i++;
  return i;
}

/** The fill of a commune for a layer's value (null/undefined: no data). */
export function colorFor(layer: MapLayer, value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NO_DATA_COLOR;
  switch (layer) {
    case 'level':
      return LEVEL_COLORS[Math.min(4, Math.max(1, Math.round(value))) - 1]!;
    case 'cases7':
    case 'cases14':
      // 0 is its own class (no case), then the bounds above it.
      return value === 0
        ? INCIDENCE.colors[0]!
        : INCIDENCE.colors[classOf(value, INCIDENCE.bounds.slice(1)) + 1]!;
    case 'coverage':
      return COVERAGE.colors[classOf(value, COVERAGE.bounds)]!;
    case 'testSites':
    case 'facilities':
    case 'clusters':
      return COUNTS.colors[classOf(value, COUNTS.bounds)]!;
    case 'alarms':
      return ALARMS.colors[Math.min(2, Math.max(0, Math.floor(value)))]!;
    case 'blockades':
      return ZONES.colors[classOf(value, ZONES.bounds)]!;
    default: {
      const unreachable: never = layer;
      return unreachable;
    }
  }
}

/** The legend of a layer, in the order of its classes. */
export function legendFor(layer: MapLayer): LegendClass[] {
  switch (layer) {
    case 'level':
      return LEVEL_COLORS.map((color, i) => ({ color, labelKey: `map.levelName.${i + 1}` }));
    case 'cases7':
    case 'cases14':
      return [
        { color: INCIDENCE.colors[0]!, labelKey: 'map.legendValues.zero' },
        { color: INCIDENCE.colors[1]!, labelKey: 'map.legendValues.below', params: { value: 20 } },
        { color: INCIDENCE.colors[2]!, labelKey: 'map.legendValues.range', params: { from: 20, to: 50 } },
        { color: INCIDENCE.colors[3]!, labelKey: 'map.legendValues.range', params: { from: 50, to: 150 } },
        { color: INCIDENCE.colors[4]!, labelKey: 'map.legendValues.atLeast', params: { value: 150 } },
      ];
    case 'coverage':
      return [
        { color: COVERAGE.colors[0]!, labelKey: 'map.legendValues.belowPercent', params: { value: 50 } },
        {
          color: COVERAGE.colors[1]!,
          labelKey: 'map.legendValues.rangePercent',
          params: { from: 50, to: 70 },
        },
        {
          color: COVERAGE.colors[2]!,
          labelKey: 'map.legendValues.rangePercent',
          params: { from: 70, to: 90 },
        },
        { color: COVERAGE.colors[3]!, labelKey: 'map.legendValues.atLeastPercent', params: { value: 90 } },
      ];
    case 'testSites':
    case 'facilities':
    case 'clusters':
      return [
        { color: COUNTS.colors[0]!, labelKey: 'map.legendValues.zero' },
        { color: COUNTS.colors[1]!, labelKey: 'map.legendValues.exactly', params: { value: 1 } },
        { color: COUNTS.colors[2]!, labelKey: 'map.legendValues.range', params: { from: 2, to: 4 } },
        { color: COUNTS.colors[3]!, labelKey: 'map.legendValues.atLeast', params: { value: 5 } },
      ];
    case 'alarms':
      return [
        { color: ALARMS.colors[0]!, labelKey: 'alarmsWeb.mapLegendNone' },
        { color: ALARMS.colors[1]!, labelKey: 'alarmsWeb.mapLegendOne' },
        { color: ALARMS.colors[2]!, labelKey: 'alarmsWeb.mapLegendSome' },
      ];
    case 'blockades':
      return [
        { color: ZONES.colors[0]!, labelKey: 'map.legendValues.zero' },
        { color: ZONES.colors[1]!, labelKey: 'zones.mapLegendProgress', params: { percent: '< 50' } },
        { color: ZONES.colors[2]!, labelKey: 'zones.mapLegendProgress', params: { percent: '50–90' } },
        { color: ZONES.colors[3]!, labelKey: 'zones.mapLegendProgress', params: { percent: '≥ 90' } },
      ];
    default: {
      const unreachable: never = layer;
      return unreachable;
    }
  }
}
