import { describe, it, expect } from 'vitest';
import { jaroWinkler } from './jaro-winkler.ts';

describe('Jaro–Winkler', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
  });

  it('is 1 for equal strings, 0 for nothing in common or an empty side, and symmetric', () => {
    expect(jaroWinkler('nguyen van duc', 'nguyen van duc')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('nguyen van duc', 'nguyen vna duc')).toBeCloseTo(
      jaroWinkler('nguyen vna duc', 'nguyen van duc'),
    );
  });

  it('copes with strings longer than its initial buffers', () => {
    const long = 'ap '.repeat(100);
    expect(jaroWinkler(long, `${long}x`)).toBeGreaterThan(0.99);
  });
});
