import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/codes.ts';
import { nowcast, type OnsetReport } from './nowcast.ts';
import { createRng, poissonDraw } from './random.ts';

/** The true reporting delay: P(delay = d) for d = 0 … 8 (mean ≈ 2.6 days). */
const TRUE_DELAY = [0.1, 0.2, 0.22, 0.16, 0.12, 0.08, 0.06, 0.04, 0.02];

/** Cases with onsets on days 0 … days − 1 (Poisson, mean from `meanOf`) and delays from TRUE_DELAY. */
function synthetic(
  seed: number,
  days: number,
  meanOf: (day: number) => number,
): { pairs: OnsetReport[]; totals: number[] } {
  const rng = createRng(seed);
  const pairs: OnsetReport[] = [];
  const totals: number[] = [];
  for (let onset = 0; onset < days; onset++) {
    const n = poissonDraw(rng, meanOf(onset));
    totals.push(n);
    for (let i = 0; i < n; i++) {
      let u = rng.uniform();
      let delay = 0;
      while (delay < TRUE_DELAY.length - 1 && u > TRUE_DELAY[delay]!) u -= TRUE_DELAY[delay++]!;
      pairs.push({ onset, report: onset + delay });
    }
  }
  return { pairs, totals };
}

describe('nowcast of onsets still to be reported', () => {
  it('corrects for right truncation (hand-computed): recent onsets show only their short delays', () => {
    // Onset day 0: 2 reported the same day, 2 the next. Onset day 1: 1 reported the same day; today is 1.
    const pairs = [
      { onset: 0, report: 0 },
      { onset: 0, report: 0 },
      { onset: 0, report: 1 },
      { onset: 0, report: 1 },
      { onset: 1, report: 1 },
    ];
    const result = nowcast(pairs, { today: 1, maxDelay: 1 });
    // Only day 0 can tell the share reported on day 0: 2 of 4 (pooling both days would say 3 of 5).
    expect(result.delayCdf).toEqual([0.5, 1]);
    expect(result.delayPmf).toEqual([0.5, 0.5]);
    expect(result.days.map((d) => [d.day, d.reported, d.expected])).toEqual([
      [0, 4, 4],
      [1, 1, 2],
    ]);
  });

  it('recovers a known delay distribution and the recent totals of a synthetic growing epidemic', () => {
    const today = 119;
    const { pairs, totals } = synthetic(3, today + 1, (day) => 40 * Math.exp(0.02 * day));
    const result = nowcast(pairs, { today, maxDelay: 10 });
    TRUE_DELAY.forEach((p, d) => {
      expect(Math.abs(result.delayPmf[d]! - p), `delay ${d}`).toBeLessThan(0.02);
    });
    // The last 6 days are far from complete, yet the nowcast lands near the truth and its 90 %
    // interval holds it on most days, where the raw counts fall short.
    let covered = 0;
    for (const day of result.days.slice(-6)) {
      const truth = totals[day.day]!;
      expect(day.reported).toBeLessThan(truth + 1);
      expect(Math.abs(day.expected! - truth) / truth, `day ${day.day}`).toBeLessThan(0.35);
      if (truth >= day.lower90! && truth <= day.upper90!) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(4);
    const lastWeekTruth = totals.slice(-7).reduce((s, n) => s + n, 0);
    const lastWeekNowcast = result.days.slice(-7).reduce((s, d) => s + d.expected!, 0);
    const lastWeekReported = result.days.slice(-7).reduce((s, d) => s + d.reported, 0);
    expect(Math.abs(lastWeekNowcast - lastWeekTruth) / lastWeekTruth).toBeLessThan(0.08);
    expect(lastWeekReported / lastWeekTruth).toBeLessThan(0.75);
  });

  it('widens the interval by the delay estimate’s own uncertainty when asked, most with few cases', () => {
    const today = 119;
    const width = (r: ReturnType<typeof nowcast>) =>
      r.days.slice(-4).reduce((s, d) => s + (d.upper90! - d.lower90!), 0);
    for (const [size, factor] of [
      [0.3, 1.15],
      [40, 1],
    ] as const) {
      const { pairs } = synthetic(5, today + 1, () => size);
      const plain = nowcast(pairs, { today, maxDelay: 10 });
      const wide = nowcast(pairs, { today, maxDelay: 10, uncertainty: { draws: 2000, seed: 3 } });
      expect(wide.days.map((d) => d.expected)).toEqual(plain.days.map((d) => d.expected));
      expect(width(wide), `size ${size}`).toBeGreaterThanOrEqual(width(plain) * factor);
      for (const d of wide.days.slice(-4)) {
        expect(d.lower90!).toBeLessThanOrEqual(d.expected!);
        expect(d.upper90!).toBeGreaterThanOrEqual(d.expected!);
      }
      expect(nowcast(pairs, { today, maxDelay: 10, uncertainty: { draws: 2000, seed: 3 } })).toEqual(wide);
    }
  });

  it('ignores reports after today and refuses a report before its onset', () => {
    const pairs = [
      { onset: 5, report: 5 },
      { onset: 5, report: 9 },
    ];
    expect(nowcast(pairs, { today: 6, maxDelay: 3 }).days.at(-2)!.reported).toBe(1);
    let caught: unknown;
    try {
      nowcast([{ onset: 5, report: 4 }], { today: 6 });
    } catch (e) {
      caught = e;
    }
    expect(isAppError(caught, 'VALIDATION_FAILED')).toBe(true);
  });
});
