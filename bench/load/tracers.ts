/**
 * The degrees bench's tracers in a process of their own (`--clients process`): as in production,
 * the HTTP clients do not share the server's one Node thread. The parent sends one message
 * (`TracersJob`: the base URL, each tracer's cookie, the contact ids, the pace) over IPC; this
 * process confirms them exactly as the in-process loop does and answers with the latencies.
 */
import http from 'node:http';
import { CSRF_HEADER, sleep } from '../lib.ts';

/** What the parent asks for. */
export interface TracersJob {
  base: string;
  cookies: string[];
  ids: string[];
  paceMs: number;
}

/** What this process answers: each confirmation's latency (ms) and the phase's wall time. */
export interface TracersResult {
  latencies: number[];
  wallMs: number;
  error: string | null;
}

/** Tracer t confirms ids t, t + tracers, …; paced: the k-th due at start + (t / tracers + k) × paceMs. */
export async function runTracers(job: TracersJob): Promise<TracersResult> {
  const tracers = job.cookies.length;
  const latencies: number[] = [];
  // Node's own HTTP client, one kept-alive socket per tracer: a tracer's browser is another machine
  // in production, so its client should cost this process (the server's thread, by default) little —
  // fetch's streams and request objects cost several times what http.request does.
  const agent = new http.Agent({ keepAlive: true, maxSockets: tracers });
  const url = new URL(job.base);
  const start = performance.now();
  await Promise.all(
    job.cookies.map(async (cookie, t) => {
      let due = start + (job.paceMs * t) / tracers;
      for (let i = t; i < job.ids.length; i += tracers) {
        if (job.paceMs > 0) {
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
        }
        const sent = job.paceMs > 0 ? due : performance.now();
        const r = await confirm(agent, url, cookie, job.ids[i]!);
        if (r.status !== 200) throw new Error(`confirm: HTTP ${r.status} ${r.body}`);
        latencies.push(job.paceMs > 0 ? performance.now() - sent : r.ms);
        due += job.paceMs;
      }
    }),
  );
  agent.destroy();
  return { latencies, wallMs: performance.now() - start, error: null };
}

const CONFIRM_BODY = JSON.stringify({ decision: 'confirm' });

/** POST one confirmation as the signed-in tracer; the time covers the request until the body is read. */
function confirm(
  agent: http.Agent,
  url: URL,
  cookie: string,
  contactId: string,
): Promise<{ status: number; body: string; ms: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `/api/contacts/${contactId}/decision`,
        headers: {
          [CSRF_HEADER]: '1',
          accept: 'application/json',
          cookie,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(CONFIRM_BODY),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
        });
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - start,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(CONFIRM_BODY);
  });
}

// Run as a child: say it is ready (modules loaded), take one job, answer, exit.
if (process.send) {
  process.send({ ready: true });
  process.once('message', (job: TracersJob) => {
    runTracers(job).then(
      (result) => process.send!(result, () => process.exit(0)),
      (e: unknown) =>
        process.send!({ latencies: [], wallMs: 0, error: String(e) } satisfies TracersResult, () =>
          process.exit(1),
        ),
    );
  });
}
