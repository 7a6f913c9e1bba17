import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { clockZone } from './schema/index.ts';

/**
 * Write the one clock's time zone (config `TIME_ZONE`, core/time/clock.ts) into the database's
 * `clock_zone` row, read by SQL through `epilink_time_zone()`: the indicator triggers and views and
 * the reports' queries then cut local days where the clock does. Called at every start, before
 * anything is stored; a row already holding the zone is left alone.
 */
export async function storeClockZone(db: DbOrTx, timeZone: string): Promise<void> {
  await db
    .insert(clockZone)
    .values({ id: true, timeZone })
    .onConflictDoUpdate({
      target: clockZone.id,
      set: { timeZone, updatedAt: sql`now()` },
      setWhere: sql`${clockZone.timeZone} is distinct from excluded.time_zone`,
    });
}
