import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/codes.ts';
import { estimateRt, RT_QUANTILE_LEVELS, type RtEstimate } from './rt.ts';
import { discretisedGammaPmf } from './serial-interval.ts';
import {
  QUANTILE_COLUMNS,
  readEpi,
  readLocal,
  sameTo3Significant,
  type EpiEstimRow,
} from './testdata/conformance.ts';

interface FluExpected {
  incidence: number[];
  si_distr: number[];
  incidence_as_processed_by_EpiEstim: { local: number[]; imported: number[] };
  windows: { t_start: number[]; t_end: number[] };
  expected: { non_parametric_si: { 'SI.Moments': { Mean: number; Std: number }; R: EpiEstimRow[] } };
}
interface Example2Input {
  I_local: number[];
  I_imported: number[];
}
interface Snapshot {
  'SI.Moments': { Mean: number; Std: number };
  R: EpiEstimRow[];
}
interface Snapshots {
  example2: Snapshot;
  example3: Snapshot;
}

/** Every published number of every window, to 3 significant digits (the list of misses is empty). */
function mismatches(estimate: RtEstimate, rows: readonly EpiEstimRow[]): string[] {
  const out: string[] = [];
  expect(estimate.windows).toHaveLength(rows.length);
  rows.forEach((row, i) => {
    const w = estimate.windows[i]!;
    expect([w.tStart, w.tEnd]).toEqual([row.t_start, row.t_end]);
    const p = w.posterior;
    if (p === null) {
      out.push(`window ${i + 1}: no estimate`);
      return;
    }
    const pairs: [string, number, number][] = [
      ['Mean(R)', p.mean, row['Mean(R)']],
      ['Std(R)', p.sd, row['Std(R)']],
      ...QUANTILE_COLUMNS.map((c, q): [string, number, number] => [c, p.quantiles[q]!, row[c]]),
    ];
    for (const [name, actual, expected] of pairs) {
      if (!sameTo3Significant(actual, expected)) out.push(`window ${i + 1} ${name}: ${actual} ≠ ${expected}`);
    }
  });
  return out;
}

const flu = readEpi('flu2009-nonparametric-expected.json') as FluExpected;
const snapshots = readLocal('epiestim-snapshots.json') as Snapshots;

