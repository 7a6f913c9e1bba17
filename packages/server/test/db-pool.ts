/**
 * Test databases reused across the test files of one worker, reset to the template between files
 * instead of made again.
 *
 * Making a file's database was the db project's largest fixed cost: on PGlite, a copy of the template
 * folder opened costs ~1.6–2.5 s of CPU (the database start itself); on PostgreSQL, `CREATE DATABASE …
 * TEMPLATE` writes the whole template to the WAL and `DROP DATABASE` forces a checkpoint, once per
 * file (~166 files per run). The db project runs with `isolate: false`, so this module's state lives as
 * long as the worker. A file's database is handed out as it was before — on PGlite behind a revocable
 * proxy of the instance, on PostgreSQL as a pool of its own — and when the file closes it, that handle
 * stops working (a timer the file leaked fails as it would on a dropped database instead of writing
 * into the next file's), the database is reset and kept for the next file. The reset:
 *   1. ends what the file left behind: an open transaction, settings, temporary tables, LISTENs and
 *      advisory locks (PGlite: `DISCARD ALL` on its one session; PostgreSQL: the file's connections
 *      are closed and any left are terminated);
 *   2. compares the schema's fingerprint (tables, columns, defaults, constraints, indexes, triggers and
 *      whether they are enabled, functions and their bodies, views, types, roles, schemas, extensions,
 *      database settings) with the template's: a file that changed the schema gets its database
 *      closed (PGlite) or dropped (PostgreSQL), never reused;
 *   3. empties every table that has rows where the template has none, and puts back, from a snapshot
 *      taken once per worker, the rows of every table the template fills (units, diseases,
 *      policies…) when they differ (another row count, or a row written since the last reset);
 *   4. sets every sequence back to the template's value.
 * A step that fails closes or drops the database instead. `db-pool.test.ts` proves each of these.
 */
import { rm } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, PGLITE_EXTENSIONS, wrapPglite } from '../src/db/client.ts';
import type { Database } from '../src/db/client.ts';
import { copyDataDir, testDatabaseUrl, withDatabaseName } from './db-template.ts';

/** Rows and state of the template that a reset puts back (read once per worker and template). */
interface TemplateSnapshot {
  fingerprint: string;
  /** Every user table (schema-qualified, quoted) with the template's row count. */
  tables: { name: string; rows: number; columns: string; json: string | null }[];
  sequences: { name: string; lastValue: string | null }[];
}

