/**
 * The demo province's synthetic history, as records to insert: every confirmed case (COVID-19 and
 * dengue) with its commune, sample and onset days, outcome and traced household contacts, and the
 * negative tests of each day and commune. Pure and deterministic (seeded RNG): the same options
 * always give the same history. Counts follow `epicurves.ts` times `scale`; each day's cases are
 * spread over communes in proportion to their population, the current outbreak over a hotspot.
 */
import {
  covidExpected,
  currentOutbreakExpected,
  dengueSeasonExpected,
  drawCount,
  HISTORY_START,
} from './epicurves.ts';
import { allocateByWeight } from './epicurves.ts';
import { civilFromDays, formatYmd, parseYmd } from './dates.ts';
import { createRng, deriveSeed } from './rng.ts';
import type { Rng } from './rng.ts';

/** The diseases the history carries (codes of core's disease catalogue). */
export type HistoryDisease = 'COVID-19' | 'DENGUE';

/** A commune cases can be placed in, with its population (any unit: only the ratios count). */
export interface HistoryCommune {
  code: string;
  population: number;
}

export interface HistoryOptions {
  seed: number;
  /** Share of the real province's size (DEMO_SCALE; 1 = Bến Tre's 1.29 million people). */
  scale: number;
  /** The last day of the history (the day the demo is made), YYYY-MM-DD, inclusive. */
  until: string;
  communes: readonly HistoryCommune[];
  /** Communes of the current dengue outbreak (default: the three most populous). */
  hotspot?: readonly string[];
  /** First day (default HISTORY_START, 1/7/2021). */
  from?: string;
}

/** One confirmed case. */
export interface HistoryCase {
  disease: HistoryDisease;
  communeCode: string;
  /** The day of the positive sample (the report day of the rollups). */
  sampleDay: string;
  onsetDay: string;
  /** Null while the case is still open (the last days of the current outbreak). */
  outcome: 'recovered' | 'died' | null;
  outcomeDay: string | null;
  severity: 'asymptomatic' | 'mild' | 'moderate' | 'severe';
  /** Household contacts traced (COVID-19 only: dengue spreads by mosquitoes, not contact). */
  contacts: number;
  /** Ct value of the positive RT-PCR (COVID-19) — null for dengue's rapid NS1 test. */
  ct: number | null;
}

/** Negative tests of one day, disease and commune. */
export interface HistoryNegatives {
  disease: HistoryDisease;
  day: string;
  communeCode: string;
  count: number;
}

export interface DemoHistory {
  cases: HistoryCase[];
  negatives: HistoryNegatives[];
}

/** Negative tests per positive: COVID-19 testing ran at about 20 % positivity, dengue NS1 at about 1 in 3. */
export const NEGATIVES_PER_CASE: Readonly<Record<HistoryDisease, number>> = { 'COVID-19': 4, DENGUE: 2 };
/** Case fatality: COVID-19 about 0.4 % in Bến Tre's waves; dengue deaths are rare (0.05 %). */
const FATALITY: Readonly<Record<HistoryDisease, number>> = { 'COVID-19': 0.004, DENGUE: 0.0005 };
/** Days a case stays open before its outcome. */
const OPEN_DAYS: Readonly<Record<HistoryDisease, readonly [number, number]>> = {
  'COVID-19': [7, 14],
  DENGUE: [5, 10],
};

const day = (n: number) => formatYmd(civilFromDays(n));

/**
 * Expected new cases of a disease on a day at the given scale (the curve the counts are drawn
 * from; the current outbreak has a floor so a small demo still shows it).
 */
export function expectedCases(
  disease: HistoryDisease,
  dayNumber: number,
  scale: number,
  until: number,
): number {
  if (disease === 'COVID-19') return covidExpected(dayNumber) * scale;
  return dengueSeasonExpected(dayNumber) * scale + currentOutbreakExpected(dayNumber, until, scale);
}

function severityOf(rng: Rng, disease: HistoryDisease, died: boolean): HistoryCase['severity'] {
  if (died) return 'severe';
  const r = rng.next();
  if (disease === 'COVID-19')
    return r < 0.35 ? 'asymptomatic' : r < 0.9 ? 'mild' : r < 0.98 ? 'moderate' : 'severe';
  return r < 0.7 ? 'mild' : r < 0.95 ? 'moderate' : 'severe';
}

/** Generate the history (see the module comment). */
export function generateHistory(options: HistoryOptions): DemoHistory {
  if (options.communes.length === 0) return { cases: [], negatives: [] };
  const from = parseYmd(options.from ?? HISTORY_START);
  const until = parseYmd(options.until);
  const weights = options.communes.map((c) => c.population);
  const hotspot =
    options.hotspot ??
    [...options.communes]
      .sort((a, b) => b.population - a.population || a.code.localeCompare(b.code))
      .slice(0, 3)
      .map((c) => c.code);
  const hotspotIndex = options.communes
    .map((c, i) => (hotspot.includes(c.code) ? i : -1))
    .filter((i) => i >= 0);
  const cases: HistoryCase[] = [];
  const negatives: HistoryNegatives[] = [];
  for (const disease of ['COVID-19', 'DENGUE'] as const) {
    const rng = createRng(deriveSeed(options.seed, 'history', disease));
    for (let d = from; d <= until; d++) {
      const season = disease === 'COVID-19' ? covidExpected(d) : dengueSeasonExpected(d);
      const perCommune = allocateByWeight(rng, drawCount(rng, season * options.scale), weights);
      if (disease === 'DENGUE' && hotspotIndex.length > 0) {
        const outbreak = drawCount(rng, currentOutbreakExpected(d, until, options.scale));
        allocateByWeight(
          rng,
          outbreak,
          hotspotIndex.map((i) => weights[i]!),
        ).forEach((n, j) => {
          perCommune[hotspotIndex[j]!]! += n;
        });
      }
      perCommune.forEach((n, i) => {
        if (n === 0) return;
        const communeCode = options.communes[i]!.code;
        negatives.push({ disease, day: day(d), communeCode, count: n * NEGATIVES_PER_CASE[disease] });
        for (let k = 0; k < n; k++) {
          const died = rng.chance(FATALITY[disease]);
          const [lo, hi] = OPEN_DAYS[disease];
          const end = d + rng.int(lo, hi);
          const closed = end <= until;
          cases.push({
            disease,
            communeCode,
            sampleDay: day(d),
            onsetDay: day(d - rng.int(0, 3)),
            outcome: closed ? (died ? 'died' : 'recovered') : null,
            outcomeDay: closed ? day(end) : null,
            severity: severityOf(rng, disease, died),
            contacts: disease === 'COVID-19' ? rng.int(0, 3) : 0,
            ct: disease === 'COVID-19' ? Math.round(rng.normal(24, 4) * 10) / 10 : null,
          });
        }
      });
    }
  }
  return { cases, negatives };
}

/** Cases per sample day of one disease (for tests, benchmarks and checks). */
export function casesPerDay(history: DemoHistory, disease: HistoryDisease): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of history.cases)
    if (c.disease === disease) out.set(c.sampleDay, (out.get(c.sampleDay) ?? 0) + 1);
  return out;
}
