import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.ts';
import { queryNamed } from './named.ts';

/**
 * The text around the JSON rows of a record-set insert of `keys` (TypeScript keys of `table`):
 * `insert into t (columns) select keys from jsonb_to_recordset(` … `::jsonb) as x(key type, …)`.
 * Column names and SQL types come from the Drizzle table, so the statement cannot drift from the
 * schema; the record set names its columns by the rows' own keys, so rows go as they are.
 */
function recordsetInsert(table: PgTable, keys: readonly string[]): { head: string; tail: string } {
  const all = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const column = (key: string) => {
    const c = all[key];
    if (!c) throw new Error(`${getTableName(table)} has no column ${key}`);
    return c;
  };
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const names = keys.map((key) => quote(column(key).name)).join(', ');
  const defs = keys.map((key) => `${quote(key)} ${column(key).getSQLType()}`).join(', ');
  return {
    head: `insert into ${quote(getTableName(table))} (${names}) select ${keys.map(quote).join(', ')} from jsonb_to_recordset(`,
    tail: `::jsonb) as x(${defs})`,
  };
}

/**
 * Insert many rows in one statement with one parameter: the rows travel as a JSON array and
 * `jsonb_to_recordset` turns them back into typed columns. Drizzle's multi-row insert builds every
 * value through its query builder (most of a bulk import's CPU time); this does not.
 *
 * A column present in any row is written for all (missing = null); columns absent from every row
 * take their database default. Rows are plain `$inferInsert` objects; Dates become ISO strings,
 * objects go to jsonb columns as they are.
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
  // The rows go as they are: no renamed copy of each row is built (at 10,000 rows per statement
  // the copies were a large share of a bulk import's CPU and garbage). JSON omits undefined, which
  // the record set reads as null; keys that are not listed columns are ignored.
  const keys = Object.keys(getTableColumns(table)).filter((key) => present.has(key));
  const { head, tail } = recordsetInsert(table, keys);
  const conflict = options.onConflictDoNothing ? ' on conflict do nothing' : '';
  await db.execute(sql`${sql.raw(head)}${JSON.stringify(rows)}${sql.raw(tail + conflict)}`);
}

/** A prepared {@link bulkInsert} of fixed columns (see {@link preparedBulkInsert}). */
export interface PreparedBulkInsert<T extends PgTable> {
  /** Insert the rows (keys beyond the listed columns are ignored); returns the `returning` rows. */
  run<R = never>(db: DbOrTx, rows: readonly T['$inferInsert'][]): Promise<R[]>;
}

/**
 * {@link bulkInsert} of the listed `columns` (rows give all of them; null is null) as a named
 * statement: its text is built once per process, so PostgreSQL parses and plans it once per
 * connection (db/named.ts) and node builds nothing per call. `suffix` is raw SQL after the select
 * (`on conflict do nothing returning id`), constant, never a value.
 */
export function preparedBulkInsert<T extends PgTable>(
  table: T,
  columns: readonly (keyof T['$inferInsert'] & string)[],
  suffix = '',
): PreparedBulkInsert<T> {
  let parts: { head: string; tail: string } | null = null;
  return {
    async run<R>(db: DbOrTx, rows: readonly T['$inferInsert'][]): Promise<R[]> {
      if (rows.length === 0) return [];
      if (!parts) {
        const made = recordsetInsert(table, columns);
        parts = { head: made.head, tail: suffix ? `${made.tail} ${suffix}` : made.tail };
      }
      return queryNamed<R>(
        db,
        'epilink_bulk_insert',
        sql`${sql.raw(parts.head)}${JSON.stringify(rows)}${sql.raw(parts.tail)}`,
      );
    },
  };
}

/** A JSON escape PostgreSQL's array syntax does not share (control characters, \\u…). */
const JSON_ONLY_ESCAPE = /\\[bfnrtu]/u;

/**
 * A PostgreSQL array literal of `values` (strings, numbers, booleans, null: arrayInsert has made
 * objects JSON text and dates ISO strings before). JSON's array text is
 * one when JSON escaped nothing but `"` and `\\` (as the array syntax does): then `["a",null]` →
 * `{"a",null}`, built natively; otherwise each element is quoted and escaped here.
 */
function arrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  const json = JSON.stringify(values);
  if (!JSON_ONLY_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out +=
      v === null || v === undefined
        ? 'NULL'
        : `"${String(v).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  }
  return `${out}}`;
}

/**
 * {@link bulkInsert} with the rows sent column by column: one array parameter per column and
 * `unnest` in the statement, instead of one JSON document that the server parses field by field.
 * Same contract (a column present in any row is written for all, missing = null; absent columns
 * take their default); for the large batches of an import, where parsing the JSON was a sizeable
 * share of the database's CPU per row (persons, blocking keys, doses, audit). jsonb columns travel
 * as JSON text and array columns as array literals, each cast back in the statement. Dates go as
 * ISO strings, other values as JSON writes them (a number, a boolean).
 */
export async function arrayInsert<T extends PgTable>(
  db: DbOrTx,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  const statement = arrayInsertSql(table, rows, options);
  if (statement) await db.execute(statement);
}

/**
 * {@link arrayInsert}'s statement, not sent (null: no rows): for a data-modifying CTE that writes
 * these rows with others in one round trip.
 */
export function arrayInsertSql<T extends PgTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
  options: { onConflictDoNothing?: boolean } = {},
): SQL | null {
  if (rows.length === 0) return null;
  const all = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const present = new Set<string>();
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    for (const k in values) if (values[k] !== undefined && k in all) present.add(k);
  }
  const keys = Object.keys(all).filter((key) => present.has(key));
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const arrays: SQL[] = [];
  const selected: string[] = [];
  keys.forEach((key, i) => {
    const type = all[key]!.getSQLType();
    const shape = type === 'jsonb' || type === 'json' ? 'json' : type.endsWith('[]') ? 'array' : 'plain';
    const values: (string | number | boolean | null)[] = new Array<null>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const v = (rows[r] as Record<string, unknown>)[key];
      values[r] =
        v === undefined || v === null
          ? null
          : shape === 'json'
            ? JSON.stringify(v)
            : shape === 'array'
              ? arrayLiteral(v as (string | number | boolean | null)[])
              : v instanceof Date
                ? v.toISOString()
                : (v as string | number | boolean);
    }
    // One text parameter per column, the array literal (node-postgres's own array serialiser
    // escapes element by element in JavaScript: several times JSON.stringify's cost).
    arrays.push(sql`${arrayLiteral(values)}::${sql.raw(shape === 'plain' ? type : 'text')}[]`);
    selected.push(shape === 'plain' ? `c${i}` : `c${i}::${type}`);
  });
  const names = keys.map((key) => quote(all[key]!.name)).join(', ');
  const aliases = keys.map((_, i) => `c${i}`).join(', ');
  const conflict = options.onConflictDoNothing ? ' on conflict do nothing' : '';
  return sql`${sql.raw(`insert into ${quote(getTableName(table))} (${names}) select ${selected.join(', ')} from unnest(`)}${sql.join(arrays, sql`, `)}${sql.raw(`) as x(${aliases})${conflict}`)}`;
}
