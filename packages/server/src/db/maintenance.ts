import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';

/** How often the embedded database refreshes its planner statistics. */
export const PGLITE_ANALYZE_EVERY_MS = 10 * 60 * 1000;

/**
 * PGlite runs no autovacuum, so its planner statistics would stay as they were at the first
 * start and plans would degrade as tables grow. Refresh them periodically (PostgreSQL's own
 * autovacuum does this on a server). Returns a stop function.
 */
export function startStatisticsRefresh(database: Database, onError: (e: unknown) => void): () => void {
  if (database.kind !== 'pglite') return () => undefined;
  const timer = setInterval(() => {
    database.db.execute(sql`analyze`).catch(onError);
  }, PGLITE_ANALYZE_EVERY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
