/**
 * The import worker: every few seconds (and at start) it runs the jobs marked running that this
 * process is not already running — after a restart, that is every unfinished import, resumed
 * from its last committed batch. A job that fails on an unexpected error is marked failed (the
 * officer may start it again); the error is logged by class only (no personal data).
 */
import { eq, and } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { AppDeps } from '../deps.ts';
import { importJobs } from '../db/schema/index.ts';
import { runImportJob } from './runner.ts';

/** Start the worker; the returned function stops it (the current batch finishes or rolls back). */
export function startImportWorker(
  database: Database,
  onError: (e: unknown) => void,
  options: { pollMs?: number; batchRows?: number; deps?: AppDeps } = {},
): () => void {
  const active = new Set<string>();
  let stopped = false;
  const run = async (id: string) => {
    active.add(id);
    try {
      await runImportJob(database, id, {
        ...(options.batchRows ? { batchRows: options.batchRows } : {}),
        ...(options.deps ? { deps: options.deps } : {}),
      });
    } catch (e) {
      onError(e);
      if (!stopped)
        await database.db
          .update(importJobs)
          .set({ status: 'failed' })
          .where(and(eq(importJobs.id, id), eq(importJobs.status, 'running')))
          .catch(onError);
    } finally {
      active.delete(id);
    }
  };
  const tick = async () => {
    if (stopped) return;
    const running = await database.db
      .select({ id: importJobs.id })
      .from(importJobs)
      .where(eq(importJobs.status, 'running'));
    // One job at a time per process: imports share two cores with everything else.
    const next = running.find((r) => !active.has(r.id));
    if (next && active.size === 0) void run(next.id);
  };
  const timer = setInterval(() => {
    tick().catch(onError);
  }, options.pollMs ?? 1000);
  timer.unref();
  tick().catch(onError);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
