/**
 * The weekly proposal, automatically: at start and every hour, if the current ISO week (Monday
 * in the province's local time, core/src/time/clock.ts) has no proposal yet, compute it. One
 * process at a time on PostgreSQL (a transaction-scoped advisory lock); a week already proposed
 * or confirmed is left alone, so the hourly check costs one indexed read.
 */
import { today, weekMonday } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { epidemicLevelWeeks } from '../db/schema/index.ts';
import { computeLevels } from './compute.ts';

const LEVELS_LOCK_ID = 83_0013_0002;
const DISEASE = 'COVID-19';

/** Propose the current week's levels if nobody has yet; returns the week computed, or null. */
export async function proposeCurrentWeek(
  database: Database,
  provinceCode: string,
  now: Date = new Date(),
): Promise<string | null> {
  const week = weekMonday(today(now));
  return database.db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${LEVELS_LOCK_ID}) as ok`,
    );
    if (!lock?.ok) return null;
    const done = await tx
      .select({ week: epidemicLevelWeeks.week })
      .from(epidemicLevelWeeks)
      .where(
        and(
          eq(epidemicLevelWeeks.provinceCode, provinceCode),
          eq(epidemicLevelWeeks.disease, DISEASE),
          eq(epidemicLevelWeeks.week, week),
        ),
      );
    if (done.length > 0) return null;
    await computeLevels(tx, { provinceCode, week, disease: DISEASE });
    return week;
  });
}

/** Start the hourly check; returns a function that stops it. Errors carry no personal data. */
export function startLevelsWorker(
  database: Database,
  provinceCode: string,
  onError: (e: unknown) => void,
): () => void {
  const tick = () => {
    proposeCurrentWeek(database, provinceCode).catch(onError);
  };
  tick();
  const timer = setInterval(tick, 3_600_000);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
