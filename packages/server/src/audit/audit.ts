import type { AuditAction } from '@epilink/core';
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';
import type { Access } from '../access/context.ts';
import { actorId, actorName, actorRole } from '../access/context.ts';
import { deferredWritesOf } from '../db/deferred.ts';

export { AUDIT_ACTIONS } from '@epilink/core';

/** One audited access to (personal) data. Never holds the data itself: only which fields. */
export interface AuditEntry {
  action: AuditAction;
  entity: string;
  entityId?: string | null;
  personId?: string | null;
  fields?: string[];
  purpose?: string | null;
  details?: Record<string, unknown> | null;
}

/** Request facts the audit trail records alongside the actor. */
export interface AuditOrigin {
  ip: string | null;
  /** The purpose the caller declared (header `x-epilink-purpose`), if any. */
  purpose?: string | null;
}

/** The columns writeAudit fills (the others — id, at, xact — take their defaults). */
const WRITTEN = [
  'actorId',
  'actorName',
  'actorRole',
  'action',
  'entity',
  'entityId',
  'personId',
  'fields',
  'purpose',
  'ip',
  'details',
] as const;

/**
 * The insert statement around the rows' JSON, built once from the Drizzle table (names and SQL
 * types cannot drift from the schema): every audited request runs it, and building it through the
 * query builder each time cost more of the process's CPU than sending it.
 */
let statement: { head: SQL; tail: SQL; text: string } | null = null;
function insertStatement(): { head: SQL; tail: SQL; text: string } {
  if (statement) return statement;
  const columns = getTableColumns(auditLog);
  // The JSON rows are keyed by the TypeScript names (one object literal per row, see auditRows);
  // the record set reads them under those names and the insert maps them onto the SQL columns.
  const list = WRITTEN.map((key) => `"${columns[key].name}"`).join(', ');
  const keys = WRITTEN.map((key) => `"${key}"`).join(', ');
  const defs = WRITTEN.map((key) => `"${key}" ${columns[key].getSQLType()}`).join(', ');
  const head = `insert into "${getTableName(auditLog)}" (${list}) select ${keys} from jsonb_to_recordset(`;
  const tail = `::jsonb) as x(${defs})`;
  statement = { head: sql.raw(head), tail: sql.raw(tail), text: `${head}$1${tail}` };
  return statement;
}

/**
 * Name of writeAudit's statement, prepared once per connection on PostgreSQL (PGlite ignores the
 * name): parsing and planning an insert into the partitioned table cost the server ~140 µs of CPU
 * per statement, more than writing a request's few rows (issue #11.6).
 */
const PREPARED_NAME = 'epilink_audit_insert';

/**
 * Append audit rows in the caller's transaction, so a change and its audit commit together.
 * Rows are inserted once, without their hash: the chainer (`audit/chain.ts`) links them
 * afterwards in id order, so writers never wait on one another for the chain.
 */
export async function writeAudit(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  entries: AuditEntry | AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const deferred = deferredWritesOf(db); // a batch writes them at its end (db/deferred.ts)
  if (deferred) return void deferred.audit.push({ access, origin, entries: list });
  const { text } = insertStatement();
  const json = JSON.stringify(auditRows(access, origin, list));
  await db._.session.prepareQuery({ sql: text, params: [json] }, undefined, PREPARED_NAME, false).execute();
}

/**
 * The audit insert of `entries` as one SQL statement, for a data-modifying CTE that writes a
 * change and its audit rows in one round trip (the same rows `writeAudit` inserts). An entry
 * without an `entityId` takes `entityIdOf` (an id the CTE's insert returns, as text). With
 * `onlyIf` (a condition, e.g. `exists (select 1 from d)`) the rows are written only when it holds.
 */
export function auditInsert(
  access: Access,
  origin: AuditOrigin,
  list: readonly AuditEntry[],
  entityIdOf?: SQL,
  onlyIf?: SQL,
): SQL {
  return auditInsertOf(auditRowsJson(access, origin, list), entityIdOf, onlyIf);
}

/** The JSON rows of `entries`, as {@link auditInsertOf} takes them (a parameter's value). */
export function auditRowsJson(access: Access, origin: AuditOrigin, list: readonly AuditEntry[]): string {
  return JSON.stringify(auditRows(access, origin, list));
}

/**
 * {@link auditInsert} of rows already made JSON ({@link auditRowsJson}): the JSON as a value, or
 * SQL standing for it (e.g. a placeholder of a statement built once).
 */
export function auditInsertOf(rows: string | SQL, entityIdOf?: SQL, onlyIf?: SQL): SQL {
  const { head, tail } = insertStatement();
  const filter = onlyIf ? sql` where ${onlyIf}` : sql``;
  if (!entityIdOf) return sql`${head}${rows}${tail}${filter}`;
  const columns = getTableColumns(auditLog);
  const list2 = WRITTEN.map((key) => `"${columns[key].name}"`);
  const selected = WRITTEN.map((key) =>
    key === 'entityId' ? sql`coalesce("entityId", ${entityIdOf})` : sql.raw(`"${key}"`),
  );
  return sql`insert into ${sql.raw(`"${getTableName(auditLog)}"`)} (${sql.raw(list2.join(', '))})
    select ${sql.join(selected, sql`, `)} from jsonb_to_recordset(${rows}${tail}${filter}`;
}

/**
 * The audit rows of several callers (each with its own actor and origin) as ONE insert statement,
 * e.g. for a group commit that stores the changes of many requests in one data-modifying CTE.
 */
export function auditInsertGroups(
  groups: readonly { access: Access; origin: AuditOrigin; entries: readonly AuditEntry[] }[],
): SQL {
  const { head, tail } = insertStatement();
  const rows = groups.flatMap(({ access, origin, entries }) => auditRows(access, origin, entries));
  return sql`${head}${JSON.stringify(rows)}${tail}`;
}

/**
 * One caller's entries as the insert's JSON rows, keyed by the TypeScript names the statement's
 * record set declares: one object literal per row (an import writes tens of thousands at once).
 */
function auditRows(
  access: Access,
  origin: AuditOrigin,
  entries: readonly AuditEntry[],
): Record<(typeof WRITTEN)[number], unknown>[] {
  const actorIdValue = actorId(access);
  const actorNameValue = actorName(access);
  const actorRoleValue = actorRole(access);
  const purpose = origin.purpose ?? null;
  return entries.map((e) => ({
    actorId: actorIdValue,
    actorName: actorNameValue,
    actorRole: actorRoleValue,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId ?? null,
    personId: e.personId ?? null,
    fields: e.fields ?? [],
    purpose: e.purpose ?? purpose,
    ip: origin.ip,
    details: e.details ?? null,
  }));
}
