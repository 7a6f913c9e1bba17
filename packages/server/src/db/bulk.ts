import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.ts';

/**
 * Insert many rows in one statement with one parameter: the rows travel as a JSON array and
 * `jsonb_to_recordset` turns them back into typed columns. Drizzle's multi-row insert builds every
 * value through its query builder (most of a bulk import's CPU time); this does not.
 *
 * Columns come from the Drizzle table (SQL names and types), so the statement cannot drift from
 * the schema. A column present in any row is written for all (missing = null); columns absent
 * from every row take their database default. Rows are plain `$inferInsert` objects; Dates become
 * ISO strings, objects go to jsonb columns as they are.
 */
export async function bulkInsert<T extends PgTable>(
  db: DbOrTx,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const present = new Set<string>();
  // for…in, not Object.entries: no array per row (bulk imports pass hundreds of thousands).
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    for (const k in values) if (values[k] !== undefined) present.add(k);
  }
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => present.has(key));
  // The rows go as they are: the record set names its columns by the rows' own (TypeScript) keys,
  // so no renamed copy of each row is built (at 10,000 rows per statement the copies were a large
  // share of a bulk import's CPU and garbage). JSON omits undefined, which the record set reads as
  // null; keys that are not columns of the list are ignored by jsonb_to_recordset.
  const names = sql.join(
    columns.map(([, col]) => sql.identifier(col.name)),
    sql`, `,
  );
  const keys = sql.join(
    columns.map(([key]) => sql.identifier(key)),
    sql`, `,
  );
  const defs = sql.join(
    columns.map(([key, col]) => sql`${sql.identifier(key)} ${sql.raw(col.getSQLType())}`),
    sql`, `,
  );
  await db.execute(
    sql`insert into ${sql.identifier(getTableName(table))} (${names}) select ${keys} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${defs})${options.onConflictDoNothing ? sql` on conflict do nothing` : sql``}`,
  );
}