describe('Rt by Cori et al. with EpiEstim semantics', () => {
  it('reproduces EpiEstim Example 1: Flu2009 with the published non-parametric serial interval', () => {
    const expected = flu.expected.non_parametric_si;
    const estimate = estimateRt(
      { local: flu.incidence },
      {
        serialInterval: { kind: 'distribution', pmf: flu.si_distr },
        tStart: flu.windows.t_start,
        tEnd: flu.windows.t_end,
      },
    );
    // Day 1's case is imported; the numerator only counts local cases.
    expect(estimate.local).toEqual(flu.incidence_as_processed_by_EpiEstim.local);
    expect(estimate.imported).toEqual(flu.incidence_as_processed_by_EpiEstim.imported);
    expect(sameTo3Significant(estimate.serialIntervalMean, expected['SI.Moments'].Mean)).toBe(true);
    expect(sameTo3Significant(estimate.serialIntervalSd, expected['SI.Moments'].Std)).toBe(true);
    expect(mismatches(estimate, expected.R)).toEqual([]);
  });

  it('gives the same windows by default: weekly, sliding, from day 2 to the last day', () => {
    const byDefault = estimateRt(
      { local: flu.incidence },
      { serialInterval: { kind: 'distribution', pmf: flu.si_distr } },
    );
    expect(byDefault.windows.map((w) => [w.tStart, w.tEnd])).toEqual(
      flu.windows.t_start.map((s, i) => [s, flu.windows.t_end[i]]),
    );
    expect(mismatches(byDefault, flu.expected.non_parametric_si.R)).toEqual([]);
  });

  it('reproduces EpiEstim Example 3: Flu2009 with a parametric serial interval (mean 2.6, sd 1.5)', () => {
    const expected = snapshots.example3;
    const estimate = estimateRt(
      { local: flu.incidence },
      { serialInterval: { kind: 'parametric', mean: 2.6, sd: 1.5 } },
    );
    // discr_si(0:31, 2.6, 1.5) zero-padded to 33 days, as EpiEstim prints it.
    expect(estimate.serialInterval).toHaveLength(33);
    expect(estimate.serialInterval[1]).toBeCloseTo(0.2331721, 7);
    expect(estimate.serialInterval[2]).toBeCloseTo(0.3585794, 7);
    expect(estimate.serialInterval[31]! / 6.550365e-10).toBeCloseTo(1, 5);
    expect(sameTo3Significant(estimate.serialIntervalMean, expected['SI.Moments'].Mean)).toBe(true);
    expect(sameTo3Significant(estimate.serialIntervalSd, expected['SI.Moments'].Std)).toBe(true);
    expect(mismatches(estimate, expected.R)).toEqual([]);
  });

  it('reproduces EpiEstim Example 2: local and imported cases, parametric serial interval', () => {
    const input = readEpi('epiestim-example2-imported-input.json') as Example2Input;
    const expected = snapshots.example2;
    const estimate = estimateRt(
      { local: input.I_local, imported: input.I_imported },
      {
        serialInterval: { kind: 'parametric', mean: 2.6, sd: 1.5 },
        tStart: Array.from({ length: 20 }, (_, i) => i + 2),
        tEnd: Array.from({ length: 20 }, (_, i) => i + 8),
      },
    );
    expect(sameTo3Significant(estimate.serialIntervalMean, expected['SI.Moments'].Mean)).toBe(true);
    expect(sameTo3Significant(estimate.serialIntervalSd, expected['SI.Moments'].Std)).toBe(true);
    expect(mismatches(estimate, expected.R)).toEqual([]);
  });

  it('lets imported cases infect but never counts them as infected (hand-computed posterior)', () => {
    // Serial interval: all mass on 1 day. Day 1: 4 imported; day 2: 2 local, 3 imported; day 3: 1 local.
    const estimate = estimateRt(
      { local: [0, 2, 1], imported: [4, 3, 0] },
      { serialInterval: { kind: 'distribution', pmf: [0, 1] }, tStart: [2], tEnd: [3] },
    );
    // Λ_2 = 4, Λ_3 = 2 + 3 = 5; shape = 1 + (2 + 1) = 4; scale = 1 / (1/5 + 9) = 1/9.2.
    expect(estimate.lambda.slice(1)).toEqual([4, 5]);
    const posterior = estimate.windows[0]!.posterior!;
    expect(posterior.shape).toBe(4);
    expect(posterior.scale).toBeCloseTo(1 / 9.2, 12);
    expect(posterior.mean).toBeCloseTo(4 / 9.2, 12);
    expect(posterior.sd).toBeCloseTo(2 / 9.2, 12);
    // With shape 4, the median of Gamma(4, 1) is 3.672061 (tabulated); scaled by 1/9.2.
    expect(posterior.quantiles[RT_QUANTILE_LEVELS.indexOf(0.5)]).toBeCloseTo(3.672061 / 9.2, 6);
  });

  it('reports no estimate for a window ending on or before the serial interval mean (EpiEstim NA)', () => {
    const pmf = discretisedGammaPmf(6.8, 4.1, 30); // MERS, mean ≈ 6.8 days
    const padded = [...pmf.slice(0, 29), 1 - pmf.slice(1, 29).reduce((s, p) => s + p, 0)];
    const estimate = estimateRt(
      { local: Array.from({ length: 30 }, () => 3) },
      { serialInterval: { kind: 'distribution', pmf: padded }, tStart: [2, 2], tEnd: [6, 8] },
    );
    expect(estimate.windows[0]!.posterior).toBeNull();
    expect(estimate.windows[1]!.posterior).not.toBeNull();
  });

  it('refuses what EpiEstim refuses: mass on day 0, a distribution not summing to 1, windows from day 1', () => {
    const local = [1, 2, 3, 4, 5, 6, 7, 8];
    const attempts = [
      () => estimateRt({ local }, { serialInterval: { kind: 'distribution', pmf: [0.1, 0.9] } }),
      () => estimateRt({ local }, { serialInterval: { kind: 'distribution', pmf: [0, 0.5, 0.3] } }),
      () => estimateRt({ local }, { serialInterval: { kind: 'parametric', mean: 1, sd: 1 } }),
      () =>
        estimateRt(
          { local },
          { serialInterval: { kind: 'distribution', pmf: [0, 1] }, tStart: [1], tEnd: [7] },
        ),
      () =>
        estimateRt(
          { local },
          { serialInterval: { kind: 'distribution', pmf: [0, 1] }, tStart: [2], tEnd: [9] },
        ),
      () => estimateRt({ local: [1, -2, 3] }, { serialInterval: { kind: 'distribution', pmf: [0, 1] } }),
      () => estimateRt({ local }, { serialInterval: { kind: 'distribution', pmf: [0, 1] }, priorSd: 0 }),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow();
      try {
        attempt();
      } catch (e) {
        expect(isAppError(e, 'VALIDATION_FAILED')).toBe(true);
      }
    }
  });
});

interface ScipyWindow {
  t_start: number;
  t_end: number;
  mean: number;
  sd: number;
  q025: number;
  median: number;
  q975: number;
}
interface ScipyDataset {
  serialInterval: { kind: 'parametric'; mean: number; sd: number } | { kind: 'distribution' };
  windows: ScipyWindow[];
}
interface EpiDataset {
  incidence?: number[];
  incidence_Incidence?: number[];
  incidence_local?: number[];
  incidence_imported?: number[];
  si_distr?: number[];
}

describe('Rt on the other EpiEstim datasets, cross-checked with an independent scipy implementation', () => {
  const datasets = readEpi('epiestim-datasets.json') as Record<string, EpiDataset>;
  const reference = readLocal('epiestim-datasets-scipy.json') as { datasets: Record<string, ScipyDataset> };

  it.each(Object.keys(reference.datasets))('%s agrees to 3 significant digits', (name) => {
    const data = datasets[name]!;
    const ref = reference.datasets[name]!;
    const local = data.incidence ?? data.incidence_Incidence ?? data.incidence_local!;
    const estimate = estimateRt(
      { local, imported: data.incidence_imported },
      {
        serialInterval:
          ref.serialInterval.kind === 'parametric'
            ? ref.serialInterval
            : { kind: 'distribution', pmf: data.si_distr! },
      },
    );
    const byStart = new Map(estimate.windows.map((w) => [w.tStart, w]));
    const misses: string[] = [];
    expect(ref.windows.length).toBeGreaterThan(5);
    for (const row of ref.windows) {
      const p = byStart.get(row.t_start)!.posterior!;
      const pairs: [string, number, number][] = [
        ['mean', p.mean, row.mean],
        ['sd', p.sd, row.sd],
        ['q0.025', p.quantiles[0]!, row.q025],
        ['median', p.quantiles[3]!, row.median],
        ['q0.975', p.quantiles[6]!, row.q975],
      ];
      for (const [what, actual, expected] of pairs) {
        if (!sameTo3Significant(actual, expected))
          misses.push(`t_start ${row.t_start} ${what}: ${actual} ≠ ${expected}`);
      }
    }
    expect(misses).toEqual([]);
  });
});
