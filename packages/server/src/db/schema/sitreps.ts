import { sql } from 'drizzle-orm';
import {
  customType,
  date,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Binary bytes (PostgreSQL `bytea`): a Buffer on both drivers. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value),
});

/**
 * Daily situation reports (issue #13 item 9, `server/src/sitrep/`): one row per generated report of
 * a unit (province, district or health area) and local day, with its PDF and xlsx bytes and the
 * headline figures as JSON. The files are kept in the database, not under DATA_DIR, so every API
 * process (and a PostgreSQL backup) sees the same reports. A scheduled report is unique per unit,
 * day and disease (the partial unique index): many processes running the schedule write it once.
 * `district_code` holds the district or health area code (null for the province) so jurisdiction
 * scoping (`scopeFor`) applies as for any district-level record.
 */
export const sitreps = pgTable(
  'sitreps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitCode: text('unit_code').notNull(),
    unitName: text('unit_name').notNull(),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    day: date('day').notNull(),
    diseaseCode: text('disease_code').notNull(),
    lang: text('lang').notNull(),
    kind: text('kind', { enum: ['scheduled', 'on-demand'] }).notNull(),
    generatedAt: timestamp('generated_at', { withTimezone: true }).notNull().defaultNow(),
    generatedBy: uuid('generated_by'),
    headline: jsonb('headline').notNull(),
    pdf: bytea('pdf').notNull(),
    xlsx: bytea('xlsx').notNull(),
  },
  (t) => [
    uniqueIndex('sitreps_scheduled_once')
      .on(t.unitCode, t.day, t.diseaseCode)
      .where(sql`${t.kind} = 'scheduled'`),
    index('sitreps_unit_day_idx').on(t.unitCode, t.day),
  ],
);
