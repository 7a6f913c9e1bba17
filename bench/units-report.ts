/**
 * units-report: the weekly confirmed-case count by commune over two years (1/7/2024 – 30/6/2026),
 * re-aggregated into the 2025-07 communes through the reform's change table, over the new Vĩnh Long's
 * old Bến Tre territory: 1.3 M people in the 48 new communes and 200,000 cases, half recorded before
 * the reform in the old communes of their date, half after in the new ones. PostgreSQL; the report
 * runs through the data layer (weeklyCasesByCommune) as a province official, scoping included.
 *
 *   npm run bench -- units-report [--people 1300000] [--cases 200000] [--runs 15] [--reload]
 *
 * The database `epilink_bench_units_report` is kept between runs (reloaded when the counts differ
 * or with --reload). Target: median report_ms ≤ 500.
 */
import { sql } from 'drizzle-orm';
import { userAccess } from '../packages/server/src/access/context.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import { loadUnitDataset } from '../packages/server/src/registry/units/load.ts';
import { weeklyCasesByCommune } from '../packages/server/src/registry/units/report.ts';
import {
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

const TARGET_MS = 500;

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, ['people', 'cases', 'runs', 'reload']);
  const people = numberArg(args, 'people', 1_300_000);
  const caseCount = numberArg(args, 'cases', 200_000);
  const runs = numberArg(args, 'runs', 15);
  const target = await benchDatabase('units_report', { fresh: args.has('reload') });
  say(`units-report on ${redactUrl(target.url)}`);
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
  try {
    await prepareDatabase(
      database,
      loadConfig({
        DEMO: 'false',
        DATABASE_URL: target.url,
        LOG_LEVEL: 'silent',
        PROVINCE_CODE: '86',
        UNIT_LISTS: '2021-11,2025-03,2025-07',
      }),
    );
    const { db } = database;
    // The reform's list and change table (whatever UNIT_LISTS the bootstrap applied).
    await db.transaction((tx) => loadUnitDataset(tx, '2025-07'));
    const count = async (table: string) =>
      (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!.n;
    if ((await count('persons')) !== people || (await count('cases')) !== caseCount) {
      const start = performance.now();
      await db.execute(sql`truncate cases, persons cascade`);
      // People live in the 48 new communes that were old Bến Tre.
      await db.execute(sql`
        insert into persons (full_name, name_key, province_code, commune_code, source)
        select 'Người ' || g, 'nguoi ' || g, '86', c.codes[1 + g % array_length(c.codes, 1)], 'bench'
        from generate_series(1, ${people}) g,
             (select array_agg(distinct new_code order by new_code) as codes from unit_changes
              where change_set = '2025-07' and old_province_code = '83') c`);
      // Cases over two years; before 1/7/2025 in an old commune that went into the person's commune.
      await db.execute(sql`
        with picked as (
          select p.id, p.commune_code, date '2024-07-01' + (g % 730) as d
          from generate_series(1, ${caseCount}) g
          join persons p on p.full_name = 'Người ' || (1 + (g * 7919) % ${people}))
        insert into cases (person_id, disease_code, classification, sample_date, status, province_code, district_code, commune_code)
        select x.id, 'COVID-19', 'confirmed', x.d, 'closed',
               case when x.d < date '2025-07-01' then '83' else '86' end,
               case when x.d < date '2025-07-01' then o.old_district_code end,
               case when x.d < date '2025-07-01' then o.old_code else x.commune_code end
        from picked x
        join lateral (select old_code, old_district_code from unit_changes
                      where change_set = '2025-07' and new_code = x.commune_code and old_province_code = '83'
                      order by old_code limit 1) o on true`);
      await db.execute(sql`analyze persons`);
      await db.execute(sql`analyze cases`);
      say(`loaded ${people} people and ${caseCount} cases in ${round(msSince(start) / 1000, 1)} s`);
    }
    const access = userAccess({
      id: '00000000-0000-4000-8000-000000000086',
      username: 'bench.units',
      role: 'provincial_epidemiologist',
      jurisdiction: { level: 'province', code: '86' },
    });
    const options = { from: '2024-07-01', to: '2026-06-30', unitsAsOf: '2025-07-01', disease: 'COVID-19' };
    let cells = 0;
    let total = 0;
    const times: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const start = performance.now();
      const report = await weeklyCasesByCommune(db, access, options);
      const ms = msSince(start);
      if (i >= 2) times.push(ms);
      cells = report.cells.length;
      total = report.cells.reduce((s, c) => s + c.cases, 0);
    }
    const result = {
      report_ms: round(median(times)),
      report_p95_ms: round(percentile(times, 95)),
      cells,
      cases_placed: round(total),
    };
    say(
      `weekly cases by commune, 2 years in 2025-07 units: median ${result.report_ms} ms, p95 ${result.report_p95_ms} ms`,
    );
    say(
      `${cells} week × commune cells, ${result.cases_placed} of ${caseCount} cases placed (target ≤ ${TARGET_MS} ms)`,
    );
    const path = writeResult({
      name: 'units-report',
      params: { people, cases: caseCount, runs, unitsAsOf: options.unitsAsOf, target_ms: TARGET_MS },
      metrics: result,
    });
    say(`wrote ${path}`);
    if (result.report_ms > TARGET_MS) throw new Error(`report_ms ${result.report_ms} > ${TARGET_MS}`);
  } finally {
    await database.close();
  }
}

runBench(main);
