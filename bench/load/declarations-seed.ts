/** Seeding shared by the declarations benchmarks (`bench/declarations.ts`, `bench/declarations-cost.ts`). */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../packages/server/src/db/client.ts';
import type { Database } from '../../packages/server/src/db/client.ts';

/** The commune every bench declarant stays in. */
export const BENCH_COMMUNE = { provinceCode: '83', districtCode: '829', communeCode: '28756' };

/**
 * Citizens 0..n-1 with a live session each: a registry person whose id is `benchPersonId(k)`
 * (bench/load/openloop.ts), a citizen account bound to them, and a session whose token is
 * `citizenToken(k)` (stored hashed).
 */
export async function seedCitizens(database: Database, n: number): Promise<void> {
  const c = BENCH_COMMUNE;
  await database.db.execute(sql`
    with made as (
      insert into persons (id, full_name, name_key, date_of_birth, phone, province_code, district_code, commune_code, source)
      select ('00000000-0000-4000-8000-' || lpad(k::text, 12, '0'))::uuid, 'Công Dân ' || k, 'cong dan ' || k,
             date '1980-01-01' + (k % 9000), '08' || lpad(k::text, 8, '0'),
             ${c.provinceCode}, ${c.districtCode}, ${c.communeCode}, 'bench'
      from generate_series(0, ${n - 1}) k
      returning id, phone),
    accounts as (
      insert into citizens (phone, person_id, verified_at, verified_by) select phone, id, now(), 'identity' from made returning id, phone)
    insert into citizen_sessions (token_hash, citizen_id, expires_at)
    select encode(sha256(convert_to('bench-citizen-' || (substring(phone from 3)::int)::text, 'UTF8')), 'hex'),
           id, now() + interval '12 hours'
    from accounts`);
}

/** The shipped health questionnaire's newest version. */
export async function healthQuestionnaire(database: Database): Promise<string> {
  const [q] = await queryRows<{ id: string }>(
    database.db,
    sql`select id from questionnaires where kind = 'health' order by effective_from desc, created_at desc limit 1`,
  );
  if (!q) throw new Error('no health questionnaire: prepareDatabase did not load the shipped versions');
  return q.id;
}
