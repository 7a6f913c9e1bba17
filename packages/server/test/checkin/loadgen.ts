/**
 * Load tooling for the check-in benchmark and the durability test: spawn the real server
 * (`src/main.ts`) as a child process, and fire check-ins over keep-alive HTTP with fixed
 * concurrency, recording each request's status and latency. Run as a script (env LOADGEN_SPEC
 * = JSON) it is the separate load-generator process of the benchmark and prints its result.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO = join(SERVER_DIR, '..', '..');

/** A spawned server process. */
export interface SpawnedServer {
  url: string;
  proc: ChildProcess;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** Start `tsx <script>` with env and wait until GET <url>/healthz answers (or the process dies). */
export async function spawnServer(options: {
  port: number;
  env: Record<string, string>;
  script?: string;
  timeoutMs?: number;
}): Promise<SpawnedServer> {
  const script = options.script ?? join(SERVER_DIR, 'src', 'main.ts');
  // `node --import tsx` (not the tsx CLI, which runs node as a child): a SIGKILL hits the server itself.
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO,
    env: { ...process.env, PORT: String(options.port), HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) =>
    proc.once('exit', () => {
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    proc,
    kill: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** What to fire: POST `path` with the JSON body of request number i. */
export interface LoadSpec {
  url: string;
  concurrency: number;
  durationMs: number;
  /** Request i's path and body; `{i}` in the template strings is replaced by i. */
  paths: string[];
  bodyTemplate: string;
  /** Stop after this many requests (default: unlimited within the duration). */
  maxRequests?: number;
  /** Added to i (so a second run uses fresh phone numbers). `{p8}` is (i + offset) on 8 digits. */
  offset?: number;
  /** A client whose request got no answer (connection lost) stops, as a phone would give up and retry later. */
  stopOnConnectionError?: boolean;
}

/** One request's outcome. */
export interface Shot {
  i: number;
  status: number;
  ms: number;
  body: string;
}

/** The load's outcome: every request with its status and latency, and the wall time. */
export interface LoadResult {
  shots: Shot[];
  seconds: number;
}

function post(
  agent: http.Agent,
  url: URL,
  path: string,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-epilink-csrf': '1',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
        });
        res.on('error', () => {
          resolve({ status: 0, body: '' });
        });
      },
    );
    req.on('error', () => {
      resolve({ status: 0, body: '' });
    });
    req.end(body);
  });
}

/**
 * Fire the load: `concurrency` loops, each sending the next request when the previous answered.
 * `onShot` sees each outcome as it lands (e.g. to kill the server after N acknowledgements).
 */
export async function runLoad(
  spec: LoadSpec,
  keepBodies = false,
  onShot?: (shot: Shot) => void,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const url = new URL(spec.url);
  const shots: Shot[] = [];
  let next = 0;
  const start = performance.now();
  const end = start + spec.durationMs;
  const loop = async () => {
    while (performance.now() < end && (spec.maxRequests === undefined || next < spec.maxRequests)) {
      const i = next++;
      const path = spec.paths[i % spec.paths.length]!;
      const t = performance.now();
      const n = i + (spec.offset ?? 0);
      const body = spec.bodyTemplate
        .replaceAll('{i}', String(n))
        .replaceAll('{p8}', String(n).padStart(8, '0'));
      const res = await post(agent, url, path, body);
      const shot = { i, status: res.status, ms: performance.now() - t, body: keepBodies ? res.body : '' };
      shots.push(shot);
      onShot?.(shot);
      if (res.status === 0 && spec.stopOnConnectionError) return;
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, loop));
  agent.destroy();
  return { shots, seconds: (performance.now() - start) / 1000 };
}

if (process.env.LOADGEN_SPEC) {
  const spec = JSON.parse(process.env.LOADGEN_SPEC) as LoadSpec;
  void runLoad(spec).then((r) => {
    const ok = r.shots.filter((s) => s.status >= 200 && s.status < 300);
    process.stdout.write(
      `${JSON.stringify({ seconds: r.seconds, total: r.shots.length, ok: ok.length, statuses: countBy(r.shots.map((s) => s.status)), okMs: ok.map((s) => Math.round(s.ms * 100) / 100) })}\n`,
    );
  });
}

function countBy(values: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
