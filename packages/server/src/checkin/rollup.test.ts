/**
 * The check-in rollup refreshes incrementally and in one process at a time: a pass touches only
 * the (venue, day) pairs that new check-ins touch and adds them without reading the day's other
 * check-ins, counts a check-in that commits a pass late, the hourly reconcile repairs anything
 * else, and while one process refreshes another skips.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import type { Database } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { ROLLUP_LOCK_ID, reconcileCheckinRollup, refreshCheckinRollup, rollupState } from './rollup.ts';

const SEEDED = 5_000;

describe('check-in rollup', () => {
  let database: Database;
  let venueIds: string[];
  const insertCheckins = (venue: string, n: number, key: string) =>
    database.db
      .execute(sql`insert into checkins (venue_id, visitor_key, method, checked_in_at, checked_out_at,
        province_code, district_code, commune_code)
      select ${venue}::uuid, ${key} || g, 'guest', date_trunc('minute', now()) - (g % 600) * interval '1 minute',
        now() + interval '1 hour', '83', '829', '28756'
      from generate_series(1, ${n}) g`);
  /** The rollup and a direct count from raw rows, per venue and local day. */
  const compare = async () => {
    const rollup = await queryRows<{ venue_id: string; day: string; n: number }>(
      database.db,
      sql`select venue_id, day::text as day, count::int as n from checkin_daily order by 1, 2`,
    );
    const direct = await queryRows<{ venue_id: string; day: string; n: number }>(
      database.db,
      sql`select venue_id, (checked_in_at at time zone 'Asia/Ho_Chi_Minh')::date::text as day, count(*)::int as n
        from checkins group by 1, 2 order by 1, 2`,
    );
    return { rollup, direct };
  };
  const rolled = async (venue: string) => {
    const rows = await queryRows<{ n: number }>(
      database.db,
      sql`select coalesce(sum(count), 0)::int as n from checkin_daily where venue_id = ${venue}::uuid`,
    );
    return rows[0]!.n;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const rows = await queryRows<{ id: string }>(
      database.db,
      sql`insert into venues (name, type, address, province_code, district_code, commune_code, status)
        select 'Điểm ' || g, 'market', 'Ấp 1', '83', '829', '28756', 'approved' from generate_series(1, 3) g
        returning id`,
    );
    venueIds = rows.map((r) => r.id).sort();
    // Thousands of check-ins spread from yesterday's local midnight until now (today and yesterday,
    // local time, whatever the hour the test runs at: the reconcile recounts those two days), in one
    // statement.
    await database.db.execute(sql`insert into checkins (venue_id, visitor_key, method, checked_in_at,
        checked_out_at, province_code, district_code, commune_code)
      select (array[${venueIds[0]}::uuid, ${venueIds[1]}::uuid, ${venueIds[2]}::uuid])[1 + g % 3], 's:' || g,
        'guest', date_trunc('minute', now()) - (g % span.minutes) * interval '1 minute', now(), '83', '829', '28756'
      from generate_series(1, ${SEEDED}) g,
        (select floor(extract(epoch from now() - (((now() at time zone 'Asia/Ho_Chi_Minh')::date - 1)::timestamp
          at time zone 'Asia/Ho_Chi_Minh')) / 60)::int as minutes) span`);
  });
  afterAll(async () => {
    await database.close();
  });

  it('the first pass builds the rollup equal to a direct count', async () => {
    const pass = await refreshCheckinRollup(database.db);
    expect(pass).toMatchObject({ ran: true, rowsRead: SEEDED });
    const { rollup, direct } = await compare();
    expect(direct.length).toBeGreaterThanOrEqual(6); // 3 venues × 2 local days
    expect(rollup).toEqual(direct);
  });

  it('a later pass reads only new check-ins and recounts only the pairs they touch', async () => {
    await refreshCheckinRollup(database.db); // the second look at the first batch
    const [a, , c] = venueIds as [string, string, string];
    const trueC = await rolled(c);
    // A wrong figure for venue C, which gets no new check-in: an incremental pass leaves it alone.
    await database.db.execute(sql`update checkin_daily set count = 999 where venue_id = ${c}::uuid`);
    await insertCheckins(a, 100, 'n:');
    const pass = await refreshCheckinRollup(database.db);
    expect(pass).toMatchObject({ ran: true, rowsRead: 100 });
    expect(pass.ran && pass.pairs).toBeLessThanOrEqual(2);
    const { rollup, direct } = await compare();
    expect(rollup.filter((r) => r.venue_id === a)).toEqual(direct.filter((r) => r.venue_id === a));
    const untouched = await queryRows<{ count: number }>(
      database.db,
      sql`select count::int from checkin_daily where venue_id = ${c}::uuid`,
    );
    expect(untouched.map((r) => r.count).every((n) => n === 999)).toBe(true);
    // The hourly reconcile recounts today and yesterday in full and repairs it.
    expect(await reconcileCheckinRollup(database.db, 2)).toBe(true);
    expect(await rolled(c)).toBe(trueC);
    const after = await compare();
    expect(after.rollup).toEqual(after.direct);
  });

  it('a check-in that took its id before a pass and committed after it is counted by the next', async () => {
    const [, b] = venueIds as [string, string];
    // A transaction takes its id (as an insert does), others commit, a pass runs, then it commits.
    const [late] = await queryRows<{ id: string }>(
      database.db,
      sql`select nextval(pg_get_serial_sequence('checkins', 'id'))::text as id`,
    );
    await insertCheckins(b, 10, 'm:');
    await refreshCheckinRollup(database.db);
    expect((await rollupState(database.db))!.lastId).toBeGreaterThan(Number(late!.id));
    await database.db.execute(sql`insert into checkins (id, venue_id, visitor_key, method, checked_in_at,
        checked_out_at, province_code, district_code, commune_code)
      values (${late!.id}::bigint, ${b}::uuid, 'late', 'guest', date_trunc('minute', now()), now(), '83', '829', '28756')`);
    await refreshCheckinRollup(database.db);
    const { rollup, direct } = await compare();
    expect(rollup).toEqual(direct);
  });

  it('a pass adds the new check-ins to their pair: the other check-ins of the day are not read again', async () => {
    const [a] = venueIds as [string];
    expect(await reconcileCheckinRollup(database.db, 2)).toBe(true);
    // An offset no recount would keep: a pass that re-read the day would drop it.
    await database.db.execute(sql`update checkin_daily set count = count + 1000 where venue_id = ${a}::uuid`);
    const before = await rolled(a);
    await insertCheckins(a, 7, 'o:');
    const first = await refreshCheckinRollup(database.db);
    expect(first).toMatchObject({ ran: true, rowsRead: 7 });
    await refreshCheckinRollup(database.db); // the second look settles them
    await refreshCheckinRollup(database.db); // and a third adds nothing
    expect(await rolled(a)).toBe(before + 7);
    // The hourly reconcile counts in full and the offset is gone.
    expect(await reconcileCheckinRollup(database.db, 2)).toBe(true);
    const { rollup, direct } = await compare();
    expect(rollup).toEqual(direct);
  });

  it('while one process refreshes, another skips at once (PostgreSQL: several API processes)', async () => {
    // PGlite has one process by construction (the data folder is locked, db/lock.ts).
    if (!database.pool) return;
    const other = await database.pool.connect();
    try {
      await other.query('begin');
      await other.query('select pg_advisory_xact_lock($1)', [ROLLUP_LOCK_ID]);
      expect(await refreshCheckinRollup(database.db)).toEqual({ ran: false });
      expect(await reconcileCheckinRollup(database.db)).toBe(false);
      await other.query('commit');
    } finally {
      other.release();
    }
    expect(await refreshCheckinRollup(database.db)).toMatchObject({ ran: true });
  });
});
