import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase, PGLITE_EXTENSIONS, wrapPglite } from '../src/db/client.ts';
import type { Database } from '../src/db/client.ts';
import { prepareDatabase } from '../src/bootstrap.ts';
import { pooledTemplateCopy } from './db-pool.ts';

/** The template the global setup builds once and every test file clones (vitest's provide/inject);
 * declared here, beside `cloneTemplate`, so every program that compiles the helpers — the suite's and
 * the benchmarks' (bench/citizen-pages.ts reuses the browser helpers) — knows its type. */
declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: { kind: 'pglite'; dir: string } | { kind: 'postgres'; name: string };
  }
}

/** The database URL the suite runs against, or undefined for the embedded database. */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url && url.length > 0 ? url : undefined;
}

/** The same server, another database name. */
export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export const PG_TEMPLATE_NAME = `epilink_test_template_${process.pid}`;

/** Config for tests: no demo province, quiet logs. */
export function testConfig(overrides: Record<string, string> = {}) {
  return loadConfig({
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    PROVINCE_CODE: '83',
    // Test files make many requests from one address; rate-limit tests set their own limits.
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_USER: '1000000',
    // Tests anchor the audit chain with a test-only key (production reads it from the environment).
    AUDIT_ANCHOR_KEY: 'epilink-test-only-audit-anchor-key-0123456789',
    // The status card QR's signing key, test-only (EC P-256 PKCS#8; production reads it from the environment).
    STATUS_SIGNING_KEY:
      'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/t8C7KQvuIm++v4sDeJOWbI4V/MOqr5BbhXwUtGAJcChRANCAAQpHujVJUSuP+dvLKp8pxTXc/LIz6rJMGYro0vco73pNIjiexOvMWv20K1XOZ+08Ga8ZLlit84hElvgD7lilKiX',
    ...overrides,
  });
}

/**
 * Build the template: a migrated database with the shipped reference data (units, diseases, policies).
 * The embedded one is a data folder under `.tmp` (closed cleanly, so a copy of it opens without
 * recovery); `dir` names it and prefixes every copy made from it, so the run's end removes them all.
 */
export async function buildTemplate(): Promise<
  { kind: 'pglite'; dir: string } | { kind: 'postgres'; name: string }
> {
  const url = testDatabaseUrl();
  const config = testConfig();
  if (!url) {
    const dir = join(process.cwd(), '.tmp', `pglite-template-${process.pid}`);
    await rm(dir, { recursive: true, force: true });
    // PGlite creates only the last folder: a fresh checkout has no .tmp yet.
    await mkdir(dirname(dir), { recursive: true });
    const client = await PGlite.create({ dataDir: dir, extensions: PGLITE_EXTENSIONS });
    const database = wrapPglite(client);
    await prepareDatabase(database, config);
    await database.close();
    return { kind: 'pglite', dir };
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${PG_TEMPLATE_NAME}`);
  await admin.query(`create database ${PG_TEMPLATE_NAME}`);
  await admin.end();
  const database = await openDatabase({
    kind: 'postgres',
    url: withDatabaseName(url, PG_TEMPLATE_NAME),
    poolSize: 2,
  });
  await prepareDatabase(database, config);
  await database.close();
  return { kind: 'postgres', name: PG_TEMPLATE_NAME };
}

/** Drop the PostgreSQL template and the databases made from it that are left (end of the run). */
export async function dropTemplate(name: string): Promise<void> {
  const url = testDatabaseUrl();
  if (!url) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  // The databases the workers kept for their next files (db-pool.ts) are named after the template.
  const { rows } = await admin.query<{ datname: string }>(
    `select datname from pg_database where datname like $1`,
    [`${name}\\_c\\_%`],
  );
  for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

/**
 * Copy a closed embedded data folder (the system's `cp`: Node's recursive copy costs ~0.5 s of CPU for
 * the template's 63 MB, `cp` a tenth of it). Copying the folder and opening it costs about half the CPU
 * of loading the same database from a tar dump into memory (untarred by PGlite itself), once per file.
 */
export async function copyDataDir(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await promisify(execFile)('cp', ['-r', from, to]);
}

/** Open a copy of a closed embedded data folder as a new database; closing it deletes the copy. */
export async function openDataDirCopy(from: string, to: string): Promise<Database> {
  await copyDataDir(from, to);
  const client = await PGlite.create({ dataDir: to, extensions: PGLITE_EXTENSIONS });
  const database = wrapPglite(client);
  return {
    ...database,
    close: async () => {
      try {
        await database.close();
      } finally {
        await rm(to, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A copy of the template for a server run as its own process (`src/main.ts`, the durability tests'
 * SIGKILL): the environment that points the server at it (`DATABASE_URL` of a new PostgreSQL
 * database made from the template, or `DATA_DIR` of a copied PGlite folder) and how to remove it.
 * The copy already has the migrations and reference data a fresh start would load (as in every
 * test file), so the test does not migrate a database of its own.
 */
export async function templateCopyForServer(
  template: { kind: 'pglite'; dir: string } | { kind: 'postgres'; name: string },
): Promise<{ env: Record<string, string>; remove: () => Promise<void> }> {
  const suffix = `${String(process.pid)}_${Math.random().toString(36).slice(2, 10)}`;
  if (template.kind === 'pglite') {
    const dir = `${template.dir}-copy-server-${suffix}`;
    await copyDataDir(template.dir, dir);
    return {
      env: { DATA_DIR: dir, DATABASE_URL: '' },
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const url = testDatabaseUrl()!;
  const name = `epilink_s_${suffix}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${template.name}`);
  await admin.end();
  return {
    env: { DATABASE_URL: withDatabaseName(url, name) },
    remove: async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** A database in the template's state; closing it resets it for the worker's next file (db-pool.ts). */
export function cloneTemplate(
  template: { kind: 'pglite'; dir: string } | { kind: 'postgres'; name: string },
): Promise<Database> {
  // One this worker kept and reset (db-pool.ts), else a new copy of the template.
  return pooledTemplateCopy(template);
}
