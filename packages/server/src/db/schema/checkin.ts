import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Check-in venues. A venue owner (a `venue_owner` account, `owner_user_id`) registers a venue in
 * a commune; the commune health station approves it. Jurisdiction columns as for persons.
 */
export const venues = pgTable(
  'venues',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    address: text('address').notNull(),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code').notNull(),
    communeCode: text('commune_code').notNull(),
    capacity: integer('capacity'),
    openingHours: text('opening_hours'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    defaultStayMinutes: integer('default_stay_minutes').notNull().default(60),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'suspended'] })
      .notNull()
      .default('pending'),
    ownerUserId: uuid('owner_user_id'),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('venues_place_idx').on(t.provinceCode, t.districtCode, t.communeCode, t.status),
    index('venues_owner_idx').on(t.ownerUserId),
    // The venue list's keyset order (newest first).
    index('venues_created_idx').on(t.createdAt, t.id),
  ],
);

/**
 * The unguessable tokens printed in venue QR codes (128 random bits). Re-issuing revokes the old
 * token (kept, so a scan of an old poster gets "replaced", not "unknown").
 */
export const venueTokens = pgTable(
  'venue_tokens',
  {
    token: text('token').primaryKey(),
    venueId: uuid('venue_id')
      .notNull()
      .references(() => venues.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('venue_tokens_venue_idx').on(t.venueId)],
);

/**
 * Check-ins: one row per visit. On both databases the table is partitioned by range of
 * `checked_in_at` (one partition per local day, created ahead by the maintenance job, plus a
 * default partition): purge = DROP of whole old partitions (migration 0007, checkin/partitions.ts).
 * `checked_in_at` is kept to the minute; `checked_out_at` is the planned (automatic) check-out
 * until the visitor checks out earlier. `visitor_key` (person or guest) + venue + minute is
 * unique, so a duplicate tap or a retried request stores nothing twice.
 */
export const checkins = pgTable(
  'checkins',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    venueId: uuid('venue_id').notNull(),
    personId: uuid('person_id'),
    visitorKey: text('visitor_key').notNull(),
    method: text('method', { enum: ['self', 'household', 'guest', 'scan'] }).notNull(),
    guestPhone: text('guest_phone'),
    guestName: text('guest_name'),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull(),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }).notNull(),
    checkedOutBy: text('checked_out_by', { enum: ['auto', 'visitor', 'venue'] })
      .notNull()
      .default('auto'),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code').notNull(),
    communeCode: text('commune_code').notNull(),
    /** Who recorded it: the citizen, the venue staff account, or null for a guest. */
    recordedBy: uuid('recorded_by'),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.checkedInAt] }),
    uniqueIndex('checkins_visit_uq').on(t.visitorKey, t.venueId, t.checkedInAt),
    // Both with INCLUDE columns (migrations 0008, 0010; custom SQL, not modelled here): the overlap
    // search reads only these indexes. Since 0070 the venue index is (venue_id, checked_in_at,
    // checked_out_at) INCLUDE (person_id, id, guest_phone, guest_name).
    index('checkins_venue_time_idx').on(t.venueId, t.checkedInAt),
    index('checkins_person_time_idx').on(t.personId, t.checkedInAt),
    index('checkins_unlinked_idx')
      .on(t.checkedInAt)
      .where(sql`person_id is null`),
  ],
);

/**
 * Check-ins kept past the retention period because an open case investigation needs them: the
 * purge keeps every row of a held person inside the held window, until the hold is released.
 */
export const checkinHolds = pgTable(
  'checkin_holds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').notNull(),
    fromAt: timestamp('from_at', { withTimezone: true }).notNull(),
    toAt: timestamp('to_at', { withTimezone: true }).notNull(),
    /** The investigation (case) that needs them, as the contact-tracing module names it. */
    investigation: text('investigation').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (t) => [
    index('checkin_holds_open_idx')
      .on(t.personId)
      .where(sql`released_at is null`),
  ],
);

/** Check-ins per venue and local day: the activity indicators read this rollup, never raw rows. */
export const checkinDaily = pgTable(
  'checkin_daily',
  {
    venueId: uuid('venue_id').notNull(),
    day: date('day').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    /**
     * Of `count`, the check-ins with an id above the rollup's `prev_id` (checkin/rollup.ts): the
     * next pass counts them again instead of adding them twice. 0 for rows no pass wrote.
     */
    recent: bigint('recent', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.venueId, t.day] }), index('checkin_daily_day_idx').on(t.day)],
);

/**
 * Where the incremental refresh of `checkin_daily` stands: check-ins with an id above `prev_id`
 * are re-examined (two passes each, so a check-in committed up to one pass late is still counted);
 * `last_id` is the highest id seen by the last pass. One row per rollup.
 */
export const checkinRollupState = pgTable('checkin_rollup_state', {
  name: text('name').primaryKey(),
  prevId: bigint('prev_id', { mode: 'number' }).notNull().default(0),
  lastId: bigint('last_id', { mode: 'number' }).notNull().default(0),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }),
});
