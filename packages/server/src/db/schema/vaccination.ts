import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { facilities, persons } from './registry.ts';

/**
 * Vaccine products with their schedules, versioned: a changed schedule is a new row with a later
 * `effective_from` (the catalogue in `core/vaccination/products.ts` is loaded at start).
 */
export const vaccineProducts = pgTable(
  'vaccine_products',
  {
    code: text('code').notNull(),
    catalogueVersion: text('catalogue_version').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    disease: text('disease').notNull(),
    name: text('name').notNull(),
    definition: jsonb('definition').notNull(),
    active: boolean('active').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.code, t.catalogueVersion] })],
);

/** A manufacturing lot: expiry, recall, and whether AEFI reports on it form a cluster. */
export const vaccineLots = pgTable(
  'vaccine_lots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productCode: text('product_code').notNull(),
    lotNumber: text('lot_number').notNull(),
    expiryDate: date('expiry_date').notNull(),
    recalledAt: timestamp('recalled_at', { withTimezone: true }),
    recallReason: text('recall_reason'),
    aefiFlaggedAt: timestamp('aefi_flagged_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('vaccine_lots_number_idx').on(t.productCode, t.lotNumber)],
);

/** Doses of a lot on hand at a site (a dose recorded there takes one). */
export const vaccineStock = pgTable(
  'vaccine_stock',
  {
    lotId: uuid('lot_id')
      .notNull()
      .references(() => vaccineLots.id),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    quantity: integer('quantity').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.lotId, t.facilityId] })],
);

/** A vaccination session at a site on a day, with its target list. */
export const vaccinationSessions = pgTable(
  'vaccination_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    date: date('date').notNull(),
    disease: text('disease').notNull().default('covid19'),
    productCodes: text('product_codes').array().notNull(),
    target: jsonb('target').notNull(),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('vaccination_sessions_facility_idx').on(t.facilityId, t.date),
    index('vaccination_sessions_date_idx').on(t.date),
  ],
);

/**
 * One dose given. Jurisdiction columns are the person's residence (coverage counts residents);
 * the site is `facility_id`. A dose entered in error is voided, never deleted.
 */
export const vaccinationDoses = pgTable(
  'vaccination_doses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    sessionId: uuid('session_id').references(() => vaccinationSessions.id),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    disease: text('disease').notNull().default('covid19'),
    productCode: text('product_code').notNull(),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => vaccineLots.id),
    doseNumber: integer('dose_number').notNull(),
    doseKind: text('dose_kind', { enum: ['primary', 'booster'] }).notNull(),
    date: date('date').notNull(),
    vaccinatorId: uuid('vaccinator_id'),
    vaccinatorName: text('vaccinator_name'),
    screening: jsonb('screening').notNull(),
    ageBand: text('age_band').notNull(),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidReason: text('void_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('vaccination_doses_person_idx').on(t.personId),
    index('vaccination_doses_session_idx').on(t.sessionId),
    index('vaccination_doses_lot_idx').on(t.lotId),
    index('vaccination_doses_commune_date_idx').on(t.communeCode, t.date),
  ],
);

/**
 * Each person's current standing per disease (kept with every dose): drives due lists, reminders
 * and the status colour without scanning doses.
 */
export const vaccinationStatus = pgTable(
  'vaccination_status',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    disease: text('disease').notNull(),
    status: text('status', { enum: ['none', 'partial', 'complete', 'boosted'] }).notNull(),
    dosesGiven: integer('doses_given').notNull(),
    lastDoseOn: date('last_dose_on'),
    /** Milestones (same-cohort coverage reads them with the person's age on the report date). */
    firstDoseOn: date('first_dose_on'),
    completedOn: date('completed_on'),
    boostedOn: date('boosted_on'),
    nextDoseNumber: integer('next_dose_number'),
    nextDoseKind: text('next_dose_kind'),
    nextEarliest: date('next_earliest'),
    nextDue: date('next_due'),
    lastReminderFor: integer('last_reminder_for'),
    lastReminderOn: date('last_reminder_on'),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.disease] }),
    index('vaccination_status_due_idx')
      .on(t.communeCode, t.nextDue)
      .where(sql`next_due is not null`),
  ],
);

/**
 * Coverage rollup, updated in the dose's transaction: per commune of residence, age band (age on
 * the day) and day, the doses given and the people who reached ≥ 1 dose, the full schedule and a
 * booster that day. Cumulative coverage is the sum up to a day. Dashboards read this, never doses.
 */
export const vaccinationCoverageDaily = pgTable(
  'vaccination_coverage_daily',
  {
    disease: text('disease').notNull(),
    communeCode: text('commune_code').notNull(),
    ageBand: text('age_band').notNull(),
    day: date('day').notNull(),
    districtCode: text('district_code'),
    provinceCode: text('province_code').notNull(),
    doses: integer('doses').notNull().default(0),
    firstDose: integer('first_dose').notNull().default(0),
    fullSchedule: integer('full_schedule').notNull().default(0),
    booster: integer('booster').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.disease, t.communeCode, t.ageBand, t.day] }),
    index('vaccination_coverage_district_idx').on(t.districtCode, t.day),
  ],
);

/**
 * The target population of coverage: a census by commune × age band (`AGE_BANDS`), loaded by
 * `POST /api/vaccination/census` or `npm run epilink -- census:load`. A load replaces the rows of the
 * communes it names. Coverage falls back to the registry's residents where no census is loaded.
 */
export const populationCensus = pgTable(
  'population_census',
  {
    communeCode: text('commune_code').notNull(),
    ageBand: text('age_band').notNull(),
    population: integer('population').notNull(),
    districtCode: text('district_code'),
    provinceCode: text('province_code').notNull(),
    referenceDate: date('reference_date').notNull(),
    source: text('source').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.communeCode, t.ageBand] }),
    index('population_census_district_idx').on(t.districtCode),
  ],
);

/** Adverse event following immunisation, linked to the dose and its lot. */
export const aefiReports = pgTable(
  'aefi_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    doseId: uuid('dose_id').references(() => vaccinationDoses.id),
    lotId: uuid('lot_id').references(() => vaccineLots.id),
    onsetDate: date('onset_date').notNull(),
    symptoms: text('symptoms').array().notNull(),
    description: text('description'),
    /** Intensity (mild / moderate / severe); rows before migration 0024 may say life_threatening / death. */
    severity: text('severity', {
      enum: ['mild', 'moderate', 'severe', 'life_threatening', 'death'],
    }).notNull(),
    /** WHO seriousness criteria met (death, life_threatening, hospitalisation, disability); serious ⇔ any. */
    seriousCriteria: text('serious_criteria')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    serious: boolean('serious').notNull(),
    status: text('status', { enum: ['open', 'following_up', 'closed'] })
      .notNull()
      .default('open'),
    outcome: text('outcome'),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    reportedBy: uuid('reported_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('aefi_reports_lot_idx').on(t.lotId, t.onsetDate),
    index('aefi_reports_place_idx').on(t.communeCode, t.onsetDate),
    index('aefi_reports_person_idx').on(t.personId),
  ],
);

/** Follow-up notes of an AEFI report (append-only). */
export const aefiFollowUps = pgTable(
  'aefi_follow_ups',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => aefiReports.id),
    note: text('note').notNull(),
    status: text('status').notNull(),
    outcome: text('outcome'),
    by: uuid('by'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('aefi_follow_ups_report_idx').on(t.reportId)],
);
