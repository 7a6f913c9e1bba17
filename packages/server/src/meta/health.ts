import type { Database } from '../db/client.ts';
import { ping } from '../db/client.ts';

/** The health answer: `ok` only when the database answers a trivial query (no rows read). */
export async function databaseHealth(
  database: Database,
): Promise<{ status: 'ok' | 'unavailable'; database: Database['kind'] }> {
  return { status: (await ping(database)) ? 'ok' : 'unavailable', database: database.kind };
}
