/**
 * `npm run bench -- analytics` on the situation room's two-year history (issue #14 "Must show"):
 * the province built by `npm run bench -- dashboard --history` (1.3 M people, 200,000 cases; kept in
 * `epilink_bench_dashboard_full`), or a tenth of it with `--tenth` (`epilink_bench_dashboard`).
 * Every unit the forecast store serves (the province, its districts and communes of today, its
 * health areas) has its two years of daily cases by onset and by report read through the page's
 * own read, `readIndicators`, as the provincial epidemiologist (jurisdiction checks included).
 * Then, on those real series:
 * - rt_all_units_ms: Rt (Cori/EpiEstim, the disease's serial interval, weekly sliding windows over
 *   every day) for every unit, cold caches;
 * - forecast_all_units_s: 14-day renewal forecasts, 1,000 simulations (Poisson, R from the last
 *   window's posterior) for every unit;
 * - ears_all_units_ms: EARS C1, C2, C3 over every day of every unit's cases by report.
 * Beside them: the reads' own cost (series_read_all_units_s) and the page's whole request
 * (`analyseUnit`: 120 days, nowcast, Rt, forecast, beds) for a sample of units (p95). Medians of
 * --runs, wall clock, with the process's CPU time.
 */
import { loadavg } from 'node:os';
import { addDays } from '@epilink/core';
import {
  clearAnalyticsCaches,
  discretisedGammaPmf,
  earsC,
  estimateRt,
  forecastRenewal,
} from '../../packages/core/src/analytics/index.ts';
import { sql } from 'drizzle-orm';
import { userAccess } from '../../packages/server/src/access/context.ts';
import { forecastUnits } from '../../packages/server/src/analytics/forecasts/store.ts';
import { serialIntervalFor } from '../../packages/server/src/analytics/serial-intervals.ts';
import { analyseUnit } from '../../packages/server/src/analytics/unit.ts';
import { openDatabase, queryRows } from '../../packages/server/src/db/client.ts';
import { readIndicators } from '../../packages/server/src/indicators/read.ts';
import {
  benchDatabase,
  median,
  msSince,
  numberArg,
  percentile,
  redactUrl,
  round,
  say,
  writeResult,
} from '../lib.ts';

const PROVINCE = '86';
const MARKER = 'bench-dashboard-history';
const DAYS = 730;

/** Wall and CPU milliseconds of `work`, median of `runs`. */
function repeat(runs: number, work: () => void): { wallMs: number; cpuMs: number } {
  const samples = Array.from({ length: runs }, () => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    work();
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { wallMs, cpuMs: (used.user + used.system) / 1000 };
  });
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)) };
}

