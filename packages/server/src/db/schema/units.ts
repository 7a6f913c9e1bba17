import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * A reform's change table as loaded (one row per old unit → new unit pair): the 2025-07 table of the
 * statistics office, or the table an administrator loads with the next list. `kind` = 'whole' (the
 * old commune went entirely into the new one), 'part' (it was divided; one row per part) or
 * 'unmapped' (no successor). `populationShare` is the share of the old commune's people the new
 * one received (null = unknown; see docs/units.md for the default).
 */
export const unitChanges = pgTable(
  'unit_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    changeSet: text('change_set').notNull(),
    effectiveDate: date('effective_date').notNull(),
    oldProvinceCode: text('old_province_code').notNull(),
    oldDistrictCode: text('old_district_code'),
    oldCode: text('old_code'),
    oldName: text('old_name').notNull(),
    newProvinceCode: text('new_province_code'),
    newCode: text('new_code'),
    newName: text('new_name'),
    kind: text('kind', { enum: ['whole', 'part', 'unmapped'] }).notNull(),
    populationShare: real('population_share'),
    note: text('note'),
  },
  (t) => [
    index('unit_changes_new_idx').on(t.newCode, t.effectiveDate),
    index('unit_changes_old_idx').on(t.oldCode, t.effectiveDate),
    index('unit_changes_new_province_idx').on(t.newProvinceCode, t.effectiveDate),
  ],
);

/** Loaded change tables: when each takes effect, and when its re-homing ran (null = not yet). */
export const unitChangeSets = pgTable('unit_change_sets', {
  changeSet: text('change_set').primaryKey(),
  effectiveDate: date('effective_date').notNull(),
  rowCount: integer('row_count').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  rehomedAt: timestamp('rehomed_at', { withTimezone: true }),
});

/**
 * A health area: a named group of communes served by one regional health centre. After the 2025
 * reform abolished districts, a district-level role's jurisdiction is the health area with its
 * code (an area continuing a district keeps the district's code).
 */
export const healthAreas = pgTable('health_areas', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  provinceCode: text('province_code').notNull(),
  validFrom: date('valid_from').notNull(),
});

/** The communes (codes of the list in force from the area's `validFrom`) of each health area. */
export const healthAreaCommunes = pgTable(
  'health_area_communes',
  {
    areaCode: text('area_code')
      .notNull()
      .references(() => healthAreas.code),
    communeCode: text('commune_code').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.areaCode, t.communeCode] }),
    index('health_area_communes_commune_idx').on(t.communeCode),
  ],
);

/**
 * Rows in a divided commune that re-homing could not place on its own: each waits for a province
 * official to pick one of the candidate communes (with the share of people each received).
 */
export const unitRehomingReviews = pgTable(
  'unit_rehoming_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    changeSet: text('change_set').notNull(),
    entity: text('entity', {
      enum: ['household', 'person', 'user', 'facility', 'venue', 'test_site'],
    }).notNull(),
    entityId: text('entity_id').notNull(),
    oldCode: text('old_code').notNull(),
    /** The new province the candidates lie in: the review queue is the province's. */
    provinceCode: text('province_code').notNull(),
    candidates: jsonb('candidates').$type<{ code: string; name: string; share: number }[]>().notNull(),
    status: text('status', { enum: ['open', 'decided'] })
      .notNull()
      .default('open'),
    decidedCode: text('decided_code'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('unit_rehoming_reviews_queue_idx').on(t.provinceCode, t.status, t.createdAt),
    index('unit_rehoming_reviews_entity_idx').on(t.entity, t.entityId),
  ],
);

/**
 * Confirmed cases per day (sample date, else onset, else the local day recorded), disease and the
 * place the case was recorded in (its unit of that date): the rollup the "units as of" reports read
 * instead of every case. Kept by statement triggers on `cases` in the same transaction as each case
 * write (migration 0033/0034 `case_day_counts_*`), so it always equals a count over the raw rows.
 */
export const caseDayCounts = pgTable(
  'case_day_counts',
  {
    day: date('day').notNull(),
    diseaseCode: text('disease_code').notNull(),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    n: integer('n').notNull(),
  },
  (t) => [
    unique('case_day_counts_key')
      .on(t.diseaseCode, t.day, t.provinceCode, t.districtCode, t.communeCode)
      .nullsNotDistinct(),
  ],
);
