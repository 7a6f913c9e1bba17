import { sql } from 'drizzle-orm';
import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { jurisdictionColumns } from './columns.ts';
import { users } from './platform.ts';
import { quarantineOrders } from './quarantine.ts';
import { facilities, persons } from './registry.ts';

/**
 * A person's stay at a quarantine facility or hospital under a facility-quarantine order (issue #16
 * item 2): from `from_day` until the day before `to_day` (null while there). A transfer ends the
 * current stay on the transfer day and opens the next one with its reason and `transferred_from`.
 * The place columns are the facility's, so the facility's jurisdiction scopes its occupants.
 */
export const facilityAllocations = pgTable(
  'facility_allocations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => quarantineOrders.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    ...jurisdictionColumns(),
    fromDay: date('from_day').notNull(),
    /** The first day no longer there (exclusive); null while the person stays. */
    toDay: date('to_day'),
    /** Why the person was moved here from `transferred_from` (a transfer's reason). */
    reason: text('reason'),
    transferredFrom: uuid('transferred_from'),
    endedBy: text('ended_by', { enum: ['transfer', 'release'] }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('facility_allocations_current_idx')
      .on(t.orderId)
      .where(sql`${t.toDay} is null`),
    index('facility_allocations_facility_idx').on(t.facilityId, t.fromDay),
  ],
);
