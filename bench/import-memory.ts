/**
 * What the import holds through a run: every `--sample` seconds this process's memory
 * (`process.memoryUsage()`: RSS, V8 heap used and reserved, external and array buffers) beside
 * the phase and the rows committed so far (read on a connection of its own, outside the counted
 * pool), so the rate curve and the memory curve of a long run can be read side by side.
 */
import pg from 'pg';
import { round, say } from './lib.ts';

/** One sample: seconds since the start, the phase, MB figures and rows committed. */
export interface MemorySample {
  s: number;
  phase: string;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  processed: number | null;
}

const mb = (bytes: number) => round(bytes / 1024 / 1024, 0);

/** Start sampling; `phase` and `jobId` are read at each tick. */
export async function startMemorySampler(
  url: string,
  everySeconds: number,
  state: { phase: string; jobId: string | null },
) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const samples: MemorySample[] = [];
  const t0 = performance.now();
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const m = process.memoryUsage();
      let processed: number | null = null;
      if (state.jobId !== null) {
        const r = await client.query<{ n: number }>(
          'select processed_rows as n from import_jobs where id = $1',
          [state.jobId],
        );
        processed = r.rows[0]?.n ?? null;
      }
      const sample: MemorySample = {
        s: round((performance.now() - t0) / 1000, 0),
        phase: state.phase,
        rss: mb(m.rss),
        heapUsed: mb(m.heapUsed),
        heapTotal: mb(m.heapTotal),
        external: mb(m.external),
        arrayBuffers: mb(m.arrayBuffers),
        processed,
      };
      samples.push(sample);
      say(`memory ${JSON.stringify(sample)}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), everySeconds * 1000);
  return {
    samples,
    stop: async () => {
      clearInterval(timer);
      await client.end();
    },
  };
}
