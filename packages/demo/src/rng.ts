/**
 * Deterministic pseudo-random numbers for the synthetic province.
 *
 * sfc32 (Chris Doty-Humphrey's "small fast counting" generator, 128-bit state, as used by
 * PractRand): fast in JavaScript because it only needs 32-bit integer arithmetic, and good
 * enough statistically for test data. Not for cryptography.
 */

/** A seeded random source with the helpers the generators need. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One element chosen with the given non-negative weights (same length as `items`). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** Normally distributed number (Box-Muller). */
  normal(mean?: number, sd?: number): number;
  /** A new independent generator derived from this one's next outputs. */
  fork(): Rng;
}

/** 32-bit string hash (FNV-1a), used to derive seeds from keys such as commune codes. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mix a seed with any number of labels into a new 32-bit seed (for independent sub-streams). */
export function deriveSeed(seed: number, ...labels: string[]): number {
  let h = (seed >>> 0) ^ 0x9e3779b9;
  for (const label of labels) {
    h = Math.imul(h ^ hashString(label), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
  }
  return h >>> 0;
}

/**
 * Create a deterministic generator (sfc32). The same seed always yields the same sequence.
 * Non-integer or negative seeds are folded to 32 bits.
 */
export function createRng(seed: number): Rng {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = Math.floor(seed) >>> 0;
  let spare: number | null = null;

  const nextUint = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Also fold the high part of large seeds, then warm up so nearby seeds diverge.
  c ^= Math.floor(seed / 0x100000000) >>> 0;
  for (let i = 0; i < 15; i++) nextUint();

  const next = (): number => nextUint() / 0x100000000;

  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: <T>(items: readonly T[], weights: readonly number[]): T => {
      let total = 0;
      for (const w of weights) total += w;
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i]!;
        if (r < 0) return items[i]!;
      }
      if (items.length === 0) throw new RangeError('weighted pick from an empty array');
      return items[items.length - 1]!;
    },
    normal: (mean = 0, sd = 1) => {
      if (spare !== null) {
        const z = spare;
        spare = null;
        return mean + sd * z;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return mean + sd * r * Math.cos(2 * Math.PI * v);
    },
    fork: () => createRng(nextUint() * 0x100000000 + nextUint()),
  };
  return rng;
}

/**
 * Precomputed cumulative table for repeated weighted picks from the same list
 * (binary search instead of a linear scan; used for names drawn a million times).
 */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  /** Build from parallel arrays of items and non-negative weights. */
  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) {
      throw new RangeError('WeightedTable needs as many weights as items, at least one');
    }
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i++) {
      sum += weights[i]!;
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  /** Build from `[item, weight]` pairs. */
  static of<T>(pairs: readonly (readonly [T, number])[]): WeightedTable<T> {
    return new WeightedTable(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    );
  }

  /** Draw one item. */
  sample(rng: Rng): T {
    const r = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
