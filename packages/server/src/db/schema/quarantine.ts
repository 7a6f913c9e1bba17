import { sql } from 'drizzle-orm';
import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { jurisdictionColumns } from './columns.ts';
import { users } from './platform.ts';
import { facilities, persons } from './registry.ts';

/**
 * Quarantine and isolation orders (issue #16): proposed when an F1 is confirmed (`contact_id`) or
 * a case is confirmed (`case_id`, home isolation), confirmed/changed/released by the commune. Dates
 * follow the rule in force on the exposure (or sample) date; `rule_source` names it. The place
 * columns are the person's, so `scopeFor` applies.
 */
export const quarantineOrders = pgTable(
  'quarantine_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...jurisdictionColumns(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    diseaseCode: text('disease_code').notNull(),
    role: text('role', { enum: ['F1', 'F0'] }).notNull(),
    contactId: uuid('contact_id'),
    caseId: uuid('case_id'),
    kind: text('kind', {
      enum: ['facility_quarantine', 'home_quarantine', 'home_isolation', 'monitoring'],
    }).notNull(),
    status: text('status', { enum: ['proposed', 'active', 'released', 'cancelled'] })
      .notNull()
      .default('proposed'),
    startDate: date('start_date').notNull(),
    quarantineEnd: date('quarantine_end').notNull(),
    endDate: date('end_date').notNull(),
    testsDue: jsonb('tests_due').$type<string[]>().notNull().default([]),
    formsPerDay: integer('forms_per_day').notNull(),
    releaseTest: text('release_test', { enum: ['rapidAntigenNegative', 'rtPcrNegative'] }),
    latestEnd: date('latest_end'),
    ruleSource: text('rule_source'),
    /** Home-care eligibility of a case (outcome, failed and missing facts). */
    eligibility: jsonb('eligibility'),
    facilityId: uuid('facility_id').references(() => facilities.id),
    /** Why the commune changed the proposal or extended the order. */
    changeReason: text('change_reason'),
    extensions: integer('extensions').notNull().default(0),
    confirmedBy: uuid('confirmed_by').references(() => users.id),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    releasedBy: uuid('released_by').references(() => users.id),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('quarantine_orders_contact_idx')
      .on(t.contactId)
      .where(sql`${t.contactId} is not null`),
    uniqueIndex('quarantine_orders_case_idx')
      .on(t.caseId)
      .where(sql`${t.caseId} is not null`),
    index('quarantine_orders_person_idx').on(t.personId),
    index('quarantine_orders_place_idx').on(t.communeCode, t.status, t.endDate),
    index('quarantine_orders_facility_idx')
      .on(t.facilityId, t.status)
      .where(sql`${t.facilityId} is not null`),
  ],
);

/** One health form of an order: filled by the person from the signed link, or by a health worker. */
export const quarantineForms = pgTable(
  'quarantine_forms',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => quarantineOrders.id),
    ...jurisdictionColumns(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    filledBy: text('filled_by', { enum: ['person', 'worker'] }).notNull(),
    workerId: uuid('worker_id').references(() => users.id),
    symptoms: jsonb('symptoms').$type<string[]>().notNull().default([]),
    temperatureC: real('temperature_c'),
    spo2: real('spo2'),
    pulse: integer('pulse'),
    respiratoryRate: integer('respiratory_rate'),
    systolic: integer('systolic'),
    diastolic: integer('diastolic'),
    warningSigns: jsonb('warning_signs').notNull().default([]),
  },
  (t) => [index('quarantine_forms_order_idx').on(t.orderId, t.submittedAt)],
);

/**
 * Alerts of an order: a warning sign in a form, forms missed in a row, or the positive result its
 * source case rested on withdrawn, or the venue overlap it rested on voided, by a correction
 * (quarantine/withdrawn.ts). Shown at the commune;
 * unacknowledged past the policy delay they climb to the district, then the province.
 */
export const quarantineAlerts = pgTable(
  'quarantine_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => quarantineOrders.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    ...jurisdictionColumns(),
    kind: text('kind', {
      enum: ['warningSign', 'missedForms', 'sourceWithdrawn', 'exposureVoided'],
    }).notNull(),
    formId: text('form_id'),
    signs: jsonb('signs').notNull().default([]),
    /** One alert per form or per run of missed forms. */
    dedupKey: text('dedup_key').notNull(),
    level: text('level', { enum: ['commune', 'district', 'province'] })
      .notNull()
      .default('commune'),
    levelSince: timestamp('level_since', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['open', 'acknowledged'] })
      .notNull()
      .default('open'),
    note: text('note'),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('quarantine_alerts_dedup').on(t.dedupKey),
    index('quarantine_alerts_open_idx').on(t.status, t.levelSince),
    index('quarantine_alerts_place_idx').on(t.communeCode, t.status),
  ],
);

/** Places of a quarantine facility or hospital on a day (capacity by day). */
export const quarantineCapacity = pgTable(
  'quarantine_capacity',
  {
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    day: date('day').notNull(),
    places: integer('places').notNull(),
    ...jurisdictionColumns(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('quarantine_capacity_key').on(t.facilityId, t.day)],
);
