/**
 * first-start: a fresh clone's start on the embedded database until the demo province is
 * browsable (install time excluded). Spawns the real start command with an empty DATA_DIR, signs
 * in as the demo admin and waits until units show people and a name search answers.
 *
 *   npm run bench -- first-start [--runs N] [--timeout S]
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkKnownArgs,
  freePort,
  HttpSession,
  median,
  numberArg,
  parseArgs,
  REPO_ROOT,
  round,
  runBench,
  say,
  sleep,
  writeResult,
} from './lib.ts';

const TARGET_S = 60;
const POLL_MS = 100;

interface RunTimes {
  healthzS: number;
  browsableS: number;
  command: string;
  /** The start command built the web app (a fresh clone has no packages/web/dist). */
  builtWeb: boolean;
}

function startCommand(): { command: string; args: string[]; label: string } {
  if (existsSync(join(REPO_ROOT, 'scripts', 'start.mjs')))
    return { command: process.execPath, args: ['scripts/start.mjs'], label: 'node scripts/start.mjs' };
  return {
    command: join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
    args: ['packages/server/src/main.ts'],
    label: 'tsx packages/server/src/main.ts',
  };
}

/** SIGTERM the server's process group, SIGKILL after 10 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => {
    signalGroup('SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timer);
  signalGroup('SIGKILL'); // any grandchild left behind in the group
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

async function oneRun(timeoutS: number): Promise<RunTimes> {
  const dataDir = mkdtempSync(join(tmpdir(), 'epilink-first-start-'));
  const port = await freePort();
  const { command, args, label } = startCommand();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: join(dataDir, 'data'),
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  // The embedded database: no DATABASE_URL, demo on by default.
  delete env.DATABASE_URL;
  delete env.DEMO;
  delete env.DEMO_SCALE;
  let output = '';
  const start = performance.now();
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const elapsedS = () => (performance.now() - start) / 1000;
  const base = `http://127.0.0.1:${port}`;
  const session = new HttpSession(base);
  try {
    const deadline = () => {
      if (child.exitCode !== null)
        throw new Error(`server exited with code ${child.exitCode}:\n${output.slice(-3000)}`);
      if (elapsedS() > timeoutS)
        throw new Error(`not browsable after ${timeoutS} s:\n${output.slice(-3000)}`);
    };
    // Once the server listens, a 5xx is a bug, not "not ready yet": stop at once with its answer.
    const noServerError = (what: string, r: { status: number; body: unknown }) => {
      if (r.status >= 500)
        throw new Error(
          `${what} answered HTTP ${r.status} ${JSON.stringify(r.body)}\n${output.slice(-3000)}`,
        );
    };
    // 1. /healthz answers ok.
    for (;;) {
      deadline();
      const ok = await session.get('/healthz').then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await sleep(POLL_MS);
    }
    const healthzS = elapsedS();
    // 2. The demo admin signs in (a province-level admin enrols a second factor first, via the API).
    for (;;) {
      deadline();
      const r = await session.get('/api/meta');
      noServerError('GET /api/meta', r);
      if (r.status === 200) break;
      await sleep(POLL_MS);
    }
    await session.login('admin', 'epilink-demo');
    // 3. The province shows people, and a name search finds some.
    for (;;) {
      deadline();
      const units = await session.get('/api/units');
      noServerError('GET /api/units', units);
      const unit = isRecord(units.body) && isRecord(units.body.unit) ? units.body.unit : null;
      if (units.status === 200 && unit && typeof unit.personCount === 'number' && unit.personCount > 0) {
        const found = await session.post('/api/persons/search', { q: 'nguyen' });
        noServerError('POST /api/persons/search', found);
        if (
          found.status === 200 &&
          isRecord(found.body) &&
          Array.isArray(found.body.items) &&
          found.body.items.length > 0
        )
          break;
      }
      await sleep(POLL_MS);
    }
    return {
      healthzS,
      browsableS: elapsedS(),
      command: label,
      builtWeb: output.includes('Building the web app'),
    };
  } finally {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, ['runs', 'timeout']);
  const runs = Math.max(1, Math.floor(numberArg(args, 'runs', 1)));
  const timeoutS = numberArg(args, 'timeout', 600);
  const times: RunTimes[] = [];
  for (let i = 0; i < runs; i++) {
    const t = await oneRun(timeoutS);
    times.push(t);
    say(
      `run ${i + 1}/${runs} (${t.command}): /healthz ok at ${t.healthzS.toFixed(1)} s, browsable at ${t.browsableS.toFixed(1)} s${t.builtWeb ? ' (web app built during start)' : ' (web app already built, not rebuilt)'}`,
    );
  }
  const firstStart = median(times.map((t) => t.browsableS));
  const path = writeResult({
    name: 'first-start',
    params: { runs, command: times[0]!.command, database: 'pglite' },
    metrics: { first_start_s: round(firstStart, 2) },
  });
  say(
    `first_start_s = ${firstStart.toFixed(1)} s (median of ${runs}; target ≤ ${TARGET_S} s: ${firstStart <= TARGET_S ? 'met' : 'MISSED'})`,
  );
  say(`  /healthz first answered at ${median(times.map((t) => t.healthzS)).toFixed(1)} s (median)`);
  say(`written ${path}`);
}

runBench(main);
