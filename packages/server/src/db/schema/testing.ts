import {
  index,
  integer,
  boolean,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { jurisdictionColumns } from './columns.ts';
import { facilities, persons } from './registry.ts';

/** A sampling site (optionally a registered facility), placed in a commune. */
export const testSites = pgTable(
  'test_sites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    facilityId: uuid('facility_id').references(() => facilities.id),
    address: text('address'),
    active: boolean('active').notNull().default(true),
    ...jurisdictionColumns(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('test_sites_commune_idx').on(t.communeCode),
    index('test_sites_district_idx').on(t.districtCode),
  ],
);

/** A time slot at a site with its capacity; `booked` counts live (booked or collected) registrations. */
export const testSessions = pgTable(
  'test_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => testSites.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity').notNull(),
    booked: integer('booked').notNull().default(0),
    ...jurisdictionColumns(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('test_sessions_site_idx').on(t.siteId, t.startsAt)],
);

/** A person registered for a test (by themselves or by staff). Jurisdiction = the person's residence. */
export const testRegistrations = pgTable(
  'test_registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => testSites.id),
    sessionId: uuid('session_id').references(() => testSessions.id),
    testType: text('test_type', { enum: ['rtPcr', 'rapidAntigen'] }).notNull(),
    diseaseCode: text('disease_code').notNull().default('COVID-19'),
    reason: text('reason', { enum: ['symptoms', 'contact', 'screening', 'recall', 'travel'] }).notNull(),
    status: text('status', { enum: ['booked', 'collected', 'cancelled', 'no_show'] })
      .notNull()
      .default('booked'),
    registeredVia: text('registered_via', { enum: ['citizen', 'staff'] }).notNull(),
    /** For a recall: the pooled specimen that led to it. */
    recallOfSpecimenId: uuid('recall_of_specimen_id'),
    ...jurisdictionColumns(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('test_registrations_person_idx').on(t.personId),
    index('test_registrations_session_idx').on(t.sessionId),
    index('test_registrations_commune_idx').on(t.communeCode, t.status),
  ],
);

/** A pool of RT-PCR specimens tested together. Jurisdiction = the place where it was made. */
export const testPools = pgTable(
  'test_pools',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    barcode: text('barcode').notNull(),
    siteId: uuid('site_id').references(() => testSites.id),
    diseaseCode: text('disease_code').notNull().default('COVID-19'),
    status: text('status', { enum: ['open', 'closed', 'negative', 'positive', 'invalid'] })
      .notNull()
      .default('open'),
    ct: real('ct'),
    resultedAt: timestamp('resulted_at', { withTimezone: true }),
    ...jurisdictionColumns(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('test_pools_barcode_idx').on(t.barcode)],
);

/** A specimen taken from a person, labelled with a barcode. Jurisdiction = the person's residence. */
export const specimens = pgTable(
  'specimens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    barcode: text('barcode').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    registrationId: uuid('registration_id').references(() => testRegistrations.id),
    testType: text('test_type', { enum: ['rtPcr', 'rapidAntigen'] }).notNull(),
    diseaseCode: text('disease_code').notNull().default('COVID-19'),
    collectedAt: timestamp('collected_at', { withTimezone: true }).notNull(),
    siteId: uuid('site_id').references(() => testSites.id),
    poolId: uuid('pool_id').references(() => testPools.id),
    status: text('status', { enum: ['collected', 'resulted', 'recalled', 'rejected'] })
      .notNull()
      .default('collected'),
    ...jurisdictionColumns(),
    collectedBy: uuid('collected_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('specimens_barcode_idx').on(t.barcode),
    index('specimens_person_idx').on(t.personId),
    index('specimens_pool_idx').on(t.poolId),
  ],
);

/** A lab result file (one per lab run), kept by its SHA-256 so the same file never lands twice. */
export const labImports = pgTable(
  'lab_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fileSha256: text('file_sha256').notNull(),
    fileName: text('file_name'),
    labName: text('lab_name').notNull(),
    labRun: text('lab_run'),
    rowCount: integer('row_count').notNull(),
    importedCount: integer('imported_count').notNull(),
    unchangedCount: integer('unchanged_count').notNull(),
    errorCount: integer('error_count').notNull(),
    errors: jsonb('errors').notNull(),
    ...jurisdictionColumns(),
    importedBy: uuid('imported_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('lab_imports_sha_idx').on(t.fileSha256)],
);

/** One result per specimen. Jurisdiction = the person's residence. */
export const testResults = pgTable(
  'test_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    specimenId: uuid('specimen_id')
      .notNull()
      .references(() => specimens.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    testType: text('test_type', { enum: ['rtPcr', 'rapidAntigen'] }).notNull(),
    diseaseCode: text('disease_code').notNull().default('COVID-19'),
    outcome: text('outcome', { enum: ['positive', 'negative', 'invalid'] }).notNull(),
    ct: real('ct'),
    sampledAt: timestamp('sampled_at', { withTimezone: true }).notNull(),
    resultedAt: timestamp('resulted_at', { withTimezone: true }).notNull(),
    source: text('source', { enum: ['entry', 'import', 'pool'] }).notNull(),
    poolId: uuid('pool_id').references(() => testPools.id),
    labImportId: uuid('lab_import_id').references(() => labImports.id),
    labRun: text('lab_run'),
    ...jurisdictionColumns(),
    enteredBy: uuid('entered_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('test_results_specimen_idx').on(t.specimenId),
    index('test_results_person_idx').on(t.personId, t.sampledAt),
    index('test_results_commune_idx').on(t.communeCode, t.resultedAt),
  ],
);
