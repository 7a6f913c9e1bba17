/**
 * `npm run bench -- analytics [--tenth] [--disease COVID-19] [--runs 3] [--simulations 1000] [--page-sample 20]`
 * runs on the two-year province history (bench/load/analytics-history.ts: the real tables, read
 * through the page's own `readIndicators`); build it first with `npm run bench -- dashboard --history`.
 *
 * `npm run bench -- analytics --synthetic [--communes 157] [--districts 9] [--days 730]
 * [--simulations 1000] [--horizon 14] [--runs 3] [--seed 1]`: the synthetic mode below.
 *
 * How long the pure analytics core (packages/core/src/analytics) takes for every unit of the
 * province: 1 province + 9 districts/areas + 157 communes = 167 units by default, each with a
 * synthetic two-year daily case series (deterministic: seasonal renewal-process waves per commune,
 * a few imported cases; districts and the province are the sums of their communes). No database:
 * this measures the computation the server will run per unit, not the reads feeding it.
 *
 * Metrics (median of --runs, wall clock; CPU milliseconds of this process beside each):
 * - rt_all_units_ms: Rt (Cori/EpiEstim, parametric SI mean 4.7 sd 2.9, weekly sliding windows
 *   over every day, posterior mean, sd and 7 quantiles) for every unit;
 * - forecast_all_units_s: 14-day renewal forecasts with 1,000 simulations (Poisson offspring, R
 *   drawn from the last window's posterior) for every unit; forecast_negbin_all_units_s the same
 *   with negative binomial offspring (k = 0.5);
 * - ears_all_units_ms: EARS C1, C2 and C3 over every day of every unit's series.
 * Targets from issue #14: ≤ 1,000 ms, ≤ 10 s, ≤ 500 ms. Writes bench-results/analytics.json.
 */
import { loadavg } from 'node:os';
import {
  clearAnalyticsCaches,
  createRng,
  discretisedGammaPmf,
  earsC,
  estimateRt,
  forecastRenewal,
  poissonDraw,
  type Rng,
} from '../packages/core/src/analytics/index.ts';
import { checkKnownArgs, median, numberArg, parseArgs, round, runBench, say, writeResult } from './lib.ts';
import { analyticsOnHistory } from './load/analytics-history.ts';

const SI_MEAN = 4.7;
const SI_SD = 2.9;

interface Unit {
  name: string;
  incidence: { local: number[]; imported: number[] };
}

/** One commune's two years: waves of R between 0.6 and 1.2 over a half-year cycle, seeded by imports. */
function communeSeries(
  rng: Rng,
  days: number,
  si: readonly number[],
): { local: number[]; imported: number[] } {
  const local: number[] = [];
  const imported: number[] = [];
  const size = 0.5 + 3 * rng.uniform();
  const phase = rng.uniform() * 2 * Math.PI;
  for (let t = 0; t < days; t++) {
    let force = 0;
    for (let s = 1; s < si.length && s <= t; s++) force += si[s]! * (local[t - s]! + imported[t - s]!);
    const r = 0.9 + 0.3 * Math.sin((2 * Math.PI * t) / 180 + phase);
    imported.push(poissonDraw(rng, 0.05 * size));
    local.push(poissonDraw(rng, r * force + 0.1 * size));
  }
  return { local, imported };
}

function sumSeries(parts: readonly Unit[], days: number): { local: number[]; imported: number[] } {
  const local = new Array<number>(days).fill(0);
  const imported = new Array<number>(days).fill(0);
  for (const part of parts) {
    for (let t = 0; t < days; t++) {
      local[t]! += part.incidence.local[t]!;
      imported[t]! += part.incidence.imported[t]!;
    }
  }
  return { local, imported };
}

function buildUnits(
  communes: number,
  districts: number,
  days: number,
  seed: number,
  si: readonly number[],
): Unit[] {
  const rng = createRng(seed);
  const communeUnits: Unit[] = Array.from({ length: communes }, (_, i) => ({
    name: `commune-${i + 1}`,
    incidence: communeSeries(rng, days, si),
  }));
  const districtUnits: Unit[] = Array.from({ length: districts }, (_, d) => ({
    name: `district-${d + 1}`,
    incidence: sumSeries(
      communeUnits.filter((_, i) => i % districts === d),
      days,
    ),
  }));
  return [{ name: 'province', incidence: sumSeries(communeUnits, days) }, ...districtUnits, ...communeUnits];
}

/** Wall and CPU milliseconds of `work`. */
function timed(work: () => void): { wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  work();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function repeat(runs: number, work: () => void): { wallMs: number; cpuMs: number } {
  const samples = Array.from({ length: runs }, () => timed(work));
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)) };
}

