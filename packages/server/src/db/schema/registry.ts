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
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Administrative units (GSO codes), versioned: one row per unit per published list. A unit is
 * valid from `validFrom` until `validTo` (exclusive; null = still valid), so the 2025-03
 * reorganisation can be loaded beside the 2021-11 list.
 */
export const adminUnits = pgTable(
  'admin_units',
  {
    code: text('code').notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    level: text('level', { enum: ['province', 'district', 'commune'] }).notNull(),
    name: text('name').notNull(),
    nameFolded: text('name_folded').notNull(),
    type: text('type').notNull(),
    parentCode: text('parent_code'),
    provinceCode: text('province_code').notNull(),
    dataset: text('dataset').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.code, t.validFrom] }),
    index('admin_units_parent_idx').on(t.parentCode, t.validFrom),
  ],
);

/** Loaded unit lists (one row per dataset) so loading is idempotent. */
export const unitDatasets = pgTable('unit_datasets', {
  dataset: text('dataset').primaryKey(),
  validFrom: date('valid_from').notNull(),
  unitCount: integer('unit_count').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const facilityKinds = [
  'commune_health_station',
  'district_health_centre',
  'provincial_hospital',
  'district_hospital',
  'test_site',
  'vaccination_site',
  'quarantine_facility',
] as const;

/** Health facilities: stations, centres, hospitals, test/vaccination sites, quarantine facilities. */
export const facilities = pgTable(
  'facilities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: facilityKinds }).notNull(),
    name: text('name').notNull(),
    unitCode: text('unit_code').notNull(),
    districtCode: text('district_code'),
    provinceCode: text('province_code').notNull(),
    address: text('address'),
    capacity: integer('capacity'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('facilities_unit_idx').on(t.unitCode), index('facilities_kind_idx').on(t.kind)],
);

/** A household: people living at one address. */
export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The commune's own household number (imported household lists), unique within the commune. */
    code: text('code'),
    communeCode: text('commune_code').notNull(),
    districtCode: text('district_code').notNull(),
    provinceCode: text('province_code').notNull(),
    address: text('address'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('households_commune_idx').on(t.communeCode),
    uniqueIndex('households_commune_code_idx')
      .on(t.communeCode, t.code)
      .where(sql`code is not null`),
  ],
);

/**
 * One record per human. Jurisdiction columns (province/district/commune) are denormalised so the
 * data layer can scope every query; `province_code` is the distribution key a distributed
 * PostgreSQL (Citus) would use. A merged record keeps its row with `merged_into` set, so its
 * ID keeps resolving and its history stays.
 */
export const persons = pgTable(
  'persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fullName: text('full_name').notNull(),
    nameKey: text('name_key').notNull(),
    dateOfBirth: date('date_of_birth'),
    sex: text('sex', { enum: ['male', 'female'] }),
    cccd: text('cccd'),
    cmnd: text('cmnd'),
    passport: text('passport'),
    phone: text('phone'),
    address: text('address'),
    communeCode: text('commune_code'),
    districtCode: text('district_code'),
    provinceCode: text('province_code').notNull(),
    householdId: uuid('household_id').references(() => households.id),
    mergedInto: uuid('merged_into'),
    source: text('source').notNull().default('manual'),
    externalKey: text('external_key'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('persons_name_key_idx')
      .using('btree', sql`${t.nameKey} text_pattern_ops`)
      .where(sql`merged_into is null`),
    index('persons_commune_name_idx')
      .using('btree', t.communeCode, sql`${t.nameKey} text_pattern_ops`)
      .where(sql`merged_into is null`),
    // Zone residents' keyset (commune, name, id): pages read in index order, no sort.
    index('persons_commune_name_key_idx')
      .on(t.communeCode, t.nameKey, t.id)
      .where(sql`merged_into is null`),
    index('persons_cccd_idx').on(t.cccd),
    index('persons_cmnd_idx').on(t.cmnd),
    index('persons_passport_idx').on(t.passport),
    index('persons_phone_idx').on(t.phone),
    index('persons_household_idx').on(t.householdId),
    index('persons_merged_into_idx').on(t.mergedInto),
    uniqueIndex('persons_source_external_key_idx').on(t.source, t.externalKey),
  ],
);

/**
 * Blocking keys for record linkage: each person's small set of candidate-lookup keys. Read only
 * by key (the primary key), through a join with `persons`; written only by ingest and un-merge in
 * the transaction that writes the person, and persons are never deleted. So there is no foreign
 * key (its check was a `persons` lookup per key row, six per ingested record) and no index on
 * `person_id` (nothing reads by person): both were most of the cost of writing the keys.
 */
export const personBlockingKeys = pgTable(
  'person_blocking_keys',
  {
    key: text('key').notNull(),
    personId: uuid('person_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.personId] })],
);

/** Likely duplicates awaiting an official's decision. */
export const linkageReviews = pgTable(
  'linkage_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personA: uuid('person_a')
      .notNull()
      .references(() => persons.id),
    personB: uuid('person_b')
      .notNull()
      .references(() => persons.id),
    score: real('score').notNull(),
    reasons: text('reasons').array().notNull(),
    status: text('status', { enum: ['open', 'merged', 'distinct'] })
      .notNull()
      .default('open'),
    provinceCode: text('province_code').notNull(),
    communeCode: text('commune_code'),
    districtCode: text('district_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
  },
  (t) => [
    uniqueIndex('linkage_reviews_pair_idx').on(t.personA, t.personB),
    index('linkage_reviews_status_idx').on(t.status, t.createdAt),
  ],
);

/** A merge: `mergedId` folded into `survivorId`, with a snapshot of the merged record. */
export const personMerges = pgTable(
  'person_merges',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    survivorId: uuid('survivor_id')
      .notNull()
      .references(() => persons.id),
    mergedId: uuid('merged_id')
      .notNull()
      .references(() => persons.id),
    reviewId: uuid('review_id'),
    automatic: boolean('automatic').notNull(),
    reasons: text('reasons').array().notNull(),
    snapshot: jsonb('snapshot').notNull(),
    decidedBy: uuid('decided_by'),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
    /** Survivor fields filled from the merged record (emptied again by an un-merge). */
    filledFields: text('filled_fields')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Set when the merge was undone: both records are separate people again. */
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneBy: uuid('undone_by'),
  },
  (t) => [
    index('person_merges_survivor_idx').on(t.survivorId),
    // One standing merge per record; an undone merge stays as history.
    uniqueIndex('person_merges_merged_active_idx')
      .on(t.mergedId)
      .where(sql`undone_at is null`),
    index('person_merges_merged_idx').on(t.mergedId),
  ],
);

/**
 * Name frequencies for record linkage (Fellegi–Sunter u-probabilities): how many active person
 * records carry each order-insensitive folded name (`nameSetOf`, "hung nguyen van"); the row
 * with name '' holds the total. Maintained by ingest, merge and un-merge in their transactions.
 */
export const personNameFrequencies = pgTable('person_name_frequencies', {
  name: text('name').primaryKey(),
  persons: integer('persons').notNull(),
});

/**
 * Changes to `person_name_frequencies` not yet folded into it (issue #15): ingest, merge and
 * un-merge append a row per name instead of updating the shared counters, so concurrent
 * declarants with a common name (and every ingest: the total row) never wait on one another's
 * row lock. A reader adds them (`registry/linkage/frequencies.ts#nameCounts`; each row also
 * counts towards the total); the worker's fold moves them into the counters every second.
 */
export const personNameFrequencyDeltas = pgTable(
  'person_name_frequency_deltas',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    persons: integer('persons').notNull(),
  },
  (t) => [index('person_name_frequency_deltas_name_idx').on(t.name)],
);
