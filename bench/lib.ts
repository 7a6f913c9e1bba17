/**
 * Shared helpers of the benchmarks (`npm run bench -- NAME`): argument parsing, the results file,
 * a dedicated PostgreSQL database next to DATABASE_URL, order statistics and a tiny HTTP client.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { currentTotp } from '../packages/server/src/auth/totp.ts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = join(REPO_ROOT, 'bench-results');
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** The header the API asks of cookie-authenticated requests (packages/server/src/http/register.ts). */
export const CSRF_HEADER = 'x-epilink-csrf';

/** `--name value` and `--flag` pairs after the benchmark name. */
export function parseArgs(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}" (expected --name value)`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      out.set(arg.slice(2, eq), arg.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out.set(arg.slice(2), 'true');
    else {
      out.set(arg.slice(2), next);
      i++;
    }
  }
  return out;
}

/** A numeric parameter with a default; rejects anything that is not a finite number. */
export function numberArg(args: Map<string, string>, name: string, fallback: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got "${raw}"`);
  return value;
}

/** Fail on parameters the benchmark does not know (a typo should not silently run the default). */
export function checkKnownArgs(args: Map<string, string>, known: readonly string[]): void {
  const unknown = [...args.keys()].filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw new Error(
      `Unknown parameter(s): ${unknown.map((k) => `--${k}`).join(', ')} (known: ${known.map((k) => `--${k}`).join(', ')})`,
    );
}

export interface BenchResult {
  name: string;
  params: Record<string, string | number | boolean>;
  metrics: Record<string, number>;
}

/** Write bench-results/NAME.json and return its path. */
export function writeResult(result: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${result.name}.json`);
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

/** Print a line to stdout (the human summary). */
export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Run a benchmark's main function; a failure prints its message and exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`Benchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Order statistics

/** The p-th percentile (0-100) by linear interpolation between closest ranks; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** The median; NaN when empty. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Round to a given number of decimals (for results files). */
export function round(value: number, decimals = 2): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Milliseconds since an origin from `performance.now()`. */
export function msSince(start: number): number {
  return performance.now() - start;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a dedicated benchmark database next to DATABASE_URL

/** DATABASE_URL from the environment, or the default test server. */
export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  return url && url.length > 0 ? url : DEFAULT_DATABASE_URL;
}

/** The same server, another database name. */
export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** URL without its password, for printing. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * Make sure the benchmark's own database exists (`epilink_bench_<suffix>` on DATABASE_URL's server)
 * and return its URL. With `fresh`, drop it first. The database named in DATABASE_URL is only used
 * to connect; its contents are never touched.
 */
export async function benchDatabase(
  suffix: string,
  options: { fresh: boolean },
): Promise<{ url: string; name: string; created: boolean }> {
  if (!/^[a-z0-9_]+$/u.test(suffix)) throw new Error(`bad database suffix "${suffix}"`);
  const name = `epilink_bench_${suffix}`;
  const base = serverUrl();
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    if (options.fresh) await admin.query(`drop database if exists ${name} with (force)`);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    let created = false;
    if (exists.rowCount === 0) {
      await admin.query(`create database ${name}`);
      created = true;
    }
    return { url: withDatabaseName(base, name), name, created };
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

/** A free TCP port on the loopback interface (racy by nature, but fine on a bench machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

export interface HttpAnswer {
  status: number;
  body: unknown;
  ms: number;
}

/** A minimal HTTP client for one signed-in session (cookie kept, CSRF header sent). */
export class HttpSession {
  cookie = '';
  constructor(readonly baseUrl: string) {}

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = { [CSRF_HEADER]: '1', accept: 'application/json' };
    if (this.cookie) h.cookie = this.cookie;
    if (json) h['content-type'] = 'application/json';
    return h;
  }

  /** GET a path; time covers the request until the JSON body is read. Never throws on HTTP status. */
  async get(path: string): Promise<HttpAnswer> {
    const start = performance.now();
    const res = await fetch(this.baseUrl + path, { headers: this.headers(false) });
    const text = await res.text();
    const ms = msSince(start);
    return { status: res.status, body: parseJson(text), ms };
  }

  /** POST JSON; keeps the cookies the server sets. */
  async post(path: string, payload: unknown): Promise<HttpAnswer> {
    const start = performance.now();
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: this.headers(true),
      body: JSON.stringify(payload),
    });
    const text = await res.text();
    const ms = msSince(start);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    if (cookies.length > 0) this.cookie = cookies.join('; ');
    return { status: res.status, body: parseJson(text), ms };
  }

  /**
   * Sign in (POST /api/auth/login) up to an active session. Roles that must use a second factor
   * and have none yet are enrolled in TOTP through the API, as a first sign-in in the browser
   * would be; returns the secret then. Throws with the server's answer when refused.
   */
  async login(username: string, password: string): Promise<{ totpSecret: string | null }> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status !== 200)
      throw new Error(`login as ${username} failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    const stage = (res.body as { stage?: string }).stage ?? 'active';
    if (stage === 'active') return { totpSecret: null };
    if (stage !== 'enrol')
      throw new Error(
        `login as ${username}: second factor "${stage}" needs a secret the benchmark does not have`,
      );
    const enrol = await this.post('/api/auth/2fa/enrol', {});
    const secret = (enrol.body as { secret?: string }).secret;
    if (enrol.status !== 200 || !secret)
      throw new Error(
        `2FA enrolment of ${username} failed: HTTP ${enrol.status} ${JSON.stringify(enrol.body)}`,
      );
    const confirm = await this.post('/api/auth/2fa/enrol/confirm', { code: await currentTotp(secret) });
    if (confirm.status !== 200)
      throw new Error(
        `2FA confirmation of ${username} failed: HTTP ${confirm.status} ${JSON.stringify(confirm.body)}`,
      );
    return { totpSecret: secret };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Time `count` sequential calls of `fn` (after `warmup` untimed calls); returns milliseconds each. */
export async function timeSequential(
  count: number,
  warmup: number,
  fn: (i: number) => Promise<void>,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await fn(i);
    times.push(msSince(start));
  }
  return times;
}

/** Sleep. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
