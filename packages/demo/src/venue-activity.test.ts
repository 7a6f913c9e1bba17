import { describe, expect, it } from 'vitest';
import { generateVenueActivity } from './venue-activity.ts';

const COMMUNES = [
  { code: '28756', name: 'Phường Phú Khương', population: 3_000 },
  { code: '28759', name: 'Phường 8', population: 1_000 },
  { code: '28780', name: 'Xã Mỹ Thạnh An', population: 1_000 },
];
const at = (scale: number, seed = 1) =>
  generateVenueActivity({ seed, scale, until: '2026-11-30', communes: COMMUNES });

describe('the demo check-in points and their daily counts', () => {
  it('registers 7,430 × scale and keeps 370 × scale active, as Bến Tre on 16/09/2021, with a floor', () => {
    const tenth = at(0.1);
    expect(tenth.venues).toHaveLength(743);
    expect(tenth.venues.filter((v) => v.active)).toHaveLength(37);
    const demo = at(0.01);
    expect(demo.venues).toHaveLength(74);
    expect(demo.venues.filter((v) => v.active)).toHaveLength(4);
    expect(at(0.0001).venues.filter((v) => v.active)).toHaveLength(3);
  });

  it('counts check-ins of the active points only, every day from registration to the last day', () => {
    const { venues, days } = at(0.01);
    expect(new Set(days.map((d) => d.venue))).toEqual(
      new Set(venues.flatMap((v, i) => (v.active ? [i] : []))),
    );
    for (const [i, v] of venues.entries()) {
      if (!v.active) continue;
      const mine = days.filter((d) => d.venue === i).map((d) => d.day);
      expect(mine[0]).toBe(v.registeredOn);
      expect(mine.at(-1)).toBe('2026-11-30');
    }
    // Busier while scanning was mandatory than after.
    const mean = (from: string, to: string) => {
      const sel = days.filter((d) => d.day >= from && d.day <= to);
      return sel.reduce((n, d) => n + d.count, 0) / sel.length;
    };
    expect(mean('2021-10-01', '2022-03-31')).toBeGreaterThan(3 * mean('2025-01-01', '2026-11-30'));
  });

  it('places venues in proportion to population, named after their commune, the same for the same seed', () => {
    const { venues } = at(0.1);
    const share = venues.filter((v) => v.communeCode === '28756').length / venues.length;
    expect(share).toBeGreaterThan(0.52);
    expect(share).toBeLessThan(0.68);
    expect(venues.find((v) => v.communeCode === '28756')!.name).toMatch(/ Phú Khương \d+$/u);
    expect(at(0.01)).toEqual(at(0.01));
    expect(at(0.01, 2)).not.toEqual(at(0.01));
  });
});
