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

/**
 * A hot statement built once: its text with placeholders (`sql.placeholder(name)`), its
 * parameter list and its statement name. Building a statement (the `sql` tree, `sqlToQuery`) cost
 * the Node thread more than sending it on a tracer's decision; a template is built on first use
 * and then only filled (`executeTemplate`).
 */
export interface StatementTemplate {
  text: string;
  params: unknown[];
  name: string;
}

/** Build `query` (its values as placeholders) into a template named from `prefix` and its text. */
export function statementTemplate(prefix: string, query: SQL): StatementTemplate {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, params, name: statementName(prefix, text) };
}

/**
 * Run a template as a named statement with `values` for its placeholders (a missing one throws)
 * and return its rows, as `queryNamed` would.
 */
export async function executeTemplate<T>(
  db: DbOrTx,
  template: StatementTemplate,
  values: Record<string, unknown>,
): Promise<T[]> {
  const statement = db._.session.prepareQuery(
    { sql: template.text, params: template.params },
    undefined,
    template.name,
    false,
  );
  const result = (await statement.execute(values)) as { rows: T[] };
  return result.rows;
}
