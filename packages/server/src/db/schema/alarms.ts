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
import { jurisdictionColumns } from './columns.ts';
import { users } from './platform.ts';

/**
 * Early-warning alarms (issue #14 item 5): one per commune × disease × day × method, raised by the
 * hourly scan (`analytics/alarms/scan.ts`) when EARS C1/C2/C3 or the weekly-incidence threshold
 * (policy `earlyWarning.weeklyIncidence`) flags the commune's cases by report. The place columns
 * are the commune's, so `scopeFor` applies. Acknowledging keeps who, when and a note. Closing
 * keeps why (`quiet`: the scan found no alarm of the commune × disease for the policy's
 * `earlyWarning.alarmClosing` days; `resolved`: an official closed it with a note), who and when.
 */
export const analyticsAlarms = pgTable(
  'analytics_alarms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...jurisdictionColumns(),
    diseaseCode: text('disease_code').notNull(),
    day: date('day').notNull(),
    method: text('method', { enum: ['C1', 'C2', 'C3', 'weeklyIncidence'] }).notNull(),
    /** The day's cases by report (EARS) or the 7-day incidence per 100,000 residents. */
    observed: real('observed').notNull(),
    /** The EARS upper bound or the policy's weekly-incidence threshold. */
    threshold: real('threshold').notNull(),
    status: text('status', { enum: ['open', 'acknowledged', 'closed'] })
      .notNull()
      .default('open'),
    note: text('note'),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    closeReason: text('close_reason', { enum: ['quiet', 'resolved'] }),
    closeNote: text('close_note'),
    /** The official who resolved it (null when the scan closed it). */
    closedBy: uuid('closed_by').references(() => users.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('analytics_alarms_key').on(t.communeCode, t.diseaseCode, t.day, t.method),
    index('analytics_alarms_open_idx').on(t.status, t.communeCode, t.day),
    check('analytics_alarms_commune', sql`${t.communeCode} is not null`),
    check(
      'analytics_alarms_closed',
      sql`(${t.status} = 'closed') = (${t.closeReason} is not null and ${t.closedAt} is not null)`,
    ),
  ],
);

/**
 * The days the early-warning scan has evaluated (one row per day, updated by each pass over it), so
 * a scan after the server was down catches up the days it missed (`analytics/alarms/scan.ts`).
 */
export const analyticsAlarmScans = pgTable('analytics_alarm_scans', {
  day: date('day').primaryKey(),
  evaluated: integer('evaluated').notNull(),
  raised: integer('raised').notNull(),
  closed: integer('closed').notNull(),
  scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull().defaultNow(),
});
