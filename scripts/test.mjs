#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it.
//   1. type-check every package, lint (type-aware), formatting
//   2. unit tests (pure packages, web components)
//   3. database tests on the embedded PGlite
//   4. the same database tests on PostgreSQL (TEST_DATABASE_URL, default the local server's `test` db)
//   5. browser tests in real Chromium against a real server (built web app), beside step 4
// Ends with the plain totals line "N passed, N failed".
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const only = process.argv.slice(2); // e.g. `npm test -- unit db-pglite`

let passed = 0;
let failed = 0;
const started = Date.now();
/** Seconds since the run started (each step says when it began and how long it took: CI's budget). */
const at = () => Math.round((Date.now() - started) / 1000);
const problems = [];

/** Run a command with its output shown as it goes (asynchronously: another run may go on beside it). */
function run(title, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${title} (from ${at()} s)\n`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => resolve(code === 0));
  });
}

/** Run a command with its output kept, printed by the caller when it ends (checks run two at a time). */
function runCaptured(cmd, args, env = {}) {
  const from = at();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) =>
      resolve({ ok: code === 0, output: `(from ${from} s to ${at()} s)\n${output}` }),
    );
  });
}

/**
 * One vitest project run with its JSON report counted. `captured`: its output is kept and printed
 * when it ends (for a run beside another one, so the two logs do not interleave).
 */
async function vitest(title, project, env, { captured = false } = {}) {
  const out = join(tmp, `results-${title.replace(/\W+/g, '-')}.json`);
  rmSync(out, { force: true });
  const args = [
    'vitest',
    'run',
    ...[project].flat().flatMap((name) => ['--project', name]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ];
  let ok;
  if (captured) {
    const result = await runCaptured('npx', args, env);
    process.stdout.write(`\n=== ${title}\n${result.output}`);
    ok = result.ok;
  } else ok = await run(title, 'npx', args, env);
  process.stdout.write(`--- ${title} ended at ${at()} s\n`);
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    if (report.numTotalTests === 0) {
      failed += 1;
      problems.push(`${title}: no tests ran`);
    }
  }
  if (!ok) problems.push(title);
  if (!ok && !existsSync(out)) failed += 1;
}

const want = (name) => only.length === 0 || only.includes(name);

if (want('static')) {
  // Each check is one single-threaded process: two at a time keep both cores busy.
  // Type-check and type-aware lint share their TypeScript programs (scripts/check-and-lint.mjs):
  // each program is built and checked once, then ESLint lints with it, its type queries answered
  // from the checker's caches (tsc and eslint as separate processes built and checked every
  // program twice: the whole step 509 CPU-s that way, 382 this way, side by side on 4 Dec 2026).
  // server, core, demo, the benchmarks and the scripts share one program (tsconfig.check.json):
  // they import each other's sources, and one program checks each file once. The web app and dcc
  // (DOM) have their own programs, in the other process (dcc's first: dcc files lint under it).
  const checkAndLint = (title, projects, lint, ignore = []) => [
    title,
    'node',
    ['scripts/check-and-lint.mjs', '--project', ...projects, '--lint', ...lint, '--ignore', ...ignore],
  ];
  const checks = [
    checkAndLint(
      'typecheck + lint server, core, demo, bench, scripts',
      ['tsconfig.check.json'],
      ['.'],
      ['packages/web/**', 'packages/dcc/**'],
    ),
    checkAndLint(
      'typecheck + lint web, dcc',
      ['packages/dcc/tsconfig.json', 'packages/web/tsconfig.json'],
      ['packages/web', 'packages/dcc'],
    ),
    ['format', 'npx', ['prettier', '--check', '--log-level=warn', '.']],
  ];
  const slot = async () => {
    for (let c = checks.shift(); c; c = checks.shift()) {
      const [title, cmd, args] = c;
      const { ok, output } = await runCaptured(cmd, args);
      process.stdout.write(`\n=== ${title}\n${output}`);
      if (!ok) {
        failed += 1;
        problems.push(title);
      }
    }
  };
  await Promise.all([slot(), slot()]);
}
if (want('unit')) await vitest('unit', ['unit', 'web'], {});
if (want('db-pglite')) await vitest('db on PGlite', 'db', { DATABASE_URL: '' });
// The browser project leaves about a third of the two cores idle (the server waits for Chromium
// and Chromium for the server), so it runs beside the PostgreSQL run, whose database server
// process also waits on I/O; its log is printed when it ends.
const browser = want('e2e')
  ? (async () => {
      const build = await runCaptured('npm', ['run', 'build', '-w', '@epilink/web']);
      if (!build.ok) {
        process.stdout.write(`\n=== build web\n${build.output}`);
        failed += 1;
        problems.push('build web');
        return;
      }
      await vitest('browser (Chromium)', 'e2e', { DATABASE_URL: '' }, { captured: true });
    })()
  : Promise.resolve();
if (want('db-postgres')) await vitest('db on PostgreSQL', 'db', { DATABASE_URL: pgUrl });
await browser;

if (problems.length > 0) process.stdout.write(`\nFailed steps: ${problems.join('; ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
