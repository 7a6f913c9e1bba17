/**
 * import-floor: what PostgreSQL alone must spend per imported dose row, whatever the client does.
 * On the import bench's database (run `npm run bench -- import` first), in one transaction rolled
 * back at the end, the rows that issue #18's rules require for a dose row of a new person are
 * written again under new ids, each table by one `insert … select` from a prepared temporary table:
 * no client, no parameters, no parsing, no linkage — the database's own floor for those rows:
 *
 *   the person (every index the product reads persons by), their blocking keys (linkage), the dose,
 *   the vaccination status, ONE audit row (the minimum: an audit row names the person it concerns;
 *   the import writes two), the import row key (idempotency). No outbox event (the import writes two).
 *
 * The same rows are then written into bare copies of each table (`create table … (like …)`: no
 * index, constraint or trigger; WAL-logged like the real ones): the heap's share of the floor.
 * The backend's CPU is read from /proc (same host). Beside it, `budget_us_per_row` is what
 * `--target` rows/s (issue #18: 20,000) leaves per row on this machine's cores, all work included.
 *
 *   npm run bench -- import-floor [--rows 100000] [--target 20000]
 */
import { availableParallelism, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import type { Tx } from '../packages/server/src/db/client.ts';
import { pidCpuMs } from './import-stages.ts';
import {
  benchDatabase,
  checkKnownArgs,
  numberArg,
  parseArgs,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';

/** The floor's tables, in the order their foreign keys need, with the statement that fills each. */
const STEPS: { table: string; insert: (into: string) => SQL }[] = [
  {
    table: 'persons',
    insert: (
      into,
    ) => sql`insert into ${sql.raw(into)} (id, full_name, name_key, date_of_birth, sex, cccd, cmnd,
      passport, phone, address, commune_code, district_code, province_code, household_id, merged_into, source,
      external_key) select nid, full_name, name_key, date_of_birth, sex, 'f' || cccd, cmnd, passport, phone, address,
      commune_code, district_code, province_code, household_id, merged_into, source, 'floor:' || external_key
      from floor_np`,
  },
  {
    table: 'person_blocking_keys',
    insert: (into) => sql`insert into ${sql.raw(into)} (key, person_id) select 'f' || key, nid from floor_nk`,
  },
  {
    table: 'vaccination_doses',
    insert: (into) => sql`insert into ${sql.raw(into)} (id, person_id, session_id, facility_id, disease,
      product_code, lot_id, dose_number, dose_kind, date, vaccinator_id, vaccinator_name, screening, age_band,
      province_code, district_code, commune_code) select gen_random_uuid(), nid, session_id, facility_id, disease,
      product_code, lot_id, dose_number, dose_kind, date, vaccinator_id, vaccinator_name, screening, age_band,
      province_code, district_code, commune_code from floor_nd`,
  },
  {
    table: 'vaccination_status',
    insert: (into) => sql`insert into ${sql.raw(into)} (person_id, disease, status, doses_given, last_dose_on,
      next_dose_number, next_dose_kind, next_earliest, next_due, province_code, district_code, commune_code,
      first_dose_on, completed_on) select nid, disease, status, doses_given, last_dose_on, next_dose_number,
      next_dose_kind, next_earliest, next_due, province_code, district_code, commune_code, first_dose_on,
      completed_on from floor_ns`,
  },
  {
    table: 'audit_log',
    insert: (
      into,
    ) => sql`insert into ${sql.raw(into)} (actor_id, actor_name, actor_role, action, entity, entity_id,
      person_id, fields, purpose, ip, details) select actor_id, actor_name, actor_role, action, entity, nid::text, nid,
      fields, purpose, ip, details from floor_na`,
  },
  {
    table: 'import_row_keys',
    insert: (into) => sql`insert into ${sql.raw(into)} (kind, key_hash, job_id, entity_id)
      select kind, 'floor:' || key_hash, job_id, entity_id from floor_nr`,
  },
];

runBench(async () => {
  const args = parseArgs();
  checkKnownArgs(args, ['rows', 'target']);
  const limit = Math.floor(numberArg(args, 'rows', 100_000));
  const target = numberArg(args, 'target', 20_000);
  const cores = availableParallelism();
  const bench = await benchDatabase('import', { fresh: false });
  const database = await openDatabase({ kind: 'postgres', url: bench.url, poolSize: 1 });
  const load0 = loadavg()[0]!;
  const cpu: Record<string, number> = {};
  let rows = 0;
  try {
    // An earlier run's rolled-back rows would otherwise stay in the heaps and indexes (dead
    // tuples and index entries until a vacuum) and make this run's inserts dearer.
    await database.db.execute(sql.raw(`vacuum ${STEPS.map((s) => s.table).join(', ')}`));
    await database.db
      .transaction(async (tx: Tx) => {
        const run = (q: SQL) => tx.execute(q);
        const [{ pid }] = (await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`)) as [
          { pid: number },
        ];
        // The rows to write again, prepared (not timed): the bench's imported people under new ids.
        await run(sql`create temp table floor_np on commit drop as
          select gen_random_uuid() as nid, p.* from persons p
          where p.merged_into is null and exists (select 1 from vaccination_doses d where d.person_id = p.id)
          limit ${limit}`);
        const [counted] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from floor_np`);
        rows = counted?.n ?? 0;
        await run(sql`analyze floor_np`);
        if (rows === 0) throw new Error('no imported dose rows: run `npm run bench -- import` first');
        await run(sql`create temp table floor_nk on commit drop as
          select np.nid, k.key from person_blocking_keys k join floor_np np on np.id = k.person_id`);
        await run(sql`create temp table floor_nd on commit drop as
          select distinct on (d.person_id) np.nid, d.* from vaccination_doses d join floor_np np on np.id = d.person_id`);
        await run(sql`create temp table floor_ns on commit drop as
          select np.nid, s.* from vaccination_status s join floor_np np on np.id = s.person_id`);
        // One person-creation audit row of the import, repeated for each new id.
        await run(sql`create temp table floor_na on commit drop as
          select np.nid, a.* from floor_np np cross join (
            select * from audit_log where entity = 'person' and person_id is not null limit 1) a`);
        await run(sql`create temp table floor_nr on commit drop as
          select r.* from import_row_keys r where r.kind = 'doses' limit ${limit}`);
        await run(sql`analyze floor_np, floor_nk, floor_nd, floor_ns, floor_na, floor_nr`);
        for (const bare of [false, true])
          for (const step of STEPS) {
            const into = bare ? `floor_bare_${step.table}` : step.table;
            if (bare) await run(sql.raw(`create table ${into} (like ${step.table} including defaults)`));
            const p0 = pidCpuMs(pid);
            await run(step.insert(into));
            cpu[`${bare ? 'bare_' : ''}${step.table}`] = pidCpuMs(pid) - p0;
          }
        throw new RollBack();
      })
      .catch((e: unknown) => {
        if (!(e instanceof RollBack)) throw e;
      });
  } finally {
    await database.close();
  }
  const metrics: Record<string, number> = {};
  let total = 0;
  let bareTotal = 0;
  for (const [k, ms] of Object.entries(cpu)) {
    const us = (ms * 1000) / rows;
    metrics[`pg_cpu_us_per_row_${k}`] = round(us, 1);
    if (k.startsWith('bare_')) bareTotal += us;
    else total += us;
  }
  metrics.floor_pg_cpu_us_per_row = round(total, 1);
  metrics.floor_bare_pg_cpu_us_per_row = round(bareTotal, 1);
  metrics.budget_us_per_row = round((cores * 1e6) / target, 1);
  metrics.floor_share_of_budget = round(total / metrics.budget_us_per_row, 2);
  for (const [k, v] of Object.entries(metrics)) say(`${k}: ${v}`);
  writeResult({
    name: 'import-floor',
    params: { rows, target, cores, load_at_start: round(load0, 1), load_at_end: round(loadavg()[0]!, 1) },
    metrics,
  });
});

class RollBack extends Error {}
