/**
 * dashboard: the situation room over two years of province history (issue #13, "Must show").
 *
 *   npm run bench -- dashboard [--history] [--queries 200] [--events 10] [--reload] [--skip-browser] [--skip-build]
 *                              [--people N] [--cases N] [--doses N] [--checkins N] [--venues N] [--active-venues N]
 *
 * Builds (once; kept in `epilink_bench_dashboard[_full]` until the size changes or --reload) two
 * years of history on PostgreSQL with set-based statements (bench/load/history.ts): by default a
 * tenth of the province (130,000 people, 20,000 cases, 250,000 doses, 3 M check-ins: a few
 * minutes); with --history full scale (1.3 M people, 200,000 cases, 2.5 M doses, 30 M check-ins).
 * Then measures, each through its part's contract (bench/load/parts.ts):
 * - dashboard_p95_ms: Contract A `readIndicators` for random unit × period queries (province,
 *   health area or old district, commune — today's units and the 2021 ones — × 7 days … 2 years);
 * - doses_by_age_p95_ms: the dashboard's doses by dose kind × age band (`dosesByAgeBand`, from the
 *   rollup `indicator_dose_bands`) for the same unit × period mix;
 * - levels_all_communes_ms: Contract B `computeLevels` for the province's current week;
 * - sitrep_pdf_s: Contract E `generateSitrep` for the province today;
 * - event_to_screen_ms (p95): a positive result through the API until the `/situation` dashboard
 *   open in Chromium shows the new count (bench/load/screen.ts);
 * - the rollup check (Contract A `checkRollups`) after the load and the events: rollup_differences.
 * A part not in the tree yet is skipped: no metric, its reason in params (`skipped_<metric>`).
 * Targets (issue #13): dashboard_p95_ms ≤ 50, event_to_screen_ms ≤ 2,000, sitrep_pdf_s ≤ 10,
 * levels_all_communes_ms ≤ 1,000, rollup_differences = 0.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { addDays, today } from '@epilink/core';
import { createRng } from '@epilink/demo';
import { sql } from 'drizzle-orm';
import { userAccess } from '../packages/server/src/access/context.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import { loadUnitDataset } from '../packages/server/src/registry/units/load.ts';
import { FULL_SCALE, WINDOW_DAYS, buildHistory } from './load/history.ts';
import type { HistorySize } from './load/history.ts';
import { loadParts } from './load/parts.ts';
import { dosesByAgeBand } from '../packages/server/src/indicators/doses-by-age.ts';
import { resolveUnit } from '../packages/server/src/indicators/units.ts';
import { eventToScreen, screenUnavailable } from './load/screen.ts';
import {
  REPO_ROOT,
  benchDatabase,
  checkKnownArgs,
  median,
  msSince,
  numberArg,
  parseArgs,
  percentile,
  redactUrl,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';

const TARGETS = {
  dashboard_p95_ms: 50,
  event_to_screen_ms: 2_000,
  sitrep_pdf_s: 10,
  levels_all_communes_ms: 1_000,
};
const PERIODS = [7, 14, 30, 90, 365, 730];
const PROVINCE = '86';
const DISEASES = ['COVID-19', 'DENGUE'];
const MARKER = 'bench-dashboard-history';

/** The Monday of a local day's ISO week. */
function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

