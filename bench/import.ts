/**
 * import: a dose register from xlsx, end to end on PostgreSQL — the real upload (format check,
 * the file read once, streamed: header, row count, mapping by header, the data rows staged in
 * chunks) then the real runner (rows read back from the staging table, validated, row keys claimed, people through record linkage,
 * the doses set-based through `recordDoses`, `--batch` rows (default 10,000) per transaction).
 * Besides the throughput, where the time goes (import-stages.ts): this process's CPU µs per row
 * by stage, the PostgreSQL backends' CPU µs per row, the database's wall µs per row by group.
 * The workbook (shared strings, as Excel writes them) is generated first, in a child process
 * (import-workbook.ts), and not timed.
 * `rows_per_s` = data rows / (upload + run seconds); `peak_rss_mb` = this process's peak RSS.
 *
 * `--sample S` (default 10; 0 = off): memory and rows committed every S seconds (import-memory.ts).
 *
 *   npm run bench -- import [--rows N] [--batch N] [--sample S] [--profile]
 */
import { rmSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance as nodePerformance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { spawnSync } from 'node:child_process';
import { userAccess } from '../packages/server/src/access/context.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import { startJob, uploadFile } from '../packages/server/src/imports/jobs.ts';
import { runImportJob } from '../packages/server/src/imports/runner.ts';
import { startMemorySampler } from './import-memory.ts';
import { COMMUNE, PRODUCT } from './import-workbook.ts';
import {
  backendCpu,
  backendCpuSince,
  countStatements,
  cpuMs,
  stagedReadCpu,
  validationCpu,
} from './import-stages.ts';
import {
  REPO_ROOT,
  benchDatabase,
  checkKnownArgs,
  numberArg,
  parseArgs,
  redactUrl,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';

const PROVINCE = '83';
const DISTRICT = '829';

runBench(async () => {
  const args = parseArgs();
  checkKnownArgs(args, ['rows', 'batch', 'profile', 'sample']);
  const rows = Math.floor(numberArg(args, 'rows', 1_000_000));
  const batchRows = Math.floor(numberArg(args, 'batch', 10_000));
  const sampleSeconds = numberArg(args, 'sample', 10);
  const path = join(tmpdir(), `epilink-bench-import-${process.pid}.xlsx`);
  say(`writing ${rows} dose rows to ${path} (not timed)`);
  // In a child process: exceljs's writer keeps every shared string (1,164 MB of peak RSS for
  // 1,000,000 rows), which would otherwise be this process's peak, not the import's.
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const made = spawnSync(tsx, [join(REPO_ROOT, 'bench', 'import-workbook.ts'), path, String(rows)], {
    stdio: 'inherit',
  });
  if (made.status !== 0) throw new Error('the workbook could not be written');
  // Held for the upload only (the server lets go of a request's body once it is answered); read
  // again for the parse sample after the timed part.
  let bytes: Buffer | null = readFileSync(path);
  const fileMib = round(bytes.length / 1024 / 1024, 1);
  say(`file ${fileMib} MiB`);

  const target = await benchDatabase('import', { fresh: true });
  say(`database ${redactUrl(target.url)} (dropped and recreated)`);
  const config = loadConfig({
    DEMO: 'false',
    DATABASE_URL: target.url,
    LOG_LEVEL: 'silent',
    PROVINCE_CODE: PROVINCE,
  });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 2 });
  const statements = countStatements(database.pool!);
  const state = { phase: 'prepare', jobId: null as string | null };
  const sampler = sampleSeconds > 0 ? await startMemorySampler(target.url, sampleSeconds, state) : null;
  try {
    await prepareDatabase(database, config);
    const { db } = database;
    const [officer] = await queryRows<{ id: string }>(
      db,
      sql`with f as (insert into facilities (kind, name, unit_code, district_code, province_code)
            values ('commune_health_station', 'Trạm Y tế', ${COMMUNE}, ${DISTRICT}, ${PROVINCE}) returning id),
          l as (insert into vaccine_lots (product_code, lot_number, expiry_date)
            values (${PRODUCT}, 'BENCH-1', '2030-12-31') returning id),
          s as (insert into vaccine_stock (lot_id, facility_id, quantity) select l.id, f.id, ${rows} from l, f)
          select gen_random_uuid()::text as id`,
    );
    const access = userAccess({
      id: officer!.id,
      username: 'bench.officer',
      role: 'commune_officer',
      jurisdiction: { level: 'commune', code: COMMUNE },
    });
    const origin = { ip: null };
    const load1 = loadavg()[0]!;
    const cpu0 = process.cpuUsage();
    const pg0 = await backendCpu(db);
    const t0 = performance.now();
    const elu0 = nodePerformance.eventLoopUtilization();
    state.phase = 'upload';
    const upload = bytes;
    const { job } = await db.transaction((tx) =>
      uploadFile(
        tx,
        access,
        origin,
        { kind: 'doses', source: 'bench', fileName: 'doses.xlsx', bytes: upload },
        'vi',
      ),
    );
    bytes = null;
    // The server thread's busy time during the upload (the parse may run in a worker thread).
    const uploadMainMs = nodePerformance.eventLoopUtilization(elu0).active;
    const uploadSeconds = (performance.now() - t0) / 1000;
    const uploadCpuMs = cpuMs() - cpu0.user / 1000 - cpu0.system / 1000;
    say(`upload (scan ${job.totalRows} rows): ${round(uploadSeconds, 1)} s`);
    // Not timed: CPU of reading staged rows back, on a sample (taken out of node_cpu_s).
    const staged = await stagedReadCpu(db, job, Math.min(rows, 20_000));
    await db.transaction((tx) => startJob(tx, access, origin, job.id));
    state.phase = 'run';
    state.jobId = job.id;
    const t1 = performance.now();
    const runCpu0 = cpuMs();
    statements.reset();
    const end = await runImportJob(database, job.id, { batchRows, deps: { config, database } });
    const runSeconds = (performance.now() - t1) / 1000;
    const runCpuMs = cpuMs() - runCpu0;
    const pgCpuMs = backendCpuSince(pg0, await backendCpu(db));
    const runStatements = statements.total();
    const batches = Math.ceil(rows / batchRows);
    if (args.has('profile')) statements.print(rows);
    const [counts] = await queryRows<{ doses: number; people: number; errors: number }>(
      db,
      sql`select (select count(*)::int from vaccination_doses) as doses,
                 (select count(*)::int from persons) as people,
                 (select count(*)::int from import_row_errors) as errors`,
    );
    const seconds = uploadSeconds + runSeconds;
    // This process's CPU seconds (parse, validation, linkage, statements built): unlike wall time,
    // hardly changed by the other processes sharing the cores.
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6 - staged.ms / 1000;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    state.phase = 'after';
    // Stages of this process's CPU (after the timed part: not in rows_per_s). The xlsx parse and
    // validation on a sample; the upload = one parse + staging; the run = staged rows read back +
    // validation + linkage and the statements built (the run's CPU less the other two).
    const sample = await validationCpu(db, job, readFileSync(path), Math.min(rows, 20_000));
    const perRow = (ms: number) => round((ms * 1000) / rows, 0);
    const stages = {
      upload_scan_cpu_us_per_row: perRow(uploadCpuMs),
      upload_main_thread_busy_us_per_row: perRow(uploadMainMs),
      xlsx_parse_cpu_us_per_row: sample.readUs,
      staged_read_cpu_us_per_row: staged.us,
      validate_cpu_us_per_row: sample.validateUs,
      run_cpu_us_per_row: perRow(runCpuMs),
      link_and_store_cpu_us_per_row: round(perRow(runCpuMs) - staged.us - sample.validateUs, 0),
      pg_backend_cpu_us_per_row: perRow(pgCpuMs),
      ...statements.groups(rows),
    };
    say(`stages: ${JSON.stringify(stages)}`);
    say(
      `run ${end}: ${round(runSeconds, 1)} s, ${runStatements} statements in ${batches} batches; doses ${counts!.doses}, people ${counts!.people}, errors ${counts!.errors}`,
    );
    say(
      `rows/s ${round(rows / seconds, 0)}; node CPU ${round(cpuSeconds, 1)} s; peak RSS ${round(peakRssMb, 0)} MB; load ${loadavg()
        .map((l) => round(l, 1))
        .join(' ')}`,
    );
    writeResult({
      name: 'import',
      params: {
        rows,
        batch_rows: batchRows,
        kind: 'doses',
        database: 'postgres',
        load_at_start: round(load1, 1),
      },
      metrics: {
        rows_per_s: round(rows / seconds, 0),
        upload_s: round(uploadSeconds, 1),
        run_s: round(runSeconds, 1),
        doses_stored: counts!.doses,
        node_cpu_s: round(cpuSeconds, 1),
        node_cpu_us_per_row: round((cpuSeconds * 1e6) / rows, 0),
        statements_per_batch: round(runStatements / batches, 1),
        peak_rss_mb: round(peakRssMb, 0),
        ...stages,
        file_mib: fileMib,
        load_1m: round(loadavg()[0]!, 1),
      },
    });
  } finally {
    rmSync(path, { force: true });
    await sampler?.stop();
    await database.close();
  }
});
