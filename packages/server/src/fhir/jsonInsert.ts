/**
 * The set-based inserts of an inbound Bundle (fhir/resultBatch.ts) as named statements: the rows
 * travel as ONE JSON parameter that `jsonb_to_recordset` turns back into typed columns (as
 * `db/bulk.ts` does), and each statement's text is built once per process from the Drizzle table
 * (names and SQL types cannot drift from the schema), so PostgreSQL parses and plans it once per
 * connection (db/named.ts) and node builds nothing per Bundle. Drizzle's multi-row insert built
 * every value through its query builder and the driver serialised each one: for a Bundle of 50
 * results, ~650 parameters for the specimens alone.
 */
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client.ts';
import { queryNamed } from '../db/named.ts';

/** A prepared insert of rows of `T` with the listed columns (rows give all of them; null is null). */
export interface JsonInsert<T extends PgTable> {
  /** Insert the rows (keys beyond the listed columns are ignored); returns the `returning` rows. */
  run<R = never>(db: DbOrTx, rows: readonly T['$inferInsert'][]): Promise<R[]>;
}

/**
 * The insert of `columns` (TypeScript keys of `table`) from a JSON array of rows; `suffix` is raw
 * SQL after the select (`on conflict do nothing returning id`), constant, never a value.
 */
export function jsonInsert<T extends PgTable>(
  table: T,
  columns: readonly (keyof T['$inferInsert'] & string)[],
  suffix = '',
): JsonInsert<T> {
  let parts: { head: SQL; tail: SQL } | null = null;
  const statement = () => {
    if (parts) return parts;
    const all = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
    const column = (key: string) => {
      const c = all[key];
      if (!c) throw new Error(`${getTableName(table)} has no column ${key}`);
      return c;
    };
    const names = columns.map((key) => `"${column(key).name}"`).join(', ');
    const keys = columns.map((key) => `"${key}"`).join(', ');
    const defs = columns.map((key) => `"${key}" ${column(key).getSQLType()}`).join(', ');
    parts = {
      head: sql.raw(
        `insert into "${getTableName(table)}" (${names}) select ${keys} from jsonb_to_recordset(`,
      ),
      tail: sql.raw(`::jsonb) as x(${defs})${suffix ? ` ${suffix}` : ''}`),
    };
    return parts;
  };
  return {
    async run<R>(db: DbOrTx, rows: readonly T['$inferInsert'][]): Promise<R[]> {
      if (rows.length === 0) return [];
      const { head, tail } = statement();
      return queryNamed<R>(db, 'epilink_fhir_insert', sql`${head}${JSON.stringify(rows)}${tail}`);
    },
  };
}