runBench(async () => {
  const args = parseArgs();
  checkKnownArgs(args, [
    'synthetic',
    'tenth',
    'disease',
    'page-sample',
    'communes',
    'districts',
    'days',
    'simulations',
    'horizon',
    'runs',
    'seed',
  ]);
  if (!args.has('synthetic')) {
    await analyticsOnHistory(args);
    return;
  }
  const communes = numberArg(args, 'communes', 157);
  const districts = numberArg(args, 'districts', 9);
  const days = numberArg(args, 'days', 730);
  const simulations = numberArg(args, 'simulations', 1000);
  const horizon = numberArg(args, 'horizon', 14);
  const runs = numberArg(args, 'runs', 3);
  const seed = numberArg(args, 'seed', 1);
  const si = discretisedGammaPmf(SI_MEAN, SI_SD, 31);
  const units = buildUnits(communes, districts, days, seed, si);
  const totalCases = units[0]!.incidence.local.reduce((s, n) => s + n, 0);
  say(
    `analytics: ${units.length} units × ${days} days (province total ${totalCases} cases), load ${loadavg()[0]!.toFixed(1)}`,
  );

  const serialInterval = { kind: 'parametric', mean: SI_MEAN, sd: SI_SD } as const;
  let windows = 0;
  const rtRun = (): void => {
    windows = 0;
    // Cold every time: the serial interval and the posterior quantiles are computed afresh.
    clearAnalyticsCaches();
    for (const unit of units) windows += estimateRt(unit.incidence, { serialInterval }).windows.length;
  };
  rtRun(); // warm-up (JIT)
  const rt = repeat(runs, rtRun);
  say(`Rt: ${windows} windows, median ${round(rt.wallMs, 1)} ms (CPU ${round(rt.cpuMs, 1)} ms)`);

  // The forecasts start from each unit's last Rt window, as the server will.
  const posteriors = units.map((unit) => {
    const last = estimateRt(unit.incidence, { serialInterval }).windows.at(-1)!.posterior!;
    return { shape: last.shape, scale: last.scale };
  });
  const forecastRun = (offspring: 'poisson' | 'negbin') => (): void => {
    units.forEach((unit, i) => {
      const total = unit.incidence.local.map((n, t) => n + unit.incidence.imported[t]!);
      forecastRenewal({
        incidence: total,
        serialInterval: si,
        r: { kind: 'posterior', ...posteriors[i]! },
        horizon,
        simulations,
        offspring:
          offspring === 'poisson' ? { kind: 'poisson' } : { kind: 'negativeBinomial', dispersion: 0.5 },
        seed: seed + i,
      });
    });
  };
  const forecast = repeat(runs, forecastRun('poisson'));
  const forecastNb = repeat(runs, forecastRun('negbin'));
  say(
    `forecasts (${simulations} × ${horizon} days): Poisson ${round(forecast.wallMs / 1000, 2)} s (CPU ${round(forecast.cpuMs / 1000, 2)} s), negative binomial ${round(forecastNb.wallMs / 1000, 2)} s`,
  );

  let alarms = 0;
  // EARS and the forecasts read each unit's total (local + imported) series.
  const earsRun = (): void => {
    alarms = 0;
    for (const unit of units) {
      const total = unit.incidence.local.map((n, t) => n + unit.incidence.imported[t]!);
      for (const method of ['C1', 'C2', 'C3'] as const) {
        for (const point of earsC(total, { method })) if (point.alarm === true) alarms++;
      }
    }
  };
  earsRun();
  const ears = repeat(runs, earsRun);
  say(`EARS C1–C3: ${alarms} alarms, median ${round(ears.wallMs, 1)} ms (CPU ${round(ears.cpuMs, 1)} ms)`);

  const load = loadavg()[0]!;
  const path = writeResult({
    name: 'analytics',
    params: {
      mode: 'synthetic',
      units: units.length,
      province: 1,
      districts,
      communes,
      days,
      simulations,
      horizon,
      runs,
      seed,
      serial_interval: `discretised gamma mean ${SI_MEAN} sd ${SI_SD}`,
      province_total_cases: totalCases,
      load_1min_at_end: round(load, 2),
    },
    metrics: {
      rt_all_units_ms: round(rt.wallMs, 1),
      rt_all_units_cpu_ms: round(rt.cpuMs, 1),
      rt_windows: windows,
      forecast_all_units_s: round(forecast.wallMs / 1000, 3),
      forecast_all_units_cpu_s: round(forecast.cpuMs / 1000, 3),
      forecast_negbin_all_units_s: round(forecastNb.wallMs / 1000, 3),
      ears_all_units_ms: round(ears.wallMs, 1),
      ears_all_units_cpu_ms: round(ears.cpuMs, 1),
      ears_alarms: alarms,
    },
  });
  say(
    `targets (#14): Rt ≤ 1000 ms ${rt.wallMs <= 1000 ? 'met' : 'MISSED'}, forecasts ≤ 10 s ${forecast.wallMs <= 10_000 ? 'met' : 'MISSED'}, EARS ≤ 500 ms ${ears.wallMs <= 500 ? 'met' : 'MISSED'}`,
  );
  say(`wrote ${path}`);
  await Promise.resolve();
});