/** One session on a pooled database, for the reset (PGlite: the instance; PostgreSQL: a client). */
interface Session {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

/** A database this worker keeps between files. */
interface Pooled {
  /** The template it was made from (the pool's key). */
  template: string;
  session: Session;
  /** Hand the database out to a file: its handle, and what ends that handle. */
  open(): Promise<{ database: Database; end: () => Promise<void> }>;
  /** Close and remove it (PGlite: the instance and its folder; PostgreSQL: drop the database). */
  destroy(): Promise<void>;
  /** Rows written after this transaction (32-bit id) are a file's: the check of reference tables. */
  cleanXid: string;
}

const idle = new Map<string, Pooled[]>();
const snapshots = new Map<string, Promise<TemplateSnapshot>>();
const counts = { opened: 0, reused: 0, discarded: 0 };
/** Idle databases kept per template (a file that opens several databases leaves several). */
const KEEP_IDLE = 2;

/** Remove the databases this worker keeps (tests: a known start). */
export async function dropIdle(): Promise<void> {
  for (const [key, list] of idle) {
    idle.delete(key);
    for (const pooled of list) await pooled.destroy();
  }
}

/** How many databases this worker made, handed on after a reset, and removed instead (tests). */
export function poolCounts(): Readonly<typeof counts> {
  return { ...counts };
}

const USER_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'`;

/**
 * One text that changes when the schema does. Object ids are part of it (a dropped and re-created
 * function or table is another object), relfilenodes are not (TRUNCATE changes those).
 */
const FINGERPRINT_SQL = `
select md5(string_agg(line, E'\\n' order by line)) as fingerprint from (
  select 'class ' || c.oid || ' ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || c.relpersistence::text
         || ' ' || coalesce(array_to_string(c.reloptions, ','), '') || ' ' || c.relrowsecurity as line
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMAS}
  union all
  select 'attr ' || a.attrelid || ' ' || a.attnum || ' ' || a.attname || ' ' || a.atttypid || ' ' || a.atttypmod
         || ' ' || a.attnotnull || ' ' || a.attisdropped || ' ' || a.attgenerated::text || ' ' || a.attidentity::text
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
   where ${USER_SCHEMAS} and a.attnum > 0
  union all
  select 'default ' || d.adrelid || ' ' || d.adnum || ' ' || pg_get_expr(d.adbin, d.adrelid)
    from pg_attrdef d join pg_class c on c.oid = d.adrelid join pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMAS}
  union all
  select 'constraint ' || k.oid || ' ' || k.conname || ' ' || k.convalidated || ' ' || pg_get_constraintdef(k.oid)
    from pg_constraint k join pg_namespace n on n.oid = k.connamespace where ${USER_SCHEMAS}
  union all
  select 'index ' || i.indexrelid || ' ' || pg_get_indexdef(i.indexrelid) || ' ' || i.indisvalid
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMAS}
  union all
  select 'trigger ' || t.oid || ' ' || t.tgrelid || ' ' || t.tgname || ' ' || t.tgenabled::text || ' ' || t.tgfoid
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMAS}
  union all
  select 'function ' || p.oid || ' ' || p.proname || ' ' || md5(coalesce(p.prosrc, '')) || ' ' || coalesce(array_to_string(p.proconfig, ','), '')
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${USER_SCHEMAS}
  union all
  select 'view ' || c.oid || ' ' || md5(pg_get_viewdef(c.oid))
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMAS} and c.relkind in ('v', 'm')
  union all
  select 'policy ' || p.oid || ' ' || p.polname from pg_policy p
  union all
  select 'schema ' || n.oid || ' ' || n.nspname from pg_namespace n where ${USER_SCHEMAS}
  union all
  select 'role ' || r.oid || ' ' || r.rolname || ' ' || r.rolsuper || ' ' || r.rolcanlogin from pg_roles r
  union all
  select 'extension ' || e.oid || ' ' || e.extname || ' ' || e.extversion from pg_extension e
  union all
  select 'setting ' || s.setdatabase || ' ' || s.setrole || ' ' || array_to_string(s.setconfig, ',') from pg_db_role_setting s
   where s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
  union all
  select 'type ' || t.oid || ' ' || t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace where ${USER_SCHEMAS}
) lines`;

async function fingerprint(session: Session): Promise<string> {
  const [row] = await session.query<{ fingerprint: string }>(FINGERPRINT_SQL);
  return row!.fingerprint;
}

const SEQUENCES_SQL = `select quote_ident(schemaname) || '.' || quote_ident(sequencename) as name, last_value::text
  from pg_sequences where schemaname not like 'pg_temp%' order by 1`;

async function takeSnapshot(session: Session): Promise<TemplateSnapshot> {
  const tables = await session.query<{ name: string; columns: string }>(`
    select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name,
           string_agg(quote_ident(a.attname), ', ' order by a.attnum) filter (where a.attgenerated = '') as columns
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where ${USER_SCHEMAS} and c.relkind = 'r'
     group by n.nspname, c.relname order by 1`);
  const snapshot: TemplateSnapshot['tables'] = [];
  for (const { name, columns } of tables) {
    // Only the table's own rows (a partitioned table's rows are in its partitions, listed themselves).
    const [row] = await session.query<{ rows: number; json: string | null }>(
      `select count(*)::int as rows, json_agg(t)::text as json from only ${name} t`,
    );
    snapshot.push({ name, rows: row!.rows, columns, json: row!.rows > 0 ? row!.json : null });
  }
  const sequences = await session.query<{ name: string; last_value: string | null }>(SEQUENCES_SQL);
  return {
    fingerprint: await fingerprint(session),
    tables: snapshot,
    sequences: sequences.map((q) => ({ name: q.name, lastValue: q.last_value })),
  };
}

/** The current transaction id as a 32-bit xid (what `xmin` holds), for `age()` comparisons. */
async function currentXid(session: Session): Promise<string> {
  const [row] = await session.query<{ xid: string }>(`select (txid_current() % 4294967296)::text as xid`);
  return row!.xid;
}

/** Put the database back to the template's state; false when it cannot be (it is removed then). */
async function reset(pooled: Pooled, snapshot: TemplateSnapshot): Promise<boolean> {
  const { session } = pooled;
  if ((await fingerprint(session)) !== snapshot.fingerprint) return false;
  // Which tables differ from the template: rows where it has none; for the tables it fills, another
  // count or a row written since the last reset (younger than the reset's transaction).
  const checks = snapshot.tables.map((t, i) =>
    t.rows === 0
      ? `select ${i} as i where exists (select 1 from only ${t.name})`
      : `select ${i} as i where (select count(*) from only ${t.name}) <> ${t.rows}
           or exists (select 1 from only ${t.name} where age(xmin) < age('${pooled.cleanXid}'::xid))`,
  );
  const dirty = await session.query<{ i: number }>(checks.join('\nunion all\n'));
  if (dirty.length > 0) {
    await session.query('begin');
    try {
      // Triggers (the append-only audit guard, rollups) and foreign keys do not fire: the rows put
      // back are the template's own.
      await session.query(`set local session_replication_role = replica`);
      const emptied = new Set(dirty.map((d) => snapshot.tables[d.i]!));
      await session.query(`truncate ${[...emptied].map((t) => t.name).join(', ')} cascade`);
      // CASCADE may have emptied other tables the template fills: put back every one that differs.
      const refs = snapshot.tables.filter((t) => t.rows > 0);
      const counted = await session.query<{ i: number; n: number }>(
        refs
          .map((t, i) => `select ${i} as i, (select count(*)::int from only ${t.name}) as n`)
          .join(' union all '),
      );
      for (const { i, n } of counted) {
        const t = refs[i]!;
        if (n === t.rows && !emptied.has(t)) continue;
        if (n !== 0) await session.query(`truncate only ${t.name}`);
        await session.query(
          `insert into ${t.name} (${t.columns}) overriding system value
             select ${t.columns} from json_populate_recordset(null::${t.name}, $1::json)`,
          [t.json],
        );
      }
      await session.query('commit');
    } catch (e) {
      await session.query('rollback').catch(() => undefined);
      throw e;
    }
  }
  const sequences = await session.query<{ name: string; last_value: string | null }>(SEQUENCES_SQL);
  const wanted = new Map(snapshot.sequences.map((q) => [q.name, q.lastValue]));
  if (sequences.length !== wanted.size) return false;
  for (const q of sequences) {
    if (!wanted.has(q.name)) return false;
    const value = wanted.get(q.name)!;
    if (q.last_value === value) continue;
    // A sequence the template never used goes back to its start.
    if (value === null) await session.query(`alter sequence ${q.name} restart`);
    else await session.query(`select setval($1::regclass, $2::bigint, true)`, [q.name, value]);
  }
  pooled.cleanXid = await currentXid(session);
  return true;
}

/** Hand `pooled` out to a file; closing the handle resets the database and keeps it for the next. */
async function lease(pooled: Pooled, snapshot: Promise<TemplateSnapshot>): Promise<Database> {
  const { database, end } = await pooled.open();
  let closed = false;
  return {
    ...database,
    close: async () => {
      if (closed) return;
      closed = true;
      const list = idle.get(pooled.template) ?? [];
      let kept = false;
      try {
        // A database whose handle or reset fails is removed, never handed on.
        await end();
        kept = list.length < KEEP_IDLE && (await reset(pooled, await snapshot));
      } catch {
        kept = false;
      }
      if (kept) {
        list.push(pooled);
        idle.set(pooled.template, list);
      } else {
        counts.discarded += 1;
        await pooled.destroy();
      }
    },
  };
}

/** A PGlite copy of the template folder, handed out behind a revocable proxy of the instance. */
async function newPglite(templateDir: string): Promise<Pooled> {
  const dir = `${templateDir}-copy-${String(process.pid)}-${Math.random().toString(36).slice(2, 10)}`;
  await copyDataDir(templateDir, dir);
  const client = await PGlite.create({ dataDir: dir, extensions: PGLITE_EXTENSIONS });
  const session: Session = {
    query: async <T>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows,
  };
  return {
    template: templateDir,
    session,
    cleanXid: '0',
    open: () => {
      const { proxy, revoke } = Proxy.revocable(client, {
        get(target, prop) {
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      return Promise.resolve({
        database: wrapPglite(proxy),
        end: async () => {
          revoke();
          // What the file left in the one session: an open transaction, settings, temporary
          // tables, LISTENs, advisory locks.
          await client.exec('rollback').catch(() => undefined);
          await client.exec('discard all');
        },
      });
    },
    destroy: async () => {
      try {
        await client.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A PostgreSQL database made from the template; each file gets a pool of its own on it. */
async function newPostgres(templateName: string): Promise<Pooled> {
  const url = testDatabaseUrl()!;
  // Named after the template, so the run's end drops what the workers kept (db-template.ts#dropTemplate).
  const name = `${templateName}_c_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${templateName}`);
  } finally {
    await admin.end();
  }
  // Commits wait for the WAL flush as in production (with synchronous_commit off, VACUUM could not
  // mark a just-written page all-visible: checkin/upkeep.test.ts).
  const dbUrl = withDatabaseName(url, name);
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  client.on('error', () => undefined);
  const session: Session = {
    query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
  };
  return {
    template: templateName,
    session,
    cleanXid: '0',
    open: async () => {
      const database = await openDatabase({ kind: 'postgres', url: dbUrl, poolSize: 5 });
      return {
        database,
        end: async () => {
          await database.close();
          // Connections a file left checked out (a leaked timer's) end here, with their locks.
          await client.query(
            `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
          );
        },
      };
    },
    destroy: async () => {
      await client.end().catch(() => undefined);
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

/**
 * A database in the template's state: one this worker kept, reset, when there is one; else a new
 * copy (PGlite folder, or PostgreSQL database made from the template).
 */
export async function pooledTemplateCopy(
  template: { kind: 'pglite'; dir: string } | { kind: 'postgres'; name: string },
): Promise<Database> {
  const key = template.kind === 'pglite' ? template.dir : template.name;
  const reused = idle.get(key)?.pop();
  if (reused) {
    counts.reused += 1;
    return lease(reused, snapshots.get(key)!);
  }
  counts.opened += 1;
  const pooled =
    template.kind === 'pglite' ? await newPglite(template.dir) : await newPostgres(template.name);
  let snapshot = snapshots.get(key);
  if (!snapshot) {
    snapshot = takeSnapshot(pooled.session);
    snapshots.set(key, snapshot);
    snapshot.catch(() => snapshots.delete(key));
  }
  await snapshot;
  pooled.cleanXid = await currentXid(pooled.session);
  return lease(pooled, snapshot);
}
