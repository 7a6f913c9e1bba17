/**
 * Keep the seeded citizens' sessions alive through a long run. A citizen session ends after 30
 * minutes without a request (`SESSION_IDLE_MS`); the check-in benchmarks seed every session at
 * the start and use each one once per pass, so on a loaded machine, where a capacity search takes
 * longer than 30 minutes, the later steps' citizens were refused (401) for a reason that has
 * nothing to do with capacity. Before each step the sessions that step will use, and only those
 * last seen more than 20 minutes ago, are set to "last seen 2 minutes ago": still older than the
 * once-a-minute touch, so each check-in touches its session as before. A run shorter than 20
 * minutes (a quiet machine) changes nothing.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../packages/server/src/db/client.ts';
import type { SearchOptions } from './capacity.ts';

/** The `beforeStep` hook of a search over citizens 0..citizenCount-1 (tokens `bench-citizen-<k>`). */
export function keepSessionsLive(
  database: Database,
  citizenCount: number,
): NonNullable<SearchOptions['beforeStep']> {
  return async ({ from, count }) => {
    await database.db.execute(sql`
      update citizen_sessions set last_seen_at = now() - interval '2 minutes'
      where token_hash = any(array(
          select encode(sha256(convert_to('bench-citizen-' || (k % ${citizenCount})::text, 'UTF8')), 'hex')
          from generate_series(${from}::bigint, ${from + count - 1}::bigint) k))
        and last_seen_at < now() - interval '20 minutes'`);
  };
}
