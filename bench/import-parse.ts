/**
 * import-parse: the upload's parse of the import bench's dose register (import-workbook.ts, in a
 * child process, not timed), on the server's thread (scanFile inline, chunks stringified as
 * staging does) and in a worker thread (parse-thread.ts), alternated A B B A… The staged chunks
 * go nowhere (no database): what is compared is the server thread's busy time per row (event
 * loop utilisation), the process's CPU per row (both threads), the wall time, and this
 * process's RSS after each parse.
 *
 *   npm run bench -- import-parse [--rows N] [--rounds N]
 */
import { readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance as nodePerformance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { PARSE_THREAD_MIN_BYTES, scanInThread } from '../packages/server/src/imports/parse-thread.ts';
import { STAGE_CHUNK_ROWS } from '../packages/server/src/imports/staging.ts';
import { scanFile } from '../packages/server/src/imports/scan.ts';
import { REPO_ROOT, checkKnownArgs, numberArg, parseArgs, round, runBench, say, writeResult } from './lib.ts';

runBench(async () => {
  const args = parseArgs();
  checkKnownArgs(args, ['rows', 'rounds']);
  const rows = Math.floor(numberArg(args, 'rows', 100_000));
  const rounds = Math.floor(numberArg(args, 'rounds', 2));
  const path = join(tmpdir(), `epilink-bench-import-parse-${process.pid}.xlsx`);
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const made = spawnSync(tsx, [join(REPO_ROOT, 'bench', 'import-workbook.ts'), path, String(rows)], {
    stdio: 'inherit',
  });
  if (made.status !== 0) throw new Error('the workbook could not be written');
  const bytes = readFileSync(path);
  rmSync(path);
  say(`file ${round(bytes.length / 1024 / 1024, 1)} MiB (worker from ${PARSE_THREAD_MIN_BYTES} bytes)`);

  // As staging.ts does on the server's thread: rows gathered into chunks, each stringified.
  const inline = async () => {
    let chunk: unknown[] = [];
    let text = 0;
    const scan = await scanFile(bytes, 'xlsx', 'doses', 'vi', (row) => {
      chunk.push([row.rowNumber, row.cells]);
      if (chunk.length >= STAGE_CHUNK_ROWS) {
        text += JSON.stringify(chunk).length;
        chunk = [];
      }
    });
    text += JSON.stringify(chunk).length;
    if (text === 0) throw new Error('nothing staged');
    return scan.totalRows;
  };
  const threaded = async () => {
    const scan = await scanInThread(
      { bytes, format: 'xlsx', kind: 'doses', lang: 'vi', chunkRows: STAGE_CHUNK_ROWS },
      () => Promise.resolve(),
    );
    say(`  worker heap at its last chunk: ${scan.peakHeapMb} MB`);
    return scan.totalRows;
  };
  const results: Record<string, number>[] = [];
  const order = Array.from({ length: rounds }, (_, i) =>
    i % 2 === 0 ? ['inline', 'worker'] : ['worker', 'inline'],
  ).flat();
  for (const way of order) {
    const load = loadavg()[0]!;
    const cpu0 = process.cpuUsage();
    const elu0 = nodePerformance.eventLoopUtilization();
    const t0 = performance.now();
    const n = await (way === 'inline' ? inline() : threaded());
    const wall = performance.now() - t0;
    const busy = nodePerformance.eventLoopUtilization(elu0).active;
    const cpu = process.cpuUsage(cpu0);
    const r = {
      worker: way === 'worker' ? 1 : 0,
      rows: n,
      wall_s: round(wall / 1000, 1),
      main_thread_busy_us_per_row: round((busy * 1000) / n, 1),
      process_cpu_us_per_row: round((cpu.user + cpu.system) / n, 1),
      rss_mb_after: round(process.memoryUsage().rss / 1024 / 1024, 0),
      load_1m: round(load, 1),
    };
    results.push(r);
    say(`${way}: ${JSON.stringify(r)}`);
  }
  const median = (worker: number, key: string) => {
    const xs = results
      .filter((r) => r.worker === worker)
      .map((r) => r[key]!)
      .sort((a, b) => a - b);
    return xs[Math.floor((xs.length - 1) / 2)]!;
  };
  const metrics: Record<string, number> = {};
  for (const [way, worker] of [
    ['inline', 0],
    ['worker', 1],
  ] as const)
    for (const key of ['wall_s', 'main_thread_busy_us_per_row', 'process_cpu_us_per_row', 'rss_mb_after'])
      metrics[`${way}_${key}`] = median(worker, key);
  say(`medians: ${JSON.stringify(metrics)}`);
  writeResult({ name: 'import-parse', params: { rows, rounds }, metrics });
});
