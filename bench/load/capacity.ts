/**
 * The capacity search shared by the open-loop benchmarks (`checkin-ingest`, `declarations`): one
 * fixed-rate step in a fresh generator process (`openloop.ts`) with the CPU per request of the
 * server and its PostgreSQL backends, and the search for the highest rate that passes (p99 ≤ the
 * target and at most 0.1 % failed): double from the start rate, then bisect; a failing rate is
 * run again `confirm` times and fails only if every run fails. See `bench/checkin-ingest.ts` for
 * why each step has its own warm-up and a minimum number of samples.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { spawnServer } from '../../packages/server/test/checkin/loadgen.ts';
import type { SpawnedServer } from '../../packages/server/test/checkin/loadgen.ts';
import { REPO_ROOT, median, percentile, round, say } from '../lib.ts';
import { cpuBetween, cpuOf } from './cpu.ts';
import type { OpenLoopResult, OpenLoopSpec } from './openloop.ts';

const MAX_FAILURE_SHARE = 0.001;

/** `--engine undici|http` (the generator's HTTP client), checked. */
export function engineArg(args: Map<string, string>): 'undici' | 'http' {
  const raw = args.get('engine') ?? 'undici';
  if (raw !== 'undici' && raw !== 'http') throw new Error(`--engine must be undici or http, got "${raw}"`);
  return raw;
}

