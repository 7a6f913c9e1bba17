/**
 * Named statements for a hot path (a tracer's decision: ten statements per request): each text is
 * parsed once per connection and, after a few executions, planned once (PostgreSQL's generic
 * plan), instead of parsed and planned on every call; PGlite ignores the name. The name is derived
 * from the text, so two texts never share a name on a connection (the driver refuses that) and a
 * query with a few shapes (a list spliced in, a jurisdiction level) is simply a few statements.
 * Only for texts that take their values as parameters: a text with values spliced in would
 * prepare a new statement on every call.
 */
import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.ts';

const dialect = new PgDialect();

/** Statement names by text; bounded, since texts are few (a spliced value would grow it). */
const names = new Map<string, string>();
const MAX_NAMES = 1_000;

/** The statement name of a text: `prefix` (where it comes from) and a hash of the text. */
export function statementName(prefix: string, text: string): string {
  let name = names.get(text);
  if (!name) {
    if (names.size >= MAX_NAMES) names.clear();
    name = `${prefix}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/** Run `query` as a named statement (see above) and return its rows, as `queryRows` would. */
export async function queryNamed<T>(db: DbOrTx, prefix: string, query: SQL): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const statement = db._.session.prepareQuery(
    { sql: text, params },
    undefined,
    statementName(prefix, text),
    false,
  );
  const result = (await statement.execute()) as { rows: T[] };
  return result.rows;
}
