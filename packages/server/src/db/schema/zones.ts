import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Ring } from '@epilink/core/geo/index';
import { jurisdictionColumns } from './columns.ts';
import { testPools, testRegistrations, testSites } from './testing.ts';

/**
 * A blockaded zone (vùng phong tỏa) or a community testing campaign (xét nghiệm diện rộng), issue
 * #16 items 6–7: a set of communes (drawn as a list or selected by a polygon), its decision, its
 * start and, for a zone, its lifting. Jurisdiction = the smallest unit holding every commune of
 * it (a zone of two communes of one district belongs to the district), so only an official whose
 * jurisdiction contains the whole zone sees or manages it.
 */
export const zones = pgTable(
  'zones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['blockade', 'campaign'] }).notNull(),
    name: text('name').notNull(),
    reason: text('reason').notNull(),
    decisionRef: text('decision_ref').notNull(),
    diseaseCode: text('disease_code').notNull().default('COVID-19'),
    startsOn: date('starts_on').notNull(),
    /** How the communes were chosen: a list of units, or a polygon (communes whose centroid is inside). */
    drawnBy: text('drawn_by', { enum: ['units', 'polygon'] }).notNull(),
    /** The drawn polygon (lon/lat outer ring), when drawn so; venues with coordinates are tested against it. */
    polygon: jsonb('polygon').$type<Ring>(),
    /** A campaign's target: the percentage of residents to test (1–100); null for a zone. */
    targetPercent: integer('target_percent'),
    status: text('status', { enum: ['active', 'lifted'] })
      .notNull()
      .default('active'),
    liftedOn: date('lifted_on'),
    liftDecisionRef: text('lift_decision_ref'),
    liftedBy: uuid('lifted_by'),
    ...jurisdictionColumns(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('zones_status_idx').on(t.kind, t.status, t.startsOn),
    index('zones_created_idx').on(t.createdAt, t.id),
  ],
);

/** The communes of a zone (with their district, so a route given as districts also matches). */
export const zoneUnits = pgTable(
  'zone_units',
  {
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    communeCode: text('commune_code').notNull(),
    districtCode: text('district_code'),
  },
  (t) => [
    primaryKey({ columns: [t.zoneId, t.communeCode] }),
    index('zone_units_commune_idx').on(t.communeCode),
    index('zone_units_district_idx').on(t.districtCode),
  ],
);

/** A testing round of a zone or campaign: every resident registered at a site, pooled. */
export const zoneRounds = pgTable(
  'zone_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    number: integer('number').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    poolBy: text('pool_by', { enum: ['household', 'cluster'] }).notNull(),
    poolSize: integer('pool_size').notNull(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => testSites.id),
    memberCount: integer('member_count').notNull(),
    poolCount: integer('pool_count').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('zone_rounds_zone_idx').on(t.zoneId, t.number)],
);

/**
 * A resident of a round: their registration (testing module) and the pre-labelled pool they go in.
 * `personId` is the registration's person (written from it in the same statement, rounds.ts), so
 * it has no foreign key of its own: the registration's (`test_registrations.person_id`) holds it to
 * `persons`, and a round of 20,000 residents makes 20,000 fewer checks.
 */
export const zoneRoundMembers = pgTable(
  'zone_round_members',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => zoneRounds.id),
    personId: uuid('person_id').notNull(),
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => testRegistrations.id),
    poolId: uuid('pool_id')
      .notNull()
      .references(() => testPools.id),
    communeCode: text('commune_code'),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.personId] }),
    index('zone_round_members_pool_idx').on(t.poolId),
  ],
);

/**
 * An SMS invitation sent to a member of a round (issue #16 item 7): one row per round and person,
 * so sending the invitations again texts only those never invited (idempotent re-sending).
 */
export const zoneInvitations = pgTable(
  'zone_invitations',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => zoneRounds.id),
    personId: uuid('person_id').notNull(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull().defaultNow(),
    invitedBy: uuid('invited_by'),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.personId] })],
);
