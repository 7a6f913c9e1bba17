import type { Database } from '../db/client.ts';

/**
 * Run one SQL statement on the hot path straight on the driver: a named prepared statement on
 * PostgreSQL (parsed and planned once per connection), a parameterised query on PGlite.
 */
export async function rawQuery<T>(
  database: Database,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  if (database.pool) {
    const res = await database.pool.query<T & object>({ name, text, values });
    return res.rows;
  }
  if (database.pglite) {
    const res = await database.pglite.query<T>(text, values);
    return res.rows;
  }
  throw new Error('database has neither a pool nor a PGlite instance');
}
