/**
 * A seeded random number generator (xoshiro128**, seeded through splitmix32) and the samplers the
 * forecasts need: uniform, normal, gamma (Marsaglia–Tsang), Poisson (inversion for small means,
 * Hörmann's PTRS for large ones) and negative binomial (gamma–Poisson). The same seed always gives
 * the same draws, so forecasts and their tests are reproducible.
 */
import { logGamma } from './special.ts';

/** A source of draws. */
export interface Rng {
  /** Uniform on (0, 1), 53 bits, never 0. */
  uniform(): number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** xoshiro128** seeded from a 32-bit integer. */
export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let s0 = init();
  let s1 = init();
  let s2 = init();
  let s3 = init();
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  return {
    uniform(): number {
      for (;;) {
        const value = ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
        if (value > 0) return value;
      }
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A standard normal draw (Marsaglia's polar method). */
export function normalDraw(rng: Rng): number {
  for (;;) {
    const u = 2 * rng.uniform() - 1;
    const v = 2 * rng.uniform() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** A gamma draw with a shape and a scale (Marsaglia & Tsang 2000; shape < 1 by boosting). */
export function gammaDraw(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) return gammaDraw(rng, shape + 1, scale) * Math.pow(rng.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalDraw(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x ** 4) return d * v * scale;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/** A Poisson draw: inversion by sequential search below mean 10, PTRS (Hörmann 1993) above. */
export function poissonDraw(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 10) {
    let k = 0;
    let p = Math.exp(-mean);
    let cumulative = p;
    const u = rng.uniform();
    while (u > cumulative && k < 1000) {
      k++;
      p *= mean / k;
      cumulative += p;
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const logLam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
      -mean + k * logLam - logGamma(k + 1)
    ) {
      return k;
    }
  }
}

/** A negative binomial draw with a mean and a size (dispersion k), as a gamma–Poisson mixture. */
export function negativeBinomialDraw(rng: Rng, mean: number, size: number): number {
  if (!(mean > 0)) return 0;
  return poissonDraw(rng, gammaDraw(rng, size, mean / size));
}
