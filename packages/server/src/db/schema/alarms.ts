import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { jurisdictionColumns } from './columns.ts';
import { users } from './platform.ts';

/**
 * Early-warning alarms (issue #14 item 5): one per commune × disease × day × method, raised by the
 * hourly scan (`analytics/alarms/scan.ts`) when EARS C1/C2/C3 or the weekly-incidence threshold
 * (policy `earlyWarning.weeklyIncidence`) flags the commune's cases by report. The place columns
 * are the commune's, so `scopeFor` applies. Acknowledging keeps who, when and a note.
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
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('analytics_alarms_key').on(t.communeCode, t.diseaseCode, t.day, t.method),
    index('analytics_alarms_open_idx').on(t.status, t.communeCode, t.day),
    check('analytics_alarms_commune', sql`${t.communeCode} is not null`),
  ],
);
