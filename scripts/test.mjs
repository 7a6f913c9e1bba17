#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it.
//   1. type-check every package, lint (type-aware), formatting
//   2. unit tests (pure packages, web components)
//   3. database tests on the embedded PGlite
//   4. the same database tests on PostgreSQL (TEST_DATABASE_URL, default the local server's `test` db)
//   5. browser tests in real Chromium against a real server
// Ends with the plain totals line "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
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

/** Run a command with its output kept, printed by the caller when it ends (checks run two at a time). */
function runCaptured(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ ok: code === 0, output }));
  });
}

function check(title, cmd, args) {
  if (!run(title, cmd, args)) {
    failed += 1;
    problems.push(title);
  }
}

function vitest(title, project, env) {
  const out = join(tmp, `results-${title.replace(/\W+/g, '-')}.json`);
  rmSync(out, { force: true });
  const ok = run(
    title,
    'npx',
    [
      'vitest',
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
    ],
    env,
  );
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
  const checks = [
    // Lint (type-aware) is the longest check: the server in one process, the rest in another,
    // so both cores lint at once (each process builds only its own packages' programs).
    ['lint server', 'npx', ['eslint', '--max-warnings=0', 'packages/server']],
    ['lint the rest', 'npx', ['eslint', '--max-warnings=0', '--ignore-pattern', 'packages/server/**', '.']],
    // server, core, demo, the benchmarks and the scripts share one program (tsconfig.check.json):
    // they import each other's sources, and one program checks each file once (~160 s of CPU as
    // four programs, ~70 s as one). The web app and dcc (DOM) are checked on their own.
    ['typecheck server, core, demo, bench, scripts', 'npx', ['tsc', '-p', 'tsconfig.check.json']],
    ...['web', 'dcc'].map((pkg) => [
      `typecheck ${pkg}`,
      'npx',
      ['tsc', '-p', `packages/${pkg}/tsconfig.json`],
    ]),
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
if (want('unit')) vitest('unit', 'unit', {});
if (want('db-pglite')) vitest('db on PGlite', 'db', { DATABASE_URL: '' });
if (want('db-postgres')) vitest('db on PostgreSQL', 'db', { DATABASE_URL: pgUrl });
if (want('e2e')) {
  check('build web', 'npm', ['run', 'build', '-w', '@epilink/web']);
  vitest('browser (Chromium)', 'e2e', { DATABASE_URL: '' });
}

if (problems.length > 0) process.stdout.write(`\nFailed steps: ${problems.join('; ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
