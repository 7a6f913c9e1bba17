import { describe, expect, it } from 'vitest';
import { testCommunes } from './fixtures.ts';
import { communeKind, planCommunes } from './population.ts';

describe('planCommunes', () => {
  const communes = testCommunes();

  it('shares the total exactly, whatever the input order', () => {
    const plans = planCommunes(42, communes, 12_882);
    expect(plans.reduce((s, p) => s + p.population, 0)).toBe(12_882);
    const reversed = planCommunes(42, [...communes].reverse(), 12_882);
    expect(reversed.map((p) => [p.commune.code, p.population])).toEqual(
      plans.map((p) => [p.commune.code, p.population]),
    );
  });

  it('makes wards denser than rural communes on average, with variation', () => {
    const plans = planCommunes(42, communes, 1_288_206);
    const mean = (k: string): number => {
      const xs = plans.filter((p) => p.kind === k).map((p) => p.population);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(mean('ward')).toBeGreaterThan(mean('rural') * 1.3);
    const rural = plans.filter((p) => p.kind === 'rural').map((p) => p.population);
    expect(Math.max(...rural)).toBeGreaterThan(Math.min(...rural) * 1.5);
  });

  it('gives every commune hamlets', () => {
    for (const p of planCommunes(1, communes, 1000)) expect(p.hamlets.length).toBeGreaterThanOrEqual(4);
  });

  it('reads the commune kind from the name, tolerating NFD and spaces', () => {
    expect(communeKind('Phường Phú Khương')).toBe('ward');
    expect(communeKind(' Thị trấn Ba Tri '.normalize('NFD'))).toBe('town');
    expect(communeKind('Xã Qưới Sơn')).toBe('rural');
  });
});
