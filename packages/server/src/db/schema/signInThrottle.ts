import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Failed password sign-ins counted per account name, in the database so every API process sees
 * the same count (auth/accountThrottle.ts). The key is the SHA-256 of the name as typed (trimmed,
 * lower-cased), so unknown names are counted exactly like known ones and a name typed by mistake
 * (or a password typed into the name field) is not stored. A row is removed by a successful
 * sign-in, and rows idle for a day are swept.
 */
export const signInThrottles = pgTable(
  'sign_in_throttles',
  {
    keyHash: text('key_hash').primaryKey(),
    /** Failures in the window that started at `windowStartedAt`. */
    failures: integer('failures').notNull().default(0),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
    /** Until when password sign-in under this name is refused (null: not locked). */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Locks in a row without a successful sign-in: each doubles the next one's length (capped). */
    locks: integer('locks').notNull().default(0),
  },
  (t) => [index('sign_in_throttles_window_idx').on(t.windowStartedAt)],
);
