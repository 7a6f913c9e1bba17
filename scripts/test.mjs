#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it.
//   1. type-check every package, lint (type-aware), formatting
//   2. unit tests (pure packages, web components)
//   3. database tests on the embedded PGlite
//   4. the same database tests on PostgreSQL (TEST_DATABASE_URL, default the local server's `test` db)
//   5. browser tests in real Chromium against a real server
// Ends with the plain totals line "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const only = process.argv.slice(2); // e.g. `npm test -- unit db-pglite`

let passed = 0;
let failed = 0;
const problems = [];

function run(title, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${title}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(title, cmd, args) {
  if (!run(title, cmd, args)) {
    failed += 1;
    problems.push(title);
  }
}

function vitestArgs(title, project) {
  const out = join(tmp, `results-${title.replace(/\W+/g, '-')}.json`);
  rmSync(out, { force: true });
  return {
    out,
    args: [
      'vitest',
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
    ],
  };
}

function count(title, ok, out) {
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

function vitest(title, project, env) {
  const { out, args } = vitestArgs(title, project);
  count(title, run(title, 'npx', args, env), out);
}

/**
 * A vitest project in the background, its output kept in a file and printed when it ends: the
 * PostgreSQL suite and the browser suite spend much of their time waiting (on the server, on
 * Chromium), so on a two-core machine they share it well.
 */
function vitestInBackground(title, project, env) {
  const { out, args } = vitestArgs(title, project);
  const logPath = join(tmp, `log-${title.replace(/\W+/g, '-')}.txt`);
  const log = openSync(logPath, 'w');
  const child = spawn('npx', args, {
    cwd: root,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      closeSync(log);
      process.stdout.write(`\n=== ${title}\n${readFileSync(logPath, 'utf8')}`);
      count(title, code === 0, out);
      resolve();
    });
  });
}

const want = (name) => only.length === 0 || only.includes(name);

if (want('static')) {
  for (const pkg of ['core', 'demo', 'dcc', 'server', 'web'])
    check(`typecheck ${pkg}`, 'npx', ['tsc', '-p', `packages/${pkg}/tsconfig.json`]);
  if (existsSync(join(root, 'bench/tsconfig.json')))
    check('typecheck bench', 'npx', ['tsc', '-p', 'bench/tsconfig.json']);
  check('lint', 'npx', ['eslint', '--max-warnings=0', '.']);
  check('format', 'npx', ['prettier', '--check', '--log-level=warn', '.']);
}
if (want('unit')) vitest('unit', 'unit', {});
if (want('db-pglite')) vitest('db on PGlite', 'db', { DATABASE_URL: '' });
// The PostgreSQL and browser suites run side by side (see vitestInBackground).
const background = [];
if (want('e2e')) check('build web', 'npm', ['run', 'build', '-w', '@epilink/web']);
if (want('db-postgres'))
  background.push(vitestInBackground('db on PostgreSQL', 'db', { DATABASE_URL: pgUrl }));
if (want('e2e')) background.push(vitestInBackground('browser (Chromium)', 'e2e', { DATABASE_URL: '' }));
await Promise.all(background);

if (problems.length > 0) process.stdout.write(`\nFailed steps: ${problems.join('; ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
