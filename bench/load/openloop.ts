/**
 * An open-loop load generator for check-ins, run as its own process by `bench/checkin-ingest.ts`
 * (env OPENLOOP_SPEC = JSON of {@link OpenLoopSpec}; prints {@link OpenLoopResult} as JSON).
 *
 * Requests are *scheduled* at a fixed arrival rate, whatever the server does: request i is due at
 * `start + i / rate`, and its latency is counted from that due time, not from when a socket became
 * free. A slow server therefore shows as latency instead of silently lowering the offered load
 * (no coordinated omission). Each request is one phone: a signed-in citizen (its session cookie,
 * `POST /api/me/checkins`) or a guest (`POST /api/checkin/:token/guest` with a new phone number),
 * in the proportion asked, and each phone has its own client address, sent in `X-Forwarded-For`
 * as the province's reverse proxy would (the server runs with `TRUST_PROXY=1`).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { guestPerson } from './guests.ts';

/** What to send, how fast, for how long. */
export interface OpenLoopSpec {
  url: string;
  /** Arrivals per second. */
  rate: number;
  durationMs: number;
  /** Venue tokens; request i goes to venue (i * 7919) mod n. */
  venueTokens: string[];
  /** Share of requests made by signed-in citizens (the rest are guests). */
  citizenShare: number;
  /** The first citizen number to use (citizen k's session token is `citizenToken(k)`). */
  citizenStart: number;
  /** How many citizens have sessions; numbers wrap around past it (then repeats are duplicates). */
  citizenCount: number;
  /** The first guest number to use (guest g's phone is 09 + g on 8 digits). */
  guestStart: number;
  /** Sockets the "proxy" keeps open to the server. */
  sockets: number;
  /** A request unanswered after this long counts as failed. */
  timeoutMs: number;
  /**
   * The HTTP client: `undici` (default; a connection pool with one request per connection at a
   * time, driven through its low-level `dispatch`) or `http` (node's `http.request` over a
   * keep-alive agent, the generator used until 5 December 2026). Both keep `sockets` connections
   * and queue the rest; the generator shares the machine's two cores with the server under test,
   * and node's client cost it 0.1-0.3 ms of CPU per request — CPU the server did not get.
   */
  engine?: 'undici' | 'http';
  /**
   * A warm-up at the same rate before the measured `durationMs`, in the same process and over the
   * same sockets (a fresh generator's first requests pay its own JIT and TCP connects); its
   * requests are sent and counted in `warmupOk` but not in the latencies. Default 0.
   */
  warmupMs?: number;
  /**
   * Send health declarations instead of check-ins (`bench/declarations.ts`): a citizen declares
   * for themselves (`POST /api/me/declarations`, personId `benchPersonId(k)`), a guest without an
   * account by identity (`POST /api/declarations`, record linkage; `guests.ts`: realistic names
   * and birth dates). `flaggedShare` of them declare
   * fever and contact with a case (triage flags them and suggests a test). Venue tokens are unused.
   */
  declarations?: { questionnaireId: string; communeCode: string; flaggedShare: number };
}

/** What happened. */
export interface OpenLoopResult {
  scheduled: number;
  ok: number;
  citizens: number;
  guests: number;
  statuses: Record<string, number>;
  /** Latency from the due time of each answered request (ms, 2 decimals), all statuses. */
  latencies: number[];
  /** The same latencies by the request's kind (citizen, guest; flagged for declarations). */
  latenciesByKind: Record<string, number[]>;
  /** How far behind its due time the generator itself sent the latest request (ms). */
  maxSendLagMs: number;
  seconds: number;
  /** Warm-up requests answered 2xx (acknowledged, so stored, but not measured). */
  warmupOk: number;
  /**
   * CPU ms the generator process itself used while offering the load (warm-up included): on a
   * shared 2-core machine its share is CPU the server under test does not get.
   */
  cpuMs: number;
}

/** Citizen k's session token (the bench stores its SHA-256 as the session's hash). */
export function citizenToken(k: number): string {
  return `bench-citizen-${k}`;
}

