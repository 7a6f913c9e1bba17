import { describe, expect, it } from 'vitest';
import { intervalScore, scoreForecasts, weightedIntervalScore, type ForecastOutcome } from './scoring.ts';

// A forecast of median 10, 50 % interval 8–12, 90 % interval 5–15, scored against three outcomes.
const forecast = { median: 10, lower50: 8, upper50: 12, lower90: 5, upper90: 15 };
const intervals = [
  { level: 0.5, lower: 8, upper: 12 },
  { level: 0.9, lower: 5, upper: 15 },
];

describe('forecast scores (Bracher et al. 2021), checked by hand', () => {
  it('the interval score is the width plus 2/α times the miss', () => {
    expect(intervalScore(8, 12, 0.5, 10)).toBe(4);
    expect(intervalScore(8, 12, 0.5, 20)).toBe(4 + 4 * 8); // 36
    expect(intervalScore(5, 15, 0.1, 2)).toBe(10 + 20 * 3); // 70
  });

  it('the WIS weighs the median by ½ and each interval by α/2, over K + ½', () => {
    // y = 20: (½·10 + ¼·36 + 0.05·110) / 2.5 = 19.5 / 2.5
    expect(weightedIntervalScore(10, intervals, 20)).toBeCloseTo(7.8, 12);
    // y = 10: (0 + ¼·4 + 0.05·10) / 2.5
    expect(weightedIntervalScore(10, intervals, 10)).toBeCloseTo(0.6, 12);
    // y = 6: (½·4 + ¼·12 + 0.05·10) / 2.5
    expect(weightedIntervalScore(10, intervals, 6)).toBeCloseTo(2.2, 12);
    // With the median alone the WIS is the absolute error.
    expect(weightedIntervalScore(10, [], 6)).toBeCloseTo(4, 12);
  });

  it('summarises coverage and mean WIS overall and per horizon', () => {
    const outcomes: ForecastOutcome[] = [
      { horizon: 1, ...forecast, observed: 20 },
      { horizon: 1, ...forecast, observed: 10 },
      { horizon: 7, ...forecast, observed: 6 },
    ];
    const { overall, byHorizon } = scoreForecasts(outcomes);
    expect(overall.count).toBe(3);
    expect(overall.meanWis).toBeCloseTo((7.8 + 0.6 + 2.2) / 3, 12);
    expect(overall.coverage50).toBeCloseTo(1 / 3, 12); // only y = 10 is inside 8–12
    expect(overall.coverage90).toBeCloseTo(2 / 3, 12); // 10 and 6 are inside 5–15
    expect(byHorizon.map((h) => [h.horizon, h.count])).toEqual([
      [1, 2],
      [7, 1],
    ]);
    expect(byHorizon[0]!.meanWis).toBeCloseTo(4.2, 12);
    expect(byHorizon[1]!.coverage50).toBe(0);
    expect(Number.isNaN(scoreForecasts([]).overall.meanWis)).toBe(true);
  });
});
