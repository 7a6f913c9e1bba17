/**
 * Epidemic curves of the demo province's history (expected new cases per day at scale 1, i.e. for
 * old Bến Tre's 1.29 million people), pure and deterministic:
 * - COVID-19 shaped like Bến Tre's 2021–2022: the Delta wave from July 2021 (peak late August),
 *   then Omicron rising to its peak on 23/03/2022 (1,476 cases in one daily report, 82,947 in all by
 *   then — DOMAIN.md), falling faster than it rose, and a fading tail through 2023.
 * - Dengue every year, the Mekong Delta's rainy-season outbreak (peak around mid-July), with a
 *   year-to-year size (2022 was a large year nationally), and a local outbreak growing over the
 *   last three weeks before the day the demo is made, so today's dashboard shows one.
 * Counts are drawn from these by a seeded Poisson (`drawCount`).
 */
import { civilFromDays, parseYmd } from './dates.ts';
import type { Rng } from './rng.ts';

/** The first day of the history (the Delta wave reached Bến Tre in July 2021). */
export const HISTORY_START = '2021-07-01';

/** Bến Tre's Omicron peak: the day and size of its largest daily report, and the total by then. */
export const COVID_PEAK = { day: '2022-03-23', cases: 1_476, totalByThen: 82_947 } as const;

const DAY_PEAK = parseYmd(COVID_PEAK.day);
const DELTA = { day: parseYmd('2021-08-28'), cases: 130, sd: 22 };
/** Rising spread chosen so that Delta + Omicron's rise add up to the total reported by the peak. */
const OMICRON_RISE_SD = 41;
const OMICRON_FALL_SD = 26;
const TAIL = { cases: 60, days: 150 };
const START = parseYmd(HISTORY_START);

const gauss = (t: number, mean: number, sd: number) => Math.exp(-0.5 * ((t - mean) / sd) ** 2);

/** Expected new COVID-19 cases on a day (day number since 1970-01-01) at scale 1. */
export function covidExpected(day: number): number {
  if (day < START) return 0;
  const delta = DELTA.cases * gauss(day, DELTA.day, DELTA.sd);
  const omicron =
    COVID_PEAK.cases * gauss(day, DAY_PEAK, day <= DAY_PEAK ? OMICRON_RISE_SD : OMICRON_FALL_SD);
  // After the peak, a slowly fading endemic tail (reinfections, imported cases).
  // It takes over as the wave falls, so the peak day stays the peak.
  const tail =
    day > DAY_PEAK
      ? TAIL.cases * (1 - gauss(day, DAY_PEAK, OMICRON_FALL_SD)) * Math.exp(-(day - DAY_PEAK) / TAIL.days)
      : 0;
  return delta + omicron + tail;
}

/** Dengue cases per year at scale 1 (Bến Tre-sized; 2022 a large year as nationally). */
export const DENGUE_YEAR_TOTAL: Readonly<Record<number, number>> = {
  2021: 1_800,
  2022: 4_800,
  2023: 2_100,
  2024: 2_600,
  2025: 2_300,
};
/** Any other year. */
export const DENGUE_DEFAULT_YEAR_TOTAL = 2_400;
/** The season's peak (day of the year, mid-July) and spread in days. */
const DENGUE_PEAK_DAY_OF_YEAR = 195;
const DENGUE_SD = 42;
/** Sporadic cases the year round. */
const DENGUE_BASELINE = 0.8;

/** Expected new dengue cases on a day at scale 1: the year's rainy-season bump plus a baseline. */
export function dengueSeasonExpected(day: number): number {
  if (day < START) return 0;
  let sum = DENGUE_BASELINE;
  // The day's own season and the neighbouring years' (their tails overlap in winter).
  const { year } = civilFromDays(day);
  for (const y of [year - 1, year, year + 1]) {
    const total = DENGUE_YEAR_TOTAL[y] ?? DENGUE_DEFAULT_YEAR_TOTAL;
    const peak = parseYmd(`${y}-01-01`) + DENGUE_PEAK_DAY_OF_YEAR;
    sum += (total / (DENGUE_SD * Math.sqrt(2 * Math.PI))) * gauss(day, peak, DENGUE_SD);
  }
  return sum;
}

/** The current local outbreak: how long it has been growing, and its size at the least. */
export const CURRENT_OUTBREAK = {
  days: 21,
  /** Expected cases over its days at scale 1. */
  casesAtScale1: 800,
  /** Cases over its days whatever the scale, so a small demo still shows it. */
  minimumCases: 40,
} as const;

/**
 * Expected cases of the current dengue outbreak on `day`, growing exponentially to `until` (the
 * day the demo is made); 0 outside its last CURRENT_OUTBREAK.days days. Not scaled by the caller:
 * `scale` is applied here with the minimum.
 */
export function currentOutbreakExpected(day: number, until: number, scale: number): number {
  const age = day - (until - CURRENT_OUTBREAK.days + 1);
  if (age < 0 || day > until) return 0;
  const total = Math.max(CURRENT_OUTBREAK.casesAtScale1 * scale, CURRENT_OUTBREAK.minimumCases);
  // Doubling about every 5 days: weights e^(r·age) normalised over the outbreak's days.
  const r = Math.LN2 / 5;
  let norm = 0;
  for (let a = 0; a < CURRENT_OUTBREAK.days; a++) norm += Math.exp(r * a);
  return (total * Math.exp(r * age)) / norm;
}

/**
 * A seeded Poisson draw of a day's count: exact (Knuth) for small means, the normal approximation
 * (rounded, never negative) above 30.
 */
export function drawCount(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean > 30) return Math.max(0, Math.round(rng.normal(mean, Math.sqrt(mean))));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/**
 * Split `count` among units in proportion to `weights` (their population): each of the `count`
 * items goes to a unit drawn by weight (a multinomial draw), so the split is random but its
 * expectation is proportional. Returns one count per weight.
 */
export function allocateByWeight(rng: Rng, count: number, weights: readonly number[]): number[] {
  const out = weights.map(() => 0);
  if (count <= 0 || weights.length === 0) return out;
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    total += Math.max(0, w);
    cumulative.push(total);
  }
  if (total <= 0) throw new RangeError('allocateByWeight needs a positive weight');
  for (let i = 0; i < count; i++) {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    out[lo]!++;
  }
  return out;
}
