/**
 * Special functions the analytics need, written from their textbook definitions: log-gamma
 * (Lanczos), the regularised incomplete gamma function (series / continued fraction), the gamma
 * quantile (Halley's method on it) and the standard normal quantile. Accurate to ~1e-12 relative
 * over the ranges used here (shape 1e-3 … 1e7), far beyond the 3 significant digits the
 * conformance tests ask.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const EPS = 1e-15;
const TINY = 1e-300;

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln of x^a e^-x / Γ(a), the common factor of both expansions below. */
function logPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - logGamma(a);
}

/** P(a, x) by its power series (converges fast for x < a + 1). */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 100_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(logPrefactor(a, x));
}

/** Q(a, x) = 1 − P(a, x) by its continued fraction (modified Lentz; x ≥ a + 1). */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefactor(a, x)) * h;
}

/** The regularised lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a), a > 0. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperFraction(a, x);
}

/** The regularised upper incomplete gamma function Q(a, x) = 1 − P(a, x), without cancellation. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperFraction(a, x);
}

/** The gamma distribution's CDF with a shape and a scale (R's `pgamma(x, shape, scale=)`). */
export function gammaCdf(x: number, shape: number, scale: number): number {
  return gammaP(shape, x / scale);
}

/** The gamma density at x (shape, scale). */
export function gammaPdf(x: number, shape: number, scale: number): number {
  if (x < 0) return 0;
  if (x === 0) return shape === 1 ? 1 / scale : shape < 1 ? Number.POSITIVE_INFINITY : 0;
  const y = x / scale;
  return Math.exp((shape - 1) * Math.log(y) - y - logGamma(shape)) / scale;
}

/**
 * The gamma quantile (R's `qgamma(p, shape, scale=)`): Halley iterations on P(a, x) = p from the
 * Wilson–Hilferty approximation (or the small-x expansion for small shapes), kept positive.
 */
export function gammaQuantile(p: number, shape: number, scale: number): number {
  if (!(p >= 0 && p <= 1) || !(shape > 0) || !(scale > 0)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const a = shape;
  let x: number;
  if (a > 1) {
    const z = normalQuantile(p);
    const c = 1 / (9 * a);
    x = a * Math.pow(Math.max(1e-3, 1 - c + z * Math.sqrt(c)), 3);
  } else {
    // P(a, x) ≈ x^a / Γ(a + 1) for small x; above the mode use the exponential tail.
    const t = 1 - a * (0.253 + a * 0.12);
    x = p < t ? Math.pow(p / t, 1 / a) : 1 - Math.log(1 - (p - t) / (1 - t));
  }
  const lgA = logGamma(a);
  for (let i = 0; i < 100; i++) {
    if (x <= 0) x = Number.MIN_VALUE;
    const err = gammaP(a, x) - p;
    const density = Math.exp((a - 1) * Math.log(x) - x - lgA);
    if (density === 0 || !Number.isFinite(density)) break;
    const t = err / density;
    const step = t / (1 - 0.5 * Math.min(1, t * ((a - 1) / x - 1)));
    let next = x - step;
    if (next <= 0) next = x / 2;
    const done = Math.abs(next - x) <= 1e-13 * Math.max(x, 1e-300);
    x = next;
    if (done) break;
  }
  return x * scale;
}

const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const ACKLAM_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
];
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function poly(coefficients: readonly number[], x: number): number {
  let out = 0;
  for (const c of coefficients) out = out * x + c;
  return out;
}

/** The complementary error function, through Q(1/2, x²). */
export function erfc(x: number): number {
  if (x >= 0) return gammaQ(0.5, x * x);
  return 1 + gammaP(0.5, x * x);
}

/** The standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * The standard normal quantile Φ⁻¹(p) (R's `qnorm`): Acklam's rational approximation refined by
 * one Halley step against the exact CDF.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(ACKLAM_C, q) / (poly(ACKLAM_D, q) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(ACKLAM_A, r) * q) / (poly(ACKLAM_B, r) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -poly(ACKLAM_C, q) / (poly(ACKLAM_D, q) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