/** The benchmark on the stored history (see the module comment). */
export async function analyticsOnHistory(args: Map<string, string>): Promise<void> {
  const full = !args.has('tenth');
  const runs = numberArg(args, 'runs', 3);
  const simulations = numberArg(args, 'simulations', 1000);
  const sample = numberArg(args, 'page-sample', 20);
  const disease = args.get('disease') ?? 'COVID-19';
  const si = serialIntervalFor(disease);
  const loadStart = loadavg().map((l) => round(l, 2));
  const target = await benchDatabase(full ? 'dashboard_full' : 'dashboard', { fresh: false });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
  try {
    const [marker] = await queryRows<{ details: { until: string; cases: number; people: number } }>(
      database.db,
      sql`select details from seed_runs where name = ${MARKER}`,
    ).catch(() => []);
    if (!marker) {
      throw new Error(
        `no history in ${redactUrl(target.url)}: build it first with ` +
          `npm run bench -- dashboard ${full ? '--history ' : ''}--skip-browser --queries 5 --events 0`,
      );
    }
    const until = marker.details.until;
    const from = addDays(until, -(DAYS - 1));
    const access = userAccess({
      id: '00000000-0000-4000-8000-000000000086',
      username: 'bench.analytics',
      role: 'provincial_epidemiologist',
      jurisdiction: { level: 'province', code: PROVINCE },
    });
    const codes = await forecastUnits(database.db, PROVINCE, until);
    say(
      `analytics on ${redactUrl(target.url)} (${full ? 'full scale' : 'a tenth'}: ${marker.details.people} people, ` +
        `${marker.details.cases} cases), ${codes.length} units × ${DAYS} days to ${until}, ${disease}, load ${loadStart.join(' ')}`,
    );

    // 1. The series, through the page's read.
    const readTimes: number[] = [];
    const readStart = performance.now();
    const units: { code: string; level: string; onset: number[]; report: number[] }[] = [];
    for (const unitCode of codes) {
      const start = performance.now();
      const r = await readIndicators(database.db, access, {
        unitCode,
        from,
        to: until,
        asOf: until,
        disease: si.disease,
        metrics: ['casesByOnset', 'casesByReport'],
      });
      readTimes.push(msSince(start));
      units.push({
        code: unitCode,
        level: r.unit.level,
        onset: r.series.casesByOnset ?? r.days.map(() => 0),
        report: r.series.casesByReport ?? r.days.map(() => 0),
      });
    }
    const readS = msSince(readStart) / 1000;
    const levels = Object.fromEntries(
      ['province', 'district', 'area', 'commune'].map((l) => [l, units.filter((u) => u.level === l).length]),
    );
    const province = units.find((u) => u.level === 'province');
    const totalCases = province ? province.report.reduce((s, n) => s + n, 0) : 0;
    say(
      `  read: ${round(readS, 1)} s for ${units.length} units (${JSON.stringify(levels)}), p95 ${round(percentile(readTimes, 95), 1)} ms; ` +
        `province: ${totalCases} cases by report in ${DAYS} days`,
    );

    // 2. Rt, 3. forecasts, 4. EARS on the real series.
    const serialInterval = { kind: 'parametric', mean: si.mean, sd: si.sd } as const;
    let windows = 0;
    const rtRun = (): void => {
      windows = 0;
      clearAnalyticsCaches();
      for (const u of units) windows += estimateRt({ local: u.onset }, { serialInterval }).windows.length;
    };
    rtRun();
    const rt = repeat(runs, rtRun);
    say(`  Rt: ${windows} windows, median ${round(rt.wallMs, 1)} ms (CPU ${round(rt.cpuMs, 1)} ms)`);

    const pmf = discretisedGammaPmf(si.mean, si.sd, 31);
    const posteriors = units.map((u) => {
      const last = estimateRt({ local: u.onset }, { serialInterval }).windows.at(-1)?.posterior;
      return last ? { shape: last.shape, scale: last.scale } : null;
    });
    const forecastRun = (): void => {
      units.forEach((u, i) => {
        const p = posteriors[i];
        if (!p) return;
        forecastRenewal({
          incidence: u.onset,
          serialInterval: pmf,
          r: { kind: 'posterior', ...p },
          horizon: 14,
          simulations,
          seed: i + 1,
        });
      });
    };
    const forecast = repeat(runs, forecastRun);
    say(`  forecasts: ${round(forecast.wallMs / 1000, 2)} s (CPU ${round(forecast.cpuMs / 1000, 2)} s)`);

    let alarms = 0;
    const earsRun = (): void => {
      alarms = 0;
      for (const u of units) {
        for (const method of ['C1', 'C2', 'C3'] as const) {
          for (const point of earsC(u.report, { method })) if (point.alarm === true) alarms++;
        }
      }
    };
    earsRun();
    const ears = repeat(runs, earsRun);
    say(
      `  EARS C1–C3: ${alarms} alarms, median ${round(ears.wallMs, 1)} ms (CPU ${round(ears.cpuMs, 1)} ms)`,
    );

    // 5. The page's whole request for a sample of units (the province and every k-th unit).
    const step = Math.max(1, Math.floor(codes.length / sample));
    const pageTimes: number[] = [];
    for (let i = 0; i < codes.length && pageTimes.length < sample; i += step) {
      const start = performance.now();
      await analyseUnit(database.db, access, {
        unitCode: codes[i]!,
        disease: si.disease,
        to: until,
        asOf: until,
      });
      pageTimes.push(msSince(start));
    }
    say(
      `  analyseUnit (the page): p95 ${round(percentile(pageTimes, 95), 1)} ms over ${pageTimes.length} units`,
    );

    const loadEnd = loadavg().map((l) => round(l, 2));
    const path = writeResult({
      name: 'analytics',
      params: {
        mode: full ? 'history-full' : 'history-tenth',
        database: target.name,
        people: marker.details.people,
        cases: marker.details.cases,
        until,
        days: DAYS,
        disease: si.disease,
        units: units.length,
        units_by_level: JSON.stringify(levels),
        province_cases_by_report: totalCases,
        simulations,
        runs,
        serial_interval: `discretised gamma mean ${si.mean} sd ${si.sd}`,
        load_start: loadStart.join(' '),
        load_end: loadEnd.join(' '),
      },
      metrics: {
        rt_all_units_ms: round(rt.wallMs, 1),
        rt_all_units_cpu_ms: round(rt.cpuMs, 1),
        rt_windows: windows,
        forecast_all_units_s: round(forecast.wallMs / 1000, 3),
        forecast_all_units_cpu_s: round(forecast.cpuMs / 1000, 3),
        ears_all_units_ms: round(ears.wallMs, 1),
        ears_all_units_cpu_ms: round(ears.cpuMs, 1),
        ears_alarms: alarms,
        series_read_all_units_s: round(readS, 2),
        series_read_p95_ms: round(percentile(readTimes, 95), 1),
        page_analysis_p95_ms: round(percentile(pageTimes, 95), 1),
      },
    });
    say(
      `targets (#14): Rt ≤ 1000 ms ${rt.wallMs <= 1000 ? 'met' : 'MISSED'}, forecasts ≤ 10 s ${forecast.wallMs <= 10_000 ? 'met' : 'MISSED'}, EARS ≤ 500 ms ${ears.wallMs <= 500 ? 'met' : 'MISSED'} (load ${loadEnd.join(' ')})`,
    );
    say(`wrote ${path}`);
  } finally {
    await database.close();
  }
}
