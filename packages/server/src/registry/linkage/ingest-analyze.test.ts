/**
 * Planner statistics after many people were linked in small batches (declarations, forms): the
 * ANALYZE that ingest asks for runs after the batch, outside its transaction — inside, it held the
 * whole group commit of declarations for its duration. Real database (PGlite and PostgreSQL).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { queryRows } from '../../db/client.ts';
import {
  ANALYZE_EVERY_ROWS,
  DEFERRED_ANALYZE_TARGET,
  analyzeSchedule,
  startDeferredAnalyze,
} from './ingest.ts';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hải', 'Khánh', 'Linh', 'Minh', 'Nga', 'Phúc', 'Quân'];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** The keys table's row count as the planner knows it (changed only by ANALYZE or VACUUM). */
async function plannerRows(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    t.database.db,
    sql`select reltuples::float8 as n from pg_class where relname = 'person_blocking_keys'`,
  );
  return row!.n;
}

describe('statistics after people linked in small batches', () => {
  it('are refreshed after the batches, not inside their transactions', async () => {
    // The threshold counts this process's people (test files share the process): start afresh.
    Object.assign(analyzeSchedule, { sinceLast: 0, total: 0, deferred: false });
    await t.database.db.execute(sql`analyze person_blocking_keys`);
    const before = await plannerRows();
    // More people than the threshold, 250 at a time (well under the 2,000 keys of a large batch).
    for (let b = 0; b * 250 < ANALYZE_EVERY_ROWS + 250; b++)
      await addPeople(
        t.database,
        Array.from({ length: 250 }, (_, i) => {
          const n = b * 250 + i;
          return {
            fullName: `${FAMILY[n % 10]} Văn ${GIVEN[Math.floor(n / 10) % 12]} ${Math.floor(n / 120)}`,
            dateOfBirth: `19${String(40 + (n % 60)).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 10}`,
            sex: 'male' as const,
          };
        }),
      );
    // No batch analysed inside its transaction: the planner still knows the old count.
    expect(analyzeSchedule.deferred).toBe(true);
    expect(await plannerRows()).toBe(before);

    const stop = startDeferredAnalyze(t.database.db, (e) => {
      throw e;
    });
    try {
      await expect.poll(plannerRows, { timeout: 30_000, interval: 200 }).toBeGreaterThan(before + 10_000);
    } finally {
      await stop();
    }
    // A small sample (DEFERRED_ANALYZE_TARGET): the analysis runs beside the group commits, so
    // it must stay cheap — a histogram of at most target + 1 bounds for the join column.
    const [stats] = await queryRows<{ bounds: number | null }>(
      t.database.db,
      sql`select array_length(histogram_bounds::text::text[], 1) as bounds from pg_stats
          where tablename = 'person_blocking_keys' and attname = 'person_id'`,
    );
    expect(stats?.bounds).toBeGreaterThan(1);
    expect(stats?.bounds).toBeLessThanOrEqual(DEFERRED_ANALYZE_TARGET + 1);
    const [people] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select reltuples::float8 as n from pg_class where relname = 'persons'`,
    );
    expect(people!.n).toBeGreaterThanOrEqual(ANALYZE_EVERY_ROWS);
  }, 120_000);
});
