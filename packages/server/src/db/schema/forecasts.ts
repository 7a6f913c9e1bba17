import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
  real,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Stored forecasts (issue #14 item 6): the 14-day forecast a unit × disease had on the day it was
 * made (`made_on`), one row per horizon day, never updated — so a backtest can later compare them
 * with the cases by report that happened. One forecast per unit × disease × made_on × horizon.
 * The unit is a province, district, health area or commune code; the backtest reads it only after
 * checking the unit against the caller's jurisdiction (`readIndicators`).
 */
export const analyticsForecasts = pgTable(
  'analytics_forecasts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitCode: text('unit_code').notNull(),
    diseaseCode: text('disease_code').notNull(),
    /** The day the forecast was made (its data went up to and including this day). */
    madeOn: date('made_on').notNull(),
    /** Days after `made_on` (1 … 14). */
    horizon: integer('horizon').notNull(),
    /** The forecast day: `made_on + horizon`. */
    day: date('day').notNull(),
    median: real('median').notNull(),
    lower50: real('lower50').notNull(),
    upper50: real('upper50').notNull(),
    lower90: real('lower90').notNull(),
    upper90: real('upper90').notNull(),
    model: text('model').notNull(),
    modelVersion: text('model_version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('analytics_forecasts_key').on(t.unitCode, t.diseaseCode, t.madeOn, t.horizon),
    index('analytics_forecasts_day_idx').on(t.unitCode, t.diseaseCode, t.day),
    check('analytics_forecasts_horizon', sql`${t.horizon} between 1 and 14`),
    check(
      'analytics_forecasts_bands',
      sql`${t.lower90} <= ${t.lower50} and ${t.lower50} <= ${t.median} and ${t.median} <= ${t.upper50} and ${t.upper50} <= ${t.upper90}`,
    ),
  ],
);