/** A distinct client address per phone (10.x.y.z). */
export function clientAddress(n: number): string {
  return `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

interface Shot {
  /** What the request is, for the latencies by kind: citizen or guest, flagged by triage or not. */
  kind: string;
  method: 'POST';
  path: string;
  body: string;
  headers: Record<string, string>;
}

/** Citizen k's registry person id, as `bench/declarations.ts` seeds it. */
export function benchPersonId(k: number): string {
  return `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`;
}

const DECLARATION_CODES = 'https://epilink.vn/fhir/CodeSystem/declaration';

/** A health declaration's answers (fever and contact with a case when `flagged`). */
export function healthResponse(flagged: boolean): Record<string, unknown> {
  const yes = (linkId: string, v: boolean) => ({ linkId, answer: [{ valueBoolean: v }] });
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: [
      {
        linkId: 'symptoms',
        item: [
          yes('symptoms.has', flagged),
          ...(flagged
            ? [
                {
                  linkId: 'symptoms.list',
                  answer: [{ valueCoding: { system: DECLARATION_CODES, code: 'fever' } }],
                },
              ]
            : []),
        ],
      },
      {
        linkId: 'exposure',
        item: [yes('exposure.caseContact', flagged), yes('exposure.outbreakArea', false)],
      },
      { linkId: 'travel', item: [yes('travel.any', false)] },
    ],
  };
}

function declarationShot(
  d: NonNullable<OpenLoopSpec['declarations']>,
  spec: OpenLoopSpec,
  i: number,
  counters: { citizen: number; guest: number },
): Shot {
  const isCitizen = (i * 0.618033988749895) % 1 < spec.citizenShare;
  const flagged = (i * 0.7548776662466927) % 1 < d.flaggedShare;
  const base = { 'content-type': 'application/json', 'x-epilink-csrf': '1' };
  const common = {
    submissionId: randomUUID(),
    questionnaireId: d.questionnaireId,
    communeCode: d.communeCode,
    response: healthResponse(flagged),
  };
  if (isCitizen) {
    const citizen = (spec.citizenStart + counters.citizen++) % spec.citizenCount;
    return {
      kind: flagged ? 'citizen flagged' : 'citizen',
      method: 'POST',
      path: '/api/me/declarations',
      body: JSON.stringify({ ...common, personId: benchPersonId(citizen) }),
      headers: {
        ...base,
        cookie: `epilink_citizen=${citizenToken(citizen)}`,
        'x-forwarded-for': clientAddress(citizen),
      },
    };
  }
  const g = spec.guestStart + counters.guest++;
  return {
    kind: flagged ? 'guest flagged' : 'guest',
    method: 'POST',
    path: '/api/declarations',
    body: JSON.stringify({
      ...common,
      person: guestPerson(g),
    }),
    headers: { ...base, 'x-forwarded-for': clientAddress(8_000_000 + g) },
  };
}

function shotFor(spec: OpenLoopSpec, i: number, counters: { citizen: number; guest: number }): Shot {
  if (spec.declarations) return declarationShot(spec.declarations, spec, i, counters);
  const token = spec.venueTokens[(i * 7919) % spec.venueTokens.length]!;
  // A deterministic spread of citizens and guests: i's fractional position decides.
  const isCitizen = (i * 0.618033988749895) % 1 < spec.citizenShare;
  const base = { 'content-type': 'application/json', 'x-epilink-csrf': '1' };
  if (isCitizen) {
    const k = spec.citizenStart + counters.citizen++;
    const citizen = k % spec.citizenCount;
    return {
      kind: 'citizen',
      method: 'POST',
      path: '/api/me/checkins',
      body: JSON.stringify({ token }),
      headers: {
        ...base,
        cookie: `epilink_citizen=${citizenToken(citizen)}`,
        'x-forwarded-for': clientAddress(citizen),
      },
    };
  }
  const g = spec.guestStart + counters.guest++;
  return {
    kind: 'guest',
    method: 'POST',
    path: `/api/checkin/${token}/guest`,
    body: JSON.stringify({ phone: `09${String(g).padStart(8, '0')}`, fullName: 'Khách Thử Tải' }),
    headers: { ...base, 'x-forwarded-for': clientAddress(8_000_000 + g) },
  };
}

function sendHttp(agent: http.Agent, url: URL, shot: Shot, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (status: number) => {
      if (!settled) {
        settled = true;
        resolve(status);
      }
    };
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: shot.method,
        path: shot.path,
        headers: { ...shot.headers, 'content-length': Buffer.byteLength(shot.body) },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          done(res.statusCode ?? 0);
        });
        res.on('error', () => {
          done(0);
        });
      },
    );
    req.on('timeout', () => {
      req.destroy();
      done(0);
    });
    req.on('error', () => {
      done(0);
    });
    req.end(shot.body);
  });
}

/** A shot as undici dispatches it: the headers as one flat array, the body as bytes. */
interface PreparedShot {
  method: 'POST';
  path: string;
  body: Buffer;
  headers: string[];
}

function prepare(shot: Shot): PreparedShot {
  const body = Buffer.from(shot.body);
  const headers = Object.entries(shot.headers).flat();
  return { method: shot.method, path: shot.path, body, headers };
}

/** Send one request through undici's pool; resolves to the status (0 when it failed or timed out). */
function sendUndici(pool: Pool, shot: PreparedShot, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    let status = 0;
    // undici's handler interface; `onRequestStart` is what marks it as such (unwrap-handler.js).
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart() {},
      onResponseStart(_controller, statusCode) {
        status = statusCode;
      },
      onResponseData() {},
      onResponseEnd() {
        resolve(status);
      },
      onResponseError() {
        resolve(0);
      },
    };
    pool.dispatch(
      {
        method: shot.method,
        path: shot.path,
        headers: shot.headers,
        body: shot.body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      },
      handler,
    );
  });
}

/** Offer the load and wait for every answer (or its timeout). */
export async function openLoop(spec: OpenLoopSpec): Promise<OpenLoopResult> {
  const url = new URL(spec.url);
  const warm = Math.round((spec.rate * (spec.warmupMs ?? 0)) / 1000);
  const total = warm + Math.round((spec.rate * spec.durationMs) / 1000);
  const counters = { citizen: 0, guest: 0 };
  const shots = Array.from({ length: total }, (_, i) => shotFor(spec, i, counters));
  let send: (i: number) => Promise<number>;
  let close: () => Promise<void>;
  if ((spec.engine ?? 'undici') === 'undici') {
    const pool = new Pool(url.origin, { connections: spec.sockets, pipelining: 1 });
    const prepared = shots.map(prepare);
    send = (i) => sendUndici(pool, prepared[i]!, spec.timeoutMs);
    close = () => pool.destroy();
  } else {
    const agent = new http.Agent({ keepAlive: true, maxSockets: spec.sockets });
    send = (i) => sendHttp(agent, url, shots[i]!, spec.timeoutMs);
    close = () => {
      agent.destroy();
      return Promise.resolve();
    };
  }
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const latenciesByKind: Record<string, number[]> = {};
  const pending: Promise<void>[] = [];
  let ok = 0;
  let warmupOk = 0;
  let maxSendLagMs = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + (next * 1000) / spec.rate <= now) {
        const due = start + (next * 1000) / spec.rate;
        const measured = next >= warm;
        if (measured) maxSendLagMs = Math.max(maxSendLagMs, now - due);
        const i = next;
        next++;
        pending.push(
          send(i).then((status) => {
            const good = status >= 200 && status < 300;
            if (!measured) {
              if (good) warmupOk++;
              return;
            }
            const latency = Math.round((performance.now() - due) * 100) / 100;
            latencies.push(latency);
            (latenciesByKind[shots[i]!.kind] ??= []).push(latency);
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (good) ok++;
          }),
        );
      }
      // A 1 ms timer, not a busy loop: the generator shares the machine with the server.
      if (next >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  const cpu = process.cpuUsage(cpuBefore);
  await close();
  return {
    scheduled: total - warm,
    ok,
    warmupOk,
    citizens: counters.citizen,
    guests: counters.guest,
    statuses,
    latencies,
    latenciesByKind,
    maxSendLagMs: Math.round(maxSendLagMs * 100) / 100,
    seconds: (performance.now() - start) / 1000,
    cpuMs: Math.round((cpu.user + cpu.system) / 10) / 100,
  };
}

if (process.env.OPENLOOP_SPEC) {
  const spec = JSON.parse(process.env.OPENLOOP_SPEC) as OpenLoopSpec;
  void openLoop(spec).then((r) => {
    process.stdout.write(`${JSON.stringify(r)}\n`);
  });
}
