/**
 * The degrees bench's tracers in a process of their own (`--clients process`): as in production,
 * the HTTP clients do not share the server's one Node thread. The parent sends one message
 * (`TracersJob`: the base URL, each tracer's cookie, the contact ids, the pace) over IPC; this
 * process confirms them exactly as the in-process loop does and answers with the latencies.
 */
import { HttpSession, sleep } from '../lib.ts';

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
  const start = performance.now();
  await Promise.all(
    job.cookies.map(async (cookie, t) => {
      const s = new HttpSession(job.base);
      s.cookie = cookie;
      let due = start + (job.paceMs * t) / tracers;
      for (let i = t; i < job.ids.length; i += tracers) {
        if (job.paceMs > 0) {
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
        }
        const sent = job.paceMs > 0 ? due : performance.now();
        const r = await s.post(`/api/contacts/${job.ids[i]!}/decision`, { decision: 'confirm' });
        if (r.status !== 200) throw new Error(`confirm: HTTP ${r.status} ${JSON.stringify(r.body)}`);
        latencies.push(job.paceMs > 0 ? performance.now() - sent : r.ms);
        due += job.paceMs;
      }
    }),
  );
  return { latencies, wallMs: performance.now() - start, error: null };
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
