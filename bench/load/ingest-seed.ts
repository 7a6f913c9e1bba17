/**
 * The seed of the check-in ingest benchmarks (`checkin-ingest`, `load/checkin-settle-ab.ts`):
 * approved venues with tokens, signed-in citizens with a live session each, and the settling of
 * the seeded database before a server is measured on it.
 */
import { sql } from 'drizzle-orm';
import { ensurePartitions } from '../../packages/server/src/checkin/partitions.ts';
import { newVenueToken } from '../../packages/server/src/checkin/venues.ts';
import { queryRows } from '../../packages/server/src/db/client.ts';
import type { Database } from '../../packages/server/src/db/client.ts';

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
 * written out. Right after the one-statement seed, every persons / citizens / citizen_sessions row
 * is unread (no hint bits, no visibility map) and its pages are dirty; the first check-in to read a
 * row paid for that (the session statement cost 0.131 ms of PostgreSQL CPU per item before a
 * vacuum, 0.071 ms after: bench/load/checkin-pgcost.mjs at load 22-26), and the seed's dirty pages
 * were written out during round 1 (by the checkpoint its WAL forces, or by the backends when
 * evicting them from 128 MB of shared buffers). A production province's rows were written long before the
 * check-ins and vacuumed since (autovacuum's insert threshold). VACUUM and CHECKPOINT run outside
 * a transaction; CHECKPOINT only on PostgreSQL (PGlite writes on its own close).
 */
export async function settleSeed(database: Database): Promise<void> {
  await database.db.execute(sql`vacuum (analyze)`);
  if (database.kind === 'postgres') await database.db.execute(sql`checkpoint`);
}
