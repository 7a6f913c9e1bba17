import { describe, expect, it } from 'vitest';
import { civilFromDays, formatYmd, parseYmd } from './dates.ts';
import { allocateByWeight, COVID_PEAK, covidExpected } from './epicurves.ts';
import { casesPerDay, generateHistory } from './history.ts';
import type { DemoHistory, HistoryDisease } from './history.ts';
import { createRng } from './rng.ts';

const COMMUNES = [
  { code: '28756', population: 30_000 },
  { code: '28759', population: 10_000 },
  { code: '28780', population: 10_000 },
  { code: '28783', population: 20_000 },
  { code: '28789', population: 5_000 },
  { code: '28792', population: 25_000 },
];
const UNTIL = '2026-12-02';
const at = (scale: number, seed = 20211101) =>
  generateHistory({ seed, scale, until: UNTIL, communes: COMMUNES });

const fullScale = at(1);
const demoScale = at(0.01);

function total(h: DemoHistory, disease: HistoryDisease, from = '0000', to = '9999'): number {
  return h.cases.filter((c) => c.disease === disease && c.sampleDay >= from && c.sampleDay <= to).length;
}

/** The first day of the 7-day window with the most cases. */
function peakWeek(h: DemoHistory, disease: HistoryDisease): string {
  const perDay = casesPerDay(h, disease);
  let best = { day: '', n: -1 };
  for (let d = parseYmd('2021-07-01'); d <= parseYmd(UNTIL) - 6; d++) {
    let n = 0;
    for (let k = 0; k < 7; k++) n += perDay.get(formatYmd(civilFromDays(d + k))) ?? 0;
    if (n > best.n) best = { day: formatYmd(civilFromDays(d)), n };
  }
  return best.day;
}

describe('the COVID-19 wave, shaped like Bến Tre 2021–2022', () => {
  it('peaks on 23/03/2022 at about 1,476 expected cases a day, with about 82,947 by then', () => {
    let peak = { day: 0, n: 0 };
    let byPeak = 0;
    for (let d = parseYmd('2021-01-01'); d <= parseYmd('2023-12-31'); d++) {
      const n = covidExpected(d);
      if (n > peak.n) peak = { day: d, n };
      if (d <= parseYmd(COVID_PEAK.day)) byPeak += n;
    }
    expect(formatYmd(civilFromDays(peak.day))).toBe('2022-03-23');
    expect(peak.n).toBeGreaterThan(1_476 * 0.98);
    expect(peak.n).toBeLessThan(1_476 * 1.05);
    expect(byPeak / 82_947).toBeGreaterThan(0.95);
    expect(byPeak / 82_947).toBeLessThan(1.05);
  });

  it('rises from July 2021 (nothing before) and its busiest week of drawn cases is in March 2022', () => {
    expect(covidExpected(parseYmd('2021-06-30'))).toBe(0);
    expect(total(fullScale, 'COVID-19', '2021-07-01', '2021-07-31')).toBeGreaterThan(0);
    expect(peakWeek(fullScale, 'COVID-19')).toMatch(/^2022-03-/u);
    // The demo's 1 % still peaks in March 2022 (within a fortnight of the real peak).
    const demoPeak = parseYmd(peakWeek(demoScale, 'COVID-19')) + 3;
    expect(Math.abs(demoPeak - parseYmd(COVID_PEAK.day))).toBeLessThanOrEqual(14);
  });

  it('scales every total with DEMO_SCALE and reports ~82,947 × scale by the peak day', () => {
    const byPeak = total(fullScale, 'COVID-19', '2021-07-01', COVID_PEAK.day);
    expect(byPeak / 82_947).toBeGreaterThan(0.95);
    expect(byPeak / 82_947).toBeLessThan(1.05);
    const ratio = total(demoScale, 'COVID-19') / total(fullScale, 'COVID-19');
    expect(ratio).toBeGreaterThan(0.009);
    expect(ratio).toBeLessThan(0.011);
    const tenth = at(0.1);
    expect(total(tenth, 'COVID-19') / total(demoScale, 'COVID-19')).toBeGreaterThan(9);
    expect(total(tenth, 'COVID-19') / total(demoScale, 'COVID-19')).toBeLessThan(11);
  });
});

describe('dengue, every year up to the day the demo is made', () => {
  it('peaks between June and August each full year', () => {
    for (const year of [2021, 2022, 2023, 2024, 2025]) {
      const months = Array.from({ length: 12 }, (_, m) => {
        const mm = String(m + 1).padStart(2, '0');
        return total(fullScale, 'DENGUE', `${year}-${mm}-01`, `${year}-${mm}-31`);
      });
      const busiest = months.indexOf(Math.max(...months)) + 1;
      expect({ year, busiestInJuneToAugust: busiest >= 6 && busiest <= 8 }).toEqual({
        year,
        busiestInJuneToAugust: true,
      });
    }
  });

  it('has a current outbreak growing into the last week, with open cases, even at the demo scale', () => {
    const lastWeek = total(demoScale, 'DENGUE', '2026-11-26', UNTIL);
    const weekBefore = total(demoScale, 'DENGUE', '2026-11-19', '2026-11-25');
    expect(lastWeek).toBeGreaterThan(weekBefore);
    expect(lastWeek).toBeGreaterThanOrEqual(15);
    const open = demoScale.cases.filter((c) => c.outcome === null);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((c) => c.disease === 'DENGUE' && c.sampleDay >= '2026-11-20')).toBe(true);
    expect(demoScale.cases.every((c) => c.sampleDay <= UNTIL && (c.outcomeDay ?? '') <= UNTIL)).toBe(true);
    // The outbreak sits in its hotspot: the three most populous communes.
    const outbreakCommunes = new Set(
      demoScale.cases.filter((c) => c.outcome === null).map((c) => c.communeCode),
    );
    expect([...outbreakCommunes].every((c) => ['28756', '28792', '28783'].includes(c))).toBe(true);
  });
});

describe('allocation and determinism', () => {
  it('places cases in proportion to population', () => {
    const per = new Map<string, number>();
    for (const c of fullScale.cases) per.set(c.communeCode, (per.get(c.communeCode) ?? 0) + 1);
    const share = (code: string) => per.get(code)! / fullScale.cases.length;
    expect(share('28756') / share('28789')).toBeGreaterThan(5);
    expect(share('28759') / share('28780')).toBeGreaterThan(0.9);
    expect(share('28759') / share('28780')).toBeLessThan(1.1);
    const split = allocateByWeight(createRng(1), 1_000, [1, 0, 3]);
    expect(split.reduce((a, b) => a + b, 0)).toBe(1_000);
    expect(split[1]).toBe(0);
  });

  it('gives the same history for the same seed and another for another seed', () => {
    expect(at(0.01)).toEqual(demoScale);
    expect(at(0.01, 7)).not.toEqual(demoScale);
  });

  it('records negative tests in proportion to the cases of each day and commune', () => {
    const negatives = demoScale.negatives.reduce((n, x) => n + (x.disease === 'COVID-19' ? x.count : 0), 0);
    expect(negatives).toBe(total(demoScale, 'COVID-19') * 4);
  });
});