/** Run the open-loop generator as its own process and read its result. */
export function openLoopProcess(spec: OpenLoopSpec): Promise<OpenLoopResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench/load/openloop.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, OPENLOOP_SPEC: JSON.stringify(spec) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited ${code}`));
      else resolve(JSON.parse(out) as OpenLoopResult);
    });
  });
}

/** One step's figures. */
export interface Step {
  rate: number;
  pass: boolean;
  p50: number;
  p99: number;
  ok: number;
  failures: number;
  statuses: Record<string, number>;
  maxSendLagMs: number;
  /** Warm-up requests acknowledged (stored, not measured). */
  warmupOk: number;
  /** CPU ms per request sent in the step (warm-up included) of the server process / its database backends. */
  serverCpuMs: number | null;
  dbCpuMs: number | null;
  /** CPU ms per request sent of the load generator process (warm-up included). */
  generatorCpuMs: number;
  /** p50 and p99 by the request's kind (citizen, guest, flagged: openloop.ts). */
  byKind: Record<string, { n: number; p50: number; p99: number }>;
  /**
   * Transactions committed or rolled back in the server's database per request sent (warm-up
   * included), when the search reads them: with every hot-path statement autocommitted, the
   * statements per request, workers' polls and the bench's own reads included.
   */
  dbXacts?: number | null;
}

/** The processes whose CPU a step reads: the server's, and the database backends serving it. */
export interface Processes {
  server: number | undefined;
  database?: () => Promise<number[]>;
  /** The database's transaction count so far (pg_stat_database), for `Step.dbXacts`. */
  transactions?: () => Promise<number>;
}

/** The next citizen and guest numbers to use (no request repeats a phone). */
export interface Cursor {
  citizen: number;
  guest: number;
}

/** How to search. */
export interface SearchOptions {
  /** A rate passes when its p99 is at most this (ms). */
  p99TargetMs: number;
  tokens: string[];
  citizenShare: number;
  citizenCount: number;
  stepSeconds: number;
  warmup: number;
  startRate: number;
  maxRate: number;
  bisect: number;
  sockets: number;
  /** The generator's HTTP client (see {@link OpenLoopSpec.engine}); undici unless said. */
  engine?: OpenLoopSpec['engine'];
  stepWarmupMs: number;
  minSamples: number;
  confirm: number;
  processes: Processes;
  /**
   * Called before each step (before its CPU is read) with the citizen numbers it may use, e.g. to
   * keep their sessions from expiring in a long run (`sessions.ts`).
   */
  beforeStep?: (citizens: { from: number; count: number }) => Promise<void>;
  /** Send declarations instead of check-ins (see {@link OpenLoopSpec.declarations}). */
  declarations?: OpenLoopSpec['declarations'];
  /**
   * The capacity search waits before each step, up to this long (ms), until the server and its
   * database are quiet (see {@link settle}); default 30 s, 0: no wait.
   */
  settleMaxMs?: number;
}

/** CPU (in cores) under which the server and its database count as quiet between steps. */
export const QUIET_CORES = 0.15;

/**
 * Wait until the server process and its database backends used less than {@link QUIET_CORES} of
 * CPU over one second, or `maxMs` passed; returns the ms waited. The capacity search measures each
 * rate from a quiet server: what a step leaves behind — the outbox rows, audit rows to chain and
 * rollup deltas of its last second, and after an overloaded step (the doubling's last) many
 * seconds of them — is worked off by the background workers before the next rate is offered,
 * instead of being charged to it. The work a rate causes itself (each worker ticks every second)
 * still falls in its own step.
 */
export async function settle(processes: Processes, maxMs: number): Promise<number> {
  const started = Date.now();
  const pids = async () => [
    ...(processes.server === undefined ? [] : [processes.server]),
    ...(processes.database ? await processes.database() : []),
  ];
  while (Date.now() - started < maxMs) {
    const before = cpuOf(await pids());
    const t0 = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const used = cpuBetween(before, cpuOf(await pids()));
    if (used / (Date.now() - t0) < QUIET_CORES) break;
  }
  return Date.now() - started;
}

/**
 * The search settings of the A/B tools, which run single steps at one rate (`step`), not a search:
 * no warm-up step, no bisection, no confirmation, each step's own 1-s warm-up, 256 sockets.
 */
export function fixedRate(rate: number, seconds: number) {
  return {
    stepSeconds: seconds,
    warmup: 0,
    startRate: rate,
    maxRate: rate,
    bisect: 0,
    sockets: 256,
    stepWarmupMs: 1000,
    minSamples: 0,
    confirm: 0,
  };
}

/** One fixed-rate step. `cursor` advances past the phones used, so no request repeats. */
export async function step(
  url: string,
  rate: number,
  seconds: number,
  o: SearchOptions,
  cursor: Cursor,
): Promise<Step> {
  const durationMs = Math.max(seconds * 1000, Math.ceil((o.minSamples * 1000) / rate));
  if (o.beforeStep) {
    const sent = (rate * (durationMs + o.stepWarmupMs)) / 1000;
    await o.beforeStep({ from: cursor.citizen, count: Math.ceil(sent * o.citizenShare) + 100 });
  }
  const serverPids = o.processes.server === undefined ? [] : [o.processes.server];
  const dbBefore = o.processes.database ? cpuOf(await o.processes.database()) : null;
  const serverBefore = cpuOf(serverPids);
  const xactsBefore = o.processes.transactions ? await o.processes.transactions() : null;
  const r = await openLoopProcess({
    url,
    rate,
    durationMs,
    warmupMs: o.stepWarmupMs,
    venueTokens: o.tokens,
    citizenShare: o.citizenShare,
    citizenStart: cursor.citizen,
    citizenCount: o.citizenCount,
    guestStart: cursor.guest,
    sockets: o.sockets,
    ...(o.engine ? { engine: o.engine } : {}),
    timeoutMs: 10_000,
    ...(o.declarations ? { declarations: o.declarations } : {}),
  });
  const serverCpu = serverPids.length > 0 ? cpuBetween(serverBefore, cpuOf(serverPids)) : null;
  const dbCpu =
    dbBefore && o.processes.database ? cpuBetween(dbBefore, cpuOf(await o.processes.database())) : null;
  const xacts =
    xactsBefore !== null && o.processes.transactions
      ? (await o.processes.transactions()) - xactsBefore
      : null;
  const sent = r.citizens + r.guests;
  cursor.citizen += r.citizens;
  cursor.guest += r.guests;
  const failures = r.scheduled - r.ok;
  const p99 = percentile(r.latencies, 99);
  return {
    rate,
    pass: p99 <= o.p99TargetMs && failures <= r.scheduled * MAX_FAILURE_SHARE,
    p50: median(r.latencies),
    p99,
    ok: r.ok,
    failures,
    statuses: r.statuses,
    maxSendLagMs: r.maxSendLagMs,
    warmupOk: r.warmupOk,
    serverCpuMs: serverCpu === null ? null : serverCpu / sent,
    dbCpuMs: dbCpu === null ? null : dbCpu / sent,
    generatorCpuMs: r.cpuMs / sent,
    byKind: Object.fromEntries(
      Object.entries(r.latenciesByKind).map(([kind, l]) => [
        kind,
        { n: l.length, p50: median(l), p99: percentile(l, 99) },
      ]),
    ),
    dbXacts: xacts === null ? null : xacts / sent,
  };
}

/**
 * The step at the capacity; when no rate passed (a machine too loaded for the target at any rate)
 * a capacity of 0 with the lowest rate's figures, so its CPU per request is still reported.
 */
export function atCapacity(c: { best: Step | null; steps: Step[] }): Step {
  if (c.best) return c.best;
  const lowest = [...c.steps].sort((a, b) => a.rate - b.rate)[0]!;
  return { ...lowest, rate: 0 };
}

/** The highest arrival rate that passes: double until one fails, then bisect. */
export async function capacity(url: string, label: string, o: SearchOptions, cursor: Cursor) {
  const steps: Step[] = [];
  const once = async (rate: number) => {
    const waited = await settle(o.processes, o.settleMaxMs ?? 30_000);
    const s = await step(url, rate, o.stepSeconds, o, cursor);
    steps.push(s);
    const cpu = `CPU/request ${s.serverCpuMs === null ? '?' : round(s.serverCpuMs, 3)} ms${s.dbCpuMs === null ? '' : ` + database ${round(s.dbCpuMs, 3)} ms`} (generator ${round(s.generatorCpuMs, 3)} ms)${typeof s.dbXacts === 'number' ? `, ${round(s.dbXacts, 3)} transactions/request` : ''}`;
    say(
      `    ${label} ${rate}/s: p50 ${round(s.p50)} ms, p99 ${round(s.p99)} ms, ${s.failures} failed ${JSON.stringify(s.statuses)}, generator lag ≤ ${round(s.maxSendLagMs)} ms, ${cpu}, quiet after ${round(waited / 1000, 1)} s → ${s.pass ? 'pass' : 'fail'}`,
    );
    return s;
  };
  // A failing rate is run again (`confirm` times): it fails only if every run fails.
  const run = async (rate: number) => {
    let s = await once(rate);
    for (let c = 0; c < o.confirm && !s.pass; c++) s = await once(rate);
    return s;
  };
  // The server's own warm-up (JIT, pool connections), unmeasured; its requests are stored too.
  if (o.warmup > 0) await step(url, o.startRate, o.warmup, { ...o, minSamples: 0, stepWarmupMs: 0 }, cursor);
  let best: Step | null = null;
  let failedAt: number | null = null;
  for (let rate = o.startRate; failedAt === null && rate <= o.maxRate; rate *= 2) {
    const s = await run(rate);
    if (s.pass) best = s;
    else failedAt = rate;
  }
  let lo = best?.rate ?? 0;
  let hi = failedAt ?? o.maxRate;
  for (let b = 0; b < o.bisect && failedAt !== null && hi - lo > Math.max(10, lo * 0.05); b++) {
    const mid = Math.round((lo + hi) / 2);
    const s = await run(mid);
    if (s.pass) {
      best = s;
      lo = mid;
    } else hi = mid;
  }
  return { best, steps, ok: steps.reduce((n, s) => n + s.ok + s.warmupOk, 0) };
}

/** The median step of several rounds' capacities (by rate). */
export function medianStep(steps: Step[]): Step {
  return [...steps].sort((a, b) => a.rate - b.rate)[Math.floor((steps.length - 1) / 2)]!;
}

/** Servers this run started: killed when the run ends, however it ends (a failure left them running). */
const children: SpawnedServer[] = [];
process.on('exit', () => {
  for (const c of children)
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
});

/** Spawn a server owned by this run (killed at exit). */
export async function spawnOwned(options: Parameters<typeof spawnServer>[0]): Promise<SpawnedServer> {
  const s = await spawnServer(options);
  children.push(s);
  return s;
}
