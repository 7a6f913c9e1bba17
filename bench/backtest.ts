/**
 * backtest: the demo's backtest (issue #14 item 6). A new demo database on the embedded PGlite
 * (the default demo's scale, or --scale), whose first start backfills weekly forecasts over the
 * last 8 weeks (the province's); reports what the backfill cost, then scores the stored forecasts
 * of every unit that has some per horizon (mean WIS, 50/90 % coverage). Also measures the daily
 * worker's run (`storeForecasts` for today: the province, districts, areas and the communes with
 * cases) as `daily_store_s`. With --all-units the 8 weekly backfills cover every unit the worker
 * stores (not only the province), so the scores exist by unit.
 *
 *   npm run bench -- backtest [--scale 0.01] [--all-units]
 */
import { loadavg } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { systemAccess } from '../packages/server/src/access/context.ts';
import { backtestUnit } from '../packages/server/src/analytics/forecasts/backtest.ts';
import {
  DEMO_BACKFILL_WEEKS,
  backfillDemoForecasts,
  backfillForecasts,
  forecastUnits,
  storeForecasts,
} from '../packages/server/src/analytics/forecasts/store.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { PGLITE_EXTENSIONS, queryRows, wrapPglite } from '../packages/server/src/db/client.ts';
import { checkKnownArgs, msSince, numberArg, parseArgs, round, runBench, say, writeResult } from './lib.ts';

runBench(async () => {
  const args = parseArgs();
  checkKnownArgs(args, ['scale', 'all-units']);
  const allUnits = args.has('all-units');
  const scale = numberArg(args, 'scale', 0.01);
  const database = wrapPglite(await PGlite.create({ extensions: PGLITE_EXTENSIONS }));
  const config = loadConfig({ DEMO: 'true', DEMO_SCALE: String(scale), LOG_LEVEL: 'silent' });
  let start = performance.now();
  await prepareDatabase(database, config);
  const firstStartS = msSince(start) / 1000;
  // The backfill's own cost: stored again from scratch.
  await database.db.execute(sql`delete from analytics_forecasts`);
  const cpu = process.cpuUsage();
  start = performance.now();
  const lastWeek = addDays(today(), -7);
  const backfill = allUnits
    ? await backfillForecasts(database, config.provinceCode, {
        from: addDays(lastWeek, -7 * (DEMO_BACKFILL_WEEKS - 1)),
        to: lastWeek,
        stepDays: 7,
      })
    : await backfillDemoForecasts(database, config.provinceCode);
  const backfillS = msSince(start) / 1000;
  const used = process.cpuUsage(cpu);
  say(
    `first start (demo scale ${scale}, PGlite) ${round(firstStartS, 1)} s, of which the forecast backfill ${round(backfillS, 2)} s ` +
      `(${round((used.user + used.system) / 1e6, 2)} CPU-s): ${backfill.forecasts} forecasts, ${backfill.stored} rows`,
  );
  // The daily worker's run: today's forecasts of every unit it stores.
  const dailyCpu = process.cpuUsage();
  const daily = await storeForecasts(database, config.provinceCode, [today()]);
  const dailyUsed = process.cpuUsage(dailyCpu);
  say(
    `daily store: ${daily.forecasts} forecasts (unit × disease), ${daily.stored} rows in ${round(daily.ms / 1000, 2)} s ` +
      `(${round((dailyUsed.user + dailyUsed.system) / 1e6, 2)} CPU-s)`,
  );
  const diseases = await queryRows<{ d: string }>(
    database.db,
    sql`select distinct disease_code as d from analytics_forecasts order by 1`,
  );
  const access = systemAccess('bench');
  const to = today();
  const metrics: Record<string, number> = {
    first_start_s: round(firstStartS, 2),
    backfill_s: round(backfillS, 2),
    forecasts: backfill.forecasts,
    daily_store_s: round(daily.ms / 1000, 2),
    daily_store_forecasts: daily.forecasts,
  };
  for (const { d: disease } of diseases) {
    for (const unitCode of await forecastUnits(database.db, config.provinceCode, to)) {
      const b = await backtestUnit(database.db, access, { unitCode, disease, from: addDays(to, -70), to });
      if (b.overall.count === 0) continue;
      if (b.unit.level === 'commune')
        metrics[`${disease}_communes_scored`] = (metrics[`${disease}_communes_scored`] ?? 0) + 1;
      const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);
      say(
        `${disease} ${b.unit.level} ${b.unit.code} ${b.unit.name}: ${b.overall.count} scored, WIS ${round(b.overall.wis ?? NaN, 2)}, ` +
          `cover 50 % ${pct(b.overall.coverage50)}, 90 % ${pct(b.overall.coverage90)}`,
      );
      if (b.unit.level === 'province') {
        say('  horizon  n   WIS    cov50  cov90');
        for (const h of b.byHorizon) {
          say(
            `  ${String(h.horizon).padStart(7)} ${String(h.count).padStart(2)} ${String(round(h.wis ?? NaN, 2)).padStart(6)} ${pct(h.coverage50).padStart(6)} ${pct(h.coverage90).padStart(6)}`,
          );
        }
        metrics[`${disease}_province_wis`] = round(b.overall.wis ?? NaN, 3);
        metrics[`${disease}_province_coverage50`] = round(b.overall.coverage50 ?? NaN, 3);
        metrics[`${disease}_province_coverage90`] = round(b.overall.coverage90 ?? NaN, 3);
      }
    }
  }
  await database.close();
  say(
    `wrote ${writeResult({
      name: 'backtest',
      params: {
        scale,
        weeks: 8,
        allUnits,
        load: loadavg()
          .map((l) => round(l, 2))
          .join(' '),
      },
      metrics,
    })}`,
  );
});
