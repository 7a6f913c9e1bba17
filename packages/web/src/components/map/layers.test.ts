import { describe, expect, it } from 'vitest';
import { colorFor, legendFor, MAP_LAYERS, NO_DATA_COLOR } from './layers.ts';

describe('the map legend and the colours of communes', () => {
  it('colours each value with the colour of its legend class, and no data in grey', () => {
    const legend = legendFor('cases7').map((c) => c.color);
    expect([0, 5, 20, 49.9, 50, 149, 150, 900].map((v) => legend.indexOf(colorFor('cases7', v)))).toEqual([
      0, 1, 2, 2, 3, 3, 4, 4,
    ]);
    const coverage = legendFor('coverage').map((c) => c.color);
    expect([0.1, 0.5, 0.75, 0.95].map((v) => coverage.indexOf(colorFor('coverage', v)))).toEqual([
      0, 1, 2, 3,
    ]);
    const levels = legendFor('level').map((c) => c.color);
    expect([1, 2, 3, 4].map((v) => levels.indexOf(colorFor('level', v)))).toEqual([0, 1, 2, 3]);
    for (const layer of MAP_LAYERS) expect(colorFor(layer, null)).toBe(NO_DATA_COLOR);
  });

  it('has a legend for every layer', () => {
    for (const layer of MAP_LAYERS) expect(legendFor(layer).length).toBeGreaterThan(2);
  });

  it('colours blockaded communes by the latest round’s tested share, others as outside', () => {
    const legend = legendFor('blockades').map((c) => c.color);
    expect([-1, 0, 49.9, 50, 89, 90, 100].map((v) => legend.indexOf(colorFor('blockades', v)))).toEqual([
      0, 1, 1, 2, 2, 3, 3,
    ]);
  });
});
