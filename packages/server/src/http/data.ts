/**
 * The request-scoped data access handed to every handler (issue #9, "scoping you cannot forget";
 * modelled on Medplum's request-scoped repository, which applies the caller's access policy to
 * every read). Built by the chain for each request from the caller's Access and the request's
 * database handle (the chain's transaction for mutating routes):
 *
 * - `data.select(table, where)` / `data.persons(where)` / `data.cases(where)` read a table holding
 *   personal data with the caller's jurisdiction applied (`scopeFor`): a route module cannot
 *   forget it, and a caller without a jurisdiction (anonymous, citizen) reads nothing;
 * - `data.scope(table)` is the same condition for a service query that joins several tables;
 * - the raw database is reachable only through `deps.system(reason)`, and every use is recorded
 *   with its reason (the request log; `systemAccessReasons()` for tests and the docs).
 *
 * Route modules may not import the database client, reach `deps.database` or call a query
 * builder themselves: a lint rule (eslint.config.js, "route modules") makes it an error.
 */
import { and } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { FastifyRequest } from 'fastify';
import { scopeFor } from '../access/context.ts';
import type { Access, JurisdictionColumns } from '../access/context.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import { cases, persons } from '../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';

/** A table holding personal data with the jurisdiction columns scopeFor reads. */
export type ScopedTable = PgTable & JurisdictionColumns;

/** What a handler reads personal data through: the caller's jurisdiction is always applied. */
export interface RequestData {
  /** The caller this data access was built for. */
  readonly access: Access;
  /** The jurisdiction condition of a table for this caller (deny by default). */
  scope: (table: JurisdictionColumns) => SQL;
  /** Rows of a personal-data table inside the caller's jurisdiction (and `where`, if given). */
  select: <T extends ScopedTable>(table: T, where?: SQL) => Promise<T['$inferSelect'][]>;
  /** Registry persons inside the caller's jurisdiction. */
  persons: (where?: SQL) => Promise<(typeof persons)['$inferSelect'][]>;
  /** Cases inside the caller's jurisdiction. */
  cases: (where?: SQL) => Promise<(typeof cases)['$inferSelect'][]>;
}

/** Build the data access of one request: `db` is the request's transaction or database. */
export function requestData(db: DbOrTx, access: Access): RequestData {
  const select = async <T extends ScopedTable>(table: T, where?: SQL): Promise<T['$inferSelect'][]> => {
    const source: PgTable = table;
    const rows: unknown = await db
      .select()
      .from(source)
      .where(and(scopeFor(access, table), where));
    return rows as T['$inferSelect'][];
  };
  return {
    access,
    scope: (table) => scopeFor(access, table),
    select,
    persons: (where) => select(persons, where),
    cases: (where) => select(cases, where),
  };
}

/**
 * What a handler may use of the app's dependencies: the configuration and rate limiters, and the
 * raw database only through `system(reason)`.
 */
export interface HandlerDeps {
  config: AppDeps['config'];
  limits?: AppDeps['limits'];
  /**
   * The raw database (in a mutating route, bound to the request's transaction) for work that is
   * not a jurisdiction-scoped read: a public token lookup, a sign-in, a service function that
   * scopes its own queries. The reason is recorded; name it after what the access is for.
   */
  system(reason: string): Database;
  /**
   * The raw database, for route modules not yet converted to `data`/`tx` only (listed in
   * docs/security.md as a known gap); the route-module lint rule forbids it in converted ones.
   * In a mutating route it is bound to the request's transaction too.
   */
  database: Database;
}

const reasons = new Map<string, number>();

/** Every `deps.system(reason)` reason used since the process started, with its count. */
export function systemAccessReasons(): ReadonlyMap<string, number> {
  return reasons;
}

/** The handler's view of the dependencies for one request (`database` is the request's handle). */
export function handlerDeps(deps: AppDeps, database: Database, request: FastifyRequest): HandlerDeps {
  return {
    config: deps.config,
    ...(deps.limits ? { limits: deps.limits } : {}),
    database,
    system(reason: string): Database {
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      // The reason is a constant naming the purpose: no personal data reaches the log.
      request.log.debug({ systemAccess: reason, route: request.routeOptions.url }, 'system database access');
      return database;
    },
  };
}