runBench(async () => {
  const args = parseArgs();
  checkKnownArgs(args, [
    'history',
    'queries',
    'events',
    'reload',
    'skip-browser',
    'skip-build',
    'people',
    'cases',
    'doses',
    'checkins',
    'venues',
    'active-venues',
  ]);
  const full = args.has('history');
  const f = full ? 1 : 0.1;
  const size: HistorySize = {
    people: numberArg(args, 'people', FULL_SCALE.people * f),
    cases: numberArg(args, 'cases', FULL_SCALE.cases * f),
    doses: numberArg(args, 'doses', FULL_SCALE.doses * f),
    checkins: numberArg(args, 'checkins', FULL_SCALE.checkins * f),
    venues: numberArg(args, 'venues', Math.round(FULL_SCALE.venues * f)),
    activeVenues: numberArg(args, 'active-venues', Math.round(FULL_SCALE.activeVenues * f)),
    until: today(),
  };
  const queries = numberArg(args, 'queries', 200);
  const events = numberArg(args, 'events', 10);
  const target = await benchDatabase(full ? 'dashboard_full' : 'dashboard', { fresh: args.has('reload') });
  say(`dashboard on ${redactUrl(target.url)} (${full ? 'full scale' : 'a tenth of the province'})`);
  const config = loadConfig({
    DEMO: 'false',
    DATABASE_URL: target.url,
    LOG_LEVEL: 'silent',
    PROVINCE_CODE: PROVINCE,
    UNIT_LISTS: '2021-11,2025-03,2025-07',
  });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 8 });
  const params: Record<string, string | number | boolean> = { ...size, full, queries, events, ...TARGETS };
  const metrics: Record<string, number> = {};
  const skip = (metric: string, reason: string) => {
    // One line of printable text (a failed query's message can carry its binary parameters).
    const line = reason.replace(/[^\p{L}\p{N}\p{P}\p{Zs}]+/gu, ' ').slice(0, 300);
    params[`skipped_${metric}`] = line;
    say(`  ${metric}: skipped — ${line}`);
  };
  try {
    await prepareDatabase(database, config);
    const { db } = database;
    const parts = await loadParts();
    await db.transaction((tx) => loadUnitDataset(tx, '2025-07'));
    // The history: kept while its size matches (its `until` then stays the day it was built).
    const [marker] = await queryRows<{ details: HistorySize }>(
      db,
      sql`select details from seed_runs where name = ${MARKER}`,
    );
    const same = (['people', 'cases', 'doses', 'checkins', 'venues', 'activeVenues'] as const).every(
      (k) => marker?.details[k] === size[k],
    );
    if (!marker || !same) {
      say('building the history …');
      const start = performance.now();
      const cpu = process.cpuUsage();
      const steps = await buildHistory(db, size, parts.rebuildRollups.fn);
      params.history_rollups = parts.rebuildRollups.fn
        ? 'built from the raw rows after the load (triggers off while loading)'
        : `kept by their triggers during the load (${parts.rebuildRollups.reason})`;
      metrics.history_build_s = round(msSince(start) / 1000, 1);
      params.history_build_steps = JSON.stringify(steps);
      params.history_build_node_cpu_s = round(
        (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6,
        1,
      );
      await db.execute(sql`delete from seed_runs where name = ${MARKER}`);
      await db.execute(
        sql`insert into seed_runs (name, details) values (${MARKER}, ${JSON.stringify(size)}::jsonb)`,
      );
      say(`history built in ${metrics.history_build_s} s`);
    } else size.until = marker.details.until;
    params.until = size.until;
    const windowStart = addDays(size.until, -(WINDOW_DAYS - 1));
    const access = userAccess({
      id: '00000000-0000-4000-8000-000000000086',
      username: 'bench.dashboard',
      role: 'provincial_epidemiologist',
      jurisdiction: { level: 'province', code: PROVINCE },
    });

    // 1. Indicator reads for random unit × period queries.
    if (!parts.readIndicators.fn) skip('dashboard_p95_ms', parts.readIndicators.reason);
    else {
      const units = await queryRows<{ code: string; as_of: string }>(
        db,
        sql`select ${PROVINCE} as code, ${size.until} as as_of
            union all select code, ${size.until} from health_areas where province_code = ${PROVINCE}
            union all (select distinct new_code, ${size.until} from unit_changes where change_set = '2025-07' and old_province_code = '83')
            union all (select distinct old_district_code, '2025-06-30' from unit_changes where change_set = '2025-07' and old_province_code = '83')
            union all (select distinct old_code, '2025-06-30' from unit_changes where change_set = '2025-07' and old_province_code = '83')`,
      );
      const rng = createRng(20_220_323);
      const read = parts.readIndicators.fn;
      const times: number[] = [];
      for (let i = 0; i < queries + 10; i++) {
        const unit = i % 5 === 0 ? units[0]! : rng.pick(units);
        const days = rng.pick(PERIODS);
        const span = WINDOW_DAYS - days;
        const to = addDays(windowStart, days - 1 + rng.int(0, Math.max(0, span)));
        const start = performance.now();
        await read(db, access, {
          unitCode: unit.code,
          from: addDays(to, -(days - 1)),
          to,
          asOf: unit.as_of,
          disease: rng.pick(DISEASES),
        });
        if (i >= 10) times.push(msSince(start));
      }
      metrics.dashboard_p95_ms = round(percentile(times, 95), 1);
      metrics.dashboard_median_ms = round(median(times), 1);
      params.dashboard_units = units.length;
      say(`  readIndicators: p95 ${metrics.dashboard_p95_ms} ms, median ${metrics.dashboard_median_ms} ms`);

      // 1b. The dashboard's other indicator query: doses by dose kind × age band, same mix.
      const doseTimes: number[] = [];
      for (let i = 0; i < queries + 10; i++) {
        const unit = i % 5 === 0 ? units[0]! : rng.pick(units);
        const days = rng.pick(PERIODS);
        const span = WINDOW_DAYS - days;
        const to = addDays(windowStart, days - 1 + rng.int(0, Math.max(0, span)));
        const start = performance.now();
        const resolved = await resolveUnit(db, unit.code, unit.as_of);
        await dosesByAgeBand(db, access, resolved, {
          from: addDays(to, -(days - 1)),
          to,
          asOf: unit.as_of,
          disease: rng.pick(DISEASES),
        });
        if (i >= 10) doseTimes.push(msSince(start));
      }
      metrics.doses_by_age_p95_ms = round(percentile(doseTimes, 95), 1);
      metrics.doses_by_age_median_ms = round(median(doseTimes), 1);
      say(
        `  dosesByAgeBand: p95 ${metrics.doses_by_age_p95_ms} ms, median ${metrics.doses_by_age_median_ms} ms`,
      );
    }

    // 2. Levels of every commune for this week.
    if (!parts.computeLevels.fn) skip('levels_all_communes_ms', parts.computeLevels.reason);
    else {
      const compute = parts.computeLevels.fn;
      const week = mondayOf(size.until);
      const times: number[] = [];
      try {
        for (let i = 0; i < 4; i++) {
          const start = performance.now();
          await compute(db, { provinceCode: PROVINCE, week });
          if (i > 0) times.push(msSince(start));
        }
        metrics.levels_all_communes_ms = round(median(times), 1);
        say(`  computeLevels (${week}): median ${metrics.levels_all_communes_ms} ms`);
      } catch (e) {
        skip('levels_all_communes_ms', `computeLevels failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }

    // 3. The province's sitrep today (PDF + xlsx, stored).
    if (!parts.generateSitrep.fn) skip('sitrep_pdf_s', parts.generateSitrep.reason);
    else {
      const generate = parts.generateSitrep.fn;
      const times: number[] = [];
      try {
        for (let i = 0; i < 3; i++) {
          const start = performance.now();
          await generate(db, access, { unitCode: PROVINCE, day: size.until, lang: 'vi' });
          times.push(msSince(start) / 1000);
        }
        metrics.sitrep_pdf_s = round(median(times), 2);
        say(`  generateSitrep: median ${metrics.sitrep_pdf_s} s`);
      } catch (e) {
        skip('sitrep_pdf_s', `generateSitrep failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }

    // 4. A positive result until the open dashboard shows it.
    if (args.has('skip-browser')) skip('event_to_screen_ms', '--skip-browser');
    else {
      if (!args.has('skip-build')) {
        say('  building the web app …');
        execFileSync('npm', ['run', 'build', '-w', '@epilink/web'], { cwd: REPO_ROOT, stdio: 'ignore' });
      }
      const unavailable = screenUnavailable();
      if (unavailable) skip('event_to_screen_ms', unavailable);
      else {
        try {
          const times = await eventToScreen(database, config, {
            events,
            provinceCode: PROVINCE,
            disease: 'COVID-19',
          });
          metrics.event_to_screen_ms = round(percentile(times, 95), 0);
          metrics.event_to_screen_median_ms = round(median(times), 0);
          say(`  event to screen: p95 ${metrics.event_to_screen_ms} ms`);
        } catch (e) {
          skip('event_to_screen_ms', `failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }

    // 5. The rollups against the raw rows, after the load and the events.
    if (!parts.checkRollups.fn) skip('rollup_differences', parts.checkRollups.reason);
    else {
      const start = performance.now();
      const check = await parts.checkRollups.fn(db);
      metrics.rollup_differences = check.differences;
      metrics.rollup_check_s = round(msSince(start) / 1000, 1);
      say(`  rollup check: ${check.differences} differences (${metrics.rollup_check_s} s)`);
    }
  } finally {
    await database.close();
  }
  params.load_average_1min = round(loadavg()[0]!, 2);
  const path = writeResult({ name: 'dashboard', params, metrics });
  say(`wrote ${path}`);
});
