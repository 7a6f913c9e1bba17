/**
 * The test databases a worker reuses (db-pool.ts): what a file leaves behind never reaches
 * the next file — rows, changed reference data, sequences, session state — and a file that changed
 * the schema never hands its instance on.
 */
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import type { Database } from '../src/db/client.ts';
import { dropIdle, poolCounts, pooledTemplateCopy } from './db-pool.ts';

const template = inject('dbTemplate');

/** One hash of every table's rows and every sequence's value. */
async function digest(database: Database): Promise<string> {
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`select quote_ident(schemaname) || '.' || quote_ident(tablename) as name from pg_tables
         where schemaname not in ('pg_catalog', 'information_schema') order by 1`,
  );
  const parts = await queryRows<{ digest: string }>(
    database.db,
    sql.raw(
      `select md5(string_agg(part, '|' order by part)) as digest from (${[
        ...tables.map(
          (t) =>
            `select '${t.name}:' || coalesce(md5(string_agg(r::text, ',' order by r::text)), '') as part from only ${t.name} r`,
        ),
        `select 'seq:' || string_agg(sequencename || '=' || coalesce(last_value::text, '-'), ',' order by sequencename) from pg_sequences`,
      ].join(' union all ')}) parts`,
    ),
  );
  return parts[0]!.digest;
}

describe('test databases reused between files', () => {
  // Each case starts with no database kept, so the one a case closes is the one it gets next.
  beforeEach(() => dropIdle());

  it('hands the next file the template state, whatever the last file wrote', async () => {
    const first = await pooledTemplateCopy(template);
    const pristine = await digest(first);
    // A file writes rows, changes and deletes reference data, moves sequences, leaves session state.
    await first.db.execute(
      sql`update policy_rules set value = '{"changed": true}'::jsonb where id = (select id from policy_rules order by id limit 1)`,
    );
    await first.db.execute(sql`delete from admin_units where code = (select max(code) from admin_units)`);
    await first.db.execute(sql`insert into diseases (code, definition) values ('zz-test', '{}'::jsonb)`);
    const sequences = await queryRows<{ name: string }>(
      first.db,
      sql`select quote_ident(schemaname) || '.' || quote_ident(sequencename) as name from pg_sequences`,
    );
    expect(sequences.length).toBeGreaterThan(0);
    for (const s of sequences) await first.db.execute(sql`select nextval(${s.name}::regclass)`);
    await first.db.execute(sql`set statement_timeout = 1234`);
    await first.db.execute(sql`create temporary table left_behind (a int)`);
    expect(await digest(first)).not.toBe(pristine);
    const before = poolCounts();
    await first.close();

    const second = await pooledTemplateCopy(template);
    expect(poolCounts().reused).toBe(before.reused + 1);
    expect(await digest(second)).toBe(pristine);
    const [setting] = await queryRows<{ statement_timeout: string }>(second.db, sql`show statement_timeout`);
    expect(setting!.statement_timeout).toBe('0');
    await expect(second.db.execute(sql`select * from left_behind`)).rejects.toThrow();
    await second.close();
  });

  it('refuses a closed handle: a timer the last file leaked cannot write into the next file', async () => {
    const first = await pooledTemplateCopy(template);
    await first.close();
    await expect(first.db.execute(sql`select 1`)).rejects.toThrow();
    const next = await pooledTemplateCopy(template);
    await expect(next.db.execute(sql`select 1`)).resolves.toBeDefined();
    await next.close();
  });

  it.each([
    ['adds a column', sql`alter table diseases add column left_behind int`],
    ['disables a trigger', sql`alter table audit_log disable trigger user`],
    [
      'replaces a function',
      sql`create or replace function epilink_time_zone() returns text language sql as $$ select 'UTC' $$`,
    ],
  ])('never hands on an instance whose schema a file changed: it %s', async (_what, change) => {
    const first = await pooledTemplateCopy(template);
    const pristine = await digest(first);
    await first.db.execute(change);
    const before = poolCounts();
    await first.close();
    expect(poolCounts().discarded).toBe(before.discarded + 1);
    // The next file gets a new copy, in the template's state.
    const next = await pooledTemplateCopy(template);
    expect(poolCounts().opened).toBe(before.opened + 1);
    expect(await digest(next)).toBe(pristine);
    const [disabled] = await queryRows<{ n: number }>(
      next.db,
      sql`select count(*)::int as n from pg_trigger where tgenabled = 'D'`,
    );
    expect(disabled!.n).toBe(0);
    await next.close();
  });
});
