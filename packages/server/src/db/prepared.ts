/**
 * A statement prepared once per connection by name (PostgreSQL: parsed, analysed and, after a few
 * executions, planned once; PGlite ignores the name). For hot statements whose text does not
 * change between calls — only their parameters do — parsing and planning cost the server more
 * than executing them: the declarations' group commit (a data-modifying CTE over a partitioned
 * audit table, with a statement trigger) spent about half of its PostgreSQL CPU there (issue #15).
 *
 * The name is derived from the text, so two texts never share a name on a connection (the driver
 * refuses that) and a changed text after a deploy is simply another statement.
 */
import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.ts';

const dialect = new PgDialect();

/** Statement names by text (the texts are few and fixed: built once per call site). */
const names = new Map<string, string>();

function nameOf(prefix: string, text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `${prefix}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Run `query` as a named prepared statement and return its rows. Only for a query whose text is
 * the same on every call (values as parameters, no list spliced in); `prefix` names its origin.
 */
export async function queryPrepared<T>(db: DbOrTx, prefix: string, query: SQL): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const prepared = db._.session.prepareQuery({ sql: text, params }, undefined, nameOf(prefix, text), false);
  const result = (await prepared.execute()) as { rows: T[] };
  return result.rows;
}
