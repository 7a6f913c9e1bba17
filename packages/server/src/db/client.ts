import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Config } from '../config.ts';
import { acquireDataDirLock } from './lock.ts';
import * as schema from './schema/index.ts';

export { schema };

/**
 * The Drizzle database both drivers provide (one dialect; both are opened with the schema).
 * Typed without the relational query API (`db.query.*`, unused): typing it for the whole schema
 * made up much of the type-check (ExtractTablesWithRelations over every table).
 */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction handle (same API as Db). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either a database or an open transaction. */
export type DbOrTx = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Close connections and release the data-folder lock. */
  close(): Promise<void>;
  /** The PGlite instance (embedded mode only), for dumps in tests. */
  pglite?: PGlite;
  /** The pg pool (server mode only). */
  pool?: pg.Pool;
}

export const PGLITE_EXTENSIONS = { unaccent, pg_trgm };

/** How long an idle pooled PostgreSQL connection stays open unless configured (DB_POOL_IDLE_SECONDS). */
export const DEFAULT_POOL_IDLE_SECONDS = 600;

// Dates stay 'YYYY-MM-DD' strings, as Drizzle's date columns expect, on both drivers.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

/** Open the configured database: PGlite in a locked folder, or a PostgreSQL pool. */
export async function openDatabase(config: Config['database']): Promise<Database> {
  if (config.kind === 'postgres') {
    // Idle connections are kept (600 s by default, not pg's 10 s): a fresh backend's first
    // statements load its catalog caches and plans, ~100 ms on a burst of tracers.
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize,
      idleTimeoutMillis: (config.idleSeconds ?? DEFAULT_POOL_IDLE_SECONDS) * 1000,
      // Idle connections alone do not keep a script's process alive (as pg's 10 s timeout did).
      allowExitOnIdle: true,
    });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it. Requests see their own errors.
    });
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { kind: 'postgres', db, pool, close: () => pool.end() };
  }
  const release = acquireDataDirLock(config.dataDir);
  try {
    const client = await PGlite.create({ dataDir: config.dataDir, extensions: PGLITE_EXTENSIONS });
    return wrapPglite(client, release);
  } catch (e) {
    release();
    throw e;
  }
}

/** Wrap an already-open PGlite instance (tests open them from a template dump). */
export function wrapPglite(client: PGlite, release: () => void = () => undefined): Database {
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * A Drizzle database over one checked-out PostgreSQL connection (no transaction implied). For
 * work that holds a session-level advisory lock on that connection: it runs on the same
 * connection, so it never waits for a second one from a small pool while holding the first.
 */
export function onClient(client: pg.PoolClient): Db {
  return drizzlePg(client, { schema }) as unknown as Db;
}

/** Run raw SQL and return its rows (both drivers answer with `{ rows }`). */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as { rows: T[] };
  return result.rows;
}

/** True when the database answers a trivial query. */
export async function ping(database: Database): Promise<boolean> {
  try {
    await database.db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
