/**
 * The seed of the check-in ingest benchmarks (`checkin-ingest`, `load/checkin-settle-ab.ts`):
 * approved venues with tokens, signed-in citizens with a live session each, and the settling of
 * the seeded database before a server is measured on it.
 */
import { sql } from 'drizzle-orm';
import { prepareDatabase } from '../../packages/server/src/bootstrap.ts';
import { loadConfig } from '../../packages/server/src/config.ts';
import { openDatabase } from '../../packages/server/src/db/client.ts';
import { ensurePartitions } from '../../packages/server/src/checkin/partitions.ts';
import { newVenueToken } from '../../packages/server/src/checkin/venues.ts';
import { queryRows } from '../../packages/server/src/db/client.ts';
import type { Database } from '../../packages/server/src/db/client.ts';
import { benchDatabase, say } from '../lib.ts';

/** Venues (approved, with tokens) and today's partitions in a prepared database. */
export async function seedVenues(database: Database, count: number): Promise<string[]> {
  await ensurePartitions(database.db, { from: new Date(Date.now() - 86_400_000), days: 3 });
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const [v] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into venues (name, type, address, province_code, district_code, commune_code, status)
        values (${`Điểm thử ${i}`}, 'shop', 'Ấp 1', '83', '829', '28756', 'approved') returning id`,
    );
    const token = newVenueToken();
    await database.db.execute(sql`insert into venue_tokens (token, venue_id) values (${token}, ${v!.id})`);
    tokens.push(token);
  }
  return tokens;
}

/**
 * Citizens 0..n-1 with a live session each: a registry person (an adult, alone in no household),
 * a citizen account bound to them, and a session whose token is `citizenToken(k)` (stored hashed).
 */
export async function seedCitizens(database: Database, n: number): Promise<void> {
  await database.db.execute(sql`
    with made as (
      insert into persons (full_name, name_key, date_of_birth, phone, province_code, district_code, commune_code, source)
      select 'Công Dân ' || k, 'cong dan ' || k, date '1980-01-01' + (k % 9000), '08' || lpad(k::text, 8, '0'),
             '83', '829', '28756', 'bench'
      from generate_series(0, ${n - 1}) k
      returning id, phone),
    accounts as (
      insert into citizens (phone, person_id, verified_at, verified_by) select phone, id, now(), 'identity' from made returning id, phone)
    insert into citizen_sessions (token_hash, citizen_id, expires_at)
    select encode(sha256(convert_to('bench-citizen-' || (substring(phone from 3)::int)::text, 'UTF8')), 'hex'),
           id, now() + interval '12 hours'
    from accounts`);
}

/**
 * The seeded database as a production database holds the same rows: vacuumed, analyzed and
 * written out. Right after the one-statement seed (~205 MB of persons, citizens and sessions with
 * their indexes, more than the 128 MB of shared buffers) the rows were never vacuumed (this
 * PostgreSQL runs with autovacuum off) and their pages were still being written out — by the
 * checkpoints the seed's WAL forces (14 on the cluster during one seed at load 20) and by the
 * backends evicting dirty buffers — while round 1 was measured. A production province's rows
 * were written long before its check-ins and vacuumed since. Measured so far (docs/checkin.md):
 * no difference in PostgreSQL CPU per batched item between a settled and an unsettled seed in
 * interleaved runs; the effect on round 1's latency needs a quiet machine. VACUUM and CHECKPOINT
 * run outside a transaction; CHECKPOINT only on PostgreSQL (PGlite writes on its own close).
 */
export async function settleSeed(database: Database): Promise<void> {
  await database.db.execute(sql`vacuum (analyze)`);
  if (database.kind === 'postgres') await database.db.execute(sql`checkpoint`);
}

/**
 * A fresh PostgreSQL bench database `epilink_bench_<name>`, migrated, with `venues` approved venues
 * and `citizens` signed-in citizens, settled: what `checkin-ingest` and `checkin-floor` measure on.
 */
export async function seededIngestDatabase(
  name: string,
  venues: number,
  citizens: number,
): Promise<{ url: string; database: Database; tokens: string[] }> {
  const target = await benchDatabase(name, { fresh: true });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
  await prepareDatabase(
    database,
    loadConfig({ DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent', PROVINCE_CODE: '83' }),
  );
  const tokens = await seedVenues(database, venues);
  say(`seeding ${citizens} signed-in citizens…`);
  await seedCitizens(database, citizens);
  await settleSeed(database);
  return { url: target.url, database, tokens };
}
