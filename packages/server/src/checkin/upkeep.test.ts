/**
 * Upkeep of closed day partitions (issue #11): the hourly check-in pass vacuums and analyses a day's
 * partition once the day has ended, so its visibility map exists whatever autovacuum does (the
 * overlap search then reads index pages only); today's partition, still taking inserts, is left
 * alone, and a partition once vacuumed is not vacuumed again.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { approvedVenue, checkinAt } from '../../test/checkin/fixtures.ts';
import { openDatabase, queryRows } from '../db/client.ts';
import { runHourly } from './maintenance.ts';
import { analyzeGrowingToday, vacuumClosedPartitions } from './partitions.ts';

describe('upkeep of closed check-in partitions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const allVisible = async (name: string) =>
    (
      await queryRows<{ n: number }>(
        t.database.db,
        sql`select relallvisible::int as n from pg_class where relname = ${name}`,
      )
    )[0]?.n;

  it("vacuums yesterday's partition once it is closed, not today's, and not twice", async () => {
    const venue = await approvedVenue(t, { name: 'Chợ Ba Tri' });
    const [a, b] = (
      await addPeople(t.database, [
        { fullName: 'Người Hôm Qua', dateOfBirth: '1980-02-02' },
        { fullName: 'Người Hôm Nay', dateOfBirth: '1981-03-03' },
      ])
    ).map((o) => o.personId) as [string, string];
    // 10:00 on 5 Sept 2021 in the province (UTC+7): 4 Sept is closed, 5 Sept is today.
    const now = new Date('2021-09-05T03:00:00Z');
    await runHourly(t.database, new Date('2021-09-04T03:00:00Z')); // the partitions exist before the visits
    await checkinAt(t, venue.id, a, '2021-09-04T02:00:00Z', '2021-09-04T03:00:00Z');
    await checkinAt(t, venue.id, b, '2021-09-05T02:00:00Z', '2021-09-05T02:30:00Z');
    expect(await allVisible('checkins_p20210904')).toBe(0);

    await runHourly(t.database, now);
    expect(await allVisible('checkins_p20210904')).toBeGreaterThan(0);
    expect(await allVisible('checkins_p20210905')).toBe(0);
    // Nothing left to do on the next pass: vacuumed partitions are not vacuumed again.
    expect(await vacuumClosedPartitions(t.database.db, now)).toEqual([]);
    // Once 5 Sept has ended, its turn comes.
    expect(await vacuumClosedPartitions(t.database.db, new Date('2021-09-06T03:00:00Z'))).toEqual([
      'checkins_p20210905',
    ]);
  });

  // PostgreSQL only (PGlite has one connection and no pool): the pass held its advisory lock on one
  // pooled connection and did the work on a second, so with every other connection busy it waited
  // for itself. It now works on the lock's own connection: a pool of one is enough.
  it.runIf(process.env.DATABASE_URL)('needs one pooled connection, not two', async () => {
    const single = await openDatabase({
      kind: 'postgres',
      url: t.database.pool!.options.connectionString!,
      poolSize: 1,
    });
    try {
      await runHourly(single, new Date('2021-11-04T03:00:00Z'));
      const parts = await queryRows<{ n: number }>(
        single.db,
        sql`select count(*)::int as n from pg_class where relname = 'checkins_p20211104'`,
      );
      expect(parts[0]?.n).toBe(1);
    } finally {
      await single.close();
    }
  });

  it("analyses today's partition as it fills — once it has doubled since its last analysis, not before", async () => {
    const venue = await approvedVenue(t, { name: 'Bến xe Mỏ Cày' });
    const now = new Date('2021-10-05T03:00:00Z');
    await runHourly(t.database, now);
    const day = 'checkins_p20211005';
    await t.database.db.execute(sql.raw(`analyze ${day}`)); // analysed while empty, as at a day's start
    const stats = async () =>
      (
        await queryRows<{ pages: number; tuples: number }>(
          t.database.db,
          sql`select relpages::int as pages, reltuples::int as tuples from pg_class where relname = ${day}`,
        )
      )[0]!;
    expect(await stats()).toEqual({ pages: 0, tuples: 0 });
    expect(await analyzeGrowingToday(t.database.db, now)).toBeNull(); // empty: nothing to do
    // A morning of guest check-ins, in one statement.
    await t.database.db
      .execute(sql`insert into checkins (venue_id, visitor_key, method, guest_phone, guest_name,
        checked_in_at, checked_out_at, province_code, district_code, commune_code)
      select ${venue.id}::uuid, 'guest:' || g, 'guest', '09' || lpad(g::text, 8, '0'), 'Khách ' || g,
        timestamptz '2021-10-05T01:00:00Z' + g * interval '1 second', timestamptz '2021-10-05T02:00:00Z' + g * interval '1 second',
        '83', '829', '28756'
      from generate_series(1, 3000) g`);
    expect(await analyzeGrowingToday(t.database.db, now)).toBe(day);
    const after = await stats();
    expect(after.tuples).toBe(3000);
    // Not again until it has doubled.
    expect(await analyzeGrowingToday(t.database.db, now)).toBeNull();
  });
});
