import {
  date,
  index,
  integer,
  pgTable,
  pgView,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { facilities } from './registry.ts';

/**
 * The columns of the situation room's rollup: grain, day, disease, recorded place, and one column
 * per indicator metric (`core/src/indicators/metrics.ts`). A function, as each table needs its own
 * column builders.
 */
function indicatorDayColumns() {
  return {
    grain: smallint('grain').notNull(),
    day: date('day').notNull(),
    diseaseCode: text('disease_code').notNull(),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    casesByOnset: integer('cases_by_onset').notNull().default(0),
    casesByReport: integer('cases_by_report').notNull().default(0),
    casesActive: integer('cases_active').notNull().default(0),
    deaths: integer('deaths').notNull().default(0),
    contactsF1: integer('contacts_f1').notNull().default(0),
    contactsF2: integer('contacts_f2').notNull().default(0),
    contactsFollowing: integer('contacts_following').notNull().default(0),
    contactsReleased: integer('contacts_released').notNull().default(0),
    tests: integer('tests').notNull().default(0),
    testsPositive: integer('tests_positive').notNull().default(0),
    pooledTests: integer('pooled_tests').notNull().default(0),
    doses: integer('doses').notNull().default(0),
    dosesFirst: integer('doses_first').notNull().default(0),
    dosesSecond: integer('doses_second').notNull().default(0),
    dosesBooster: integer('doses_booster').notNull().default(0),
    dosesAdditional: integer('doses_additional').notNull().default(0),
    checkins: integer('checkins').notNull().default(0),
    venuesRegistered: integer('venues_registered').notNull().default(0),
    venuesActive: integer('venues_active').notNull().default(0),
    portalUsers: integer('portal_users').notNull().default(0),
    declarations: integer('declarations').notNull().default(0),
    quarantineActive: integer('quarantine_active').notNull().default(0),
    bedsTotal: integer('beds_total').notNull().default(0),
    bedsOccupied: integer('beds_occupied').notNull().default(0),
    icuTotal: integer('icu_total').notNull().default(0),
    icuOccupied: integer('icu_occupied').notNull().default(0),
  };
}

/**
 * The situation room's rollup (issue #13): one row per grain × day × disease × recorded place.
 * Each event is added three times: at grain 2 (its commune), grain 1 (its district; commune null)
 * and grain 0 (its province; district and commune null), so a province or district read over two
 * years touches one row per day. Disease '' holds the metrics that do not depend on a disease
 * (check-ins, venues, portal users, beds). Stocks stored as deltas (`STOCK_STORAGE`) are summed
 * from the beginning. `npm run epilink -- rollups:check` compares it with the raw rows.
 *
 * Writers never touch this table: the statement triggers on the source tables append their
 * aggregated change to `indicator_day_deltas` in the event's transaction (no row of a shared
 * province or district day is locked, so concurrent writers never wait on each other), and
 * `foldIndicatorDeltas` (indicators/fold.ts, a worker every second) moves those rows in here.
 * Readers read `indicator_days_live`, the union of both, and sum: exact at once, whatever the fold.
 */
export const indicatorDays = pgTable('indicator_days', indicatorDayColumns(), (t) => [
  unique('indicator_days_key')
    .on(t.grain, t.diseaseCode, t.provinceCode, t.districtCode, t.communeCode, t.day)
    .nullsNotDistinct(),
  index('indicator_days_district_idx').on(t.districtCode, t.diseaseCode, t.day),
  index('indicator_days_commune_idx').on(t.communeCode, t.diseaseCode, t.day),
]);

/**
 * Changes to `indicator_days` not folded in yet: append-only rows written by the triggers (several
 * rows may share a key; their sum is the change). Small: the fold empties it every second.
 */
export const indicatorDayDeltas = pgTable('indicator_day_deltas', indicatorDayColumns());

/** What every reader reads: `indicator_days` UNION ALL `indicator_day_deltas` (migration `indicator_deltas_live`). */
export const indicatorDaysLive = pgView('indicator_days_live', indicatorDayColumns()).existing();

/**
 * Hospital and ICU beds a facility reports for a day (one row per facility and day; a second
 * report the same day replaces the first). Place columns are the facility's, for `scopeFor`.
 */
export const facilityBedReports = pgTable(
  'facility_bed_reports',
  {
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    day: date('day').notNull(),
    bedsTotal: integer('beds_total').notNull(),
    bedsOccupied: integer('beds_occupied').notNull(),
    icuTotal: integer('icu_total').notNull(),
    icuOccupied: integer('icu_occupied').notNull(),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    reportedBy: uuid('reported_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('facility_bed_reports_key').on(t.facilityId, t.day),
    index('facility_bed_reports_day_idx').on(t.day),
  ],
);

/**
 * Vaccination coverage by age band summed per grain (0 province, 1 district, 2 commune) and day,
 * kept from `vaccination_coverage_daily` by its statement triggers (same transaction as the dose):
 * a province's coverage on a day is a sum over one row per band and day, not over every commune.
 */
function coverageDayColumns() {
  return {
    grain: smallint('grain').notNull(),
    disease: text('disease').notNull(),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    ageBand: text('age_band').notNull(),
    day: date('day').notNull(),
    firstDose: integer('first_dose').notNull().default(0),
    fullSchedule: integer('full_schedule').notNull().default(0),
    booster: integer('booster').notNull().default(0),
  };
}

export const indicatorCoverageDays = pgTable('indicator_coverage_days', coverageDayColumns(), (t) => [
  unique('indicator_coverage_days_key')
    .on(t.grain, t.disease, t.provinceCode, t.districtCode, t.communeCode, t.ageBand, t.day)
    .nullsNotDistinct(),
]);

/** Changes to `indicator_coverage_days` not folded in yet (as `indicator_day_deltas`). */
export const indicatorCoverageDeltas = pgTable('indicator_coverage_deltas', coverageDayColumns());

/** `indicator_coverage_days` UNION ALL `indicator_coverage_deltas`: what readers read. */
export const indicatorCoverageLive = pgView('indicator_coverage_live', coverageDayColumns()).existing();

/**
 * Registered residents (unmerged people) per grain and place, kept by statement triggers on
 * `persons`: the population of a unit with no census, without counting a million rows.
 */
function residentColumns() {
  return {
    grain: smallint('grain').notNull(),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    n: integer('n').notNull().default(0),
  };
}

export const indicatorResidents = pgTable('indicator_residents', residentColumns(), (t) => [
  unique('indicator_residents_key')
    .on(t.grain, t.provinceCode, t.districtCode, t.communeCode)
    .nullsNotDistinct(),
]);

/** Changes to `indicator_residents` not folded in yet (as `indicator_day_deltas`). */
export const indicatorResidentDeltas = pgTable('indicator_resident_deltas', residentColumns());

/** `indicator_residents` UNION ALL `indicator_resident_deltas`: what readers read. */
export const indicatorResidentsLive = pgView('indicator_residents_live', residentColumns()).existing();

/**
 * Doses by dose kind × age band (at the dose date) per grain (0 province, 1 district, 2 commune) and
 * day, kept from `vaccination_doses` by statement triggers appending to
 * `indicator_dose_band_deltas` (folded as `indicator_day_deltas`): the dashboard's "doses by age
 * band" reads a few rows per band and day, not millions of doses. Voided doses are left out.
 */
function doseBandColumns() {
  return {
    grain: smallint('grain').notNull(),
    disease: text('disease').notNull(),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    ageBand: text('age_band').notNull(),
    day: date('day').notNull(),
    first: integer('dose_first').notNull().default(0),
    second: integer('dose_second').notNull().default(0),
    booster: integer('dose_booster').notNull().default(0),
    additional: integer('dose_additional').notNull().default(0),
  };
}

export const indicatorDoseBands = pgTable('indicator_dose_bands', doseBandColumns(), (t) => [
  unique('indicator_dose_bands_key')
    .on(t.grain, t.disease, t.provinceCode, t.districtCode, t.communeCode, t.ageBand, t.day)
    .nullsNotDistinct(),
  index('indicator_dose_bands_district_idx').on(t.districtCode, t.disease, t.day),
  index('indicator_dose_bands_commune_idx').on(t.communeCode, t.disease, t.day),
]);

/** Changes to `indicator_dose_bands` not folded in yet (as `indicator_day_deltas`). */
export const indicatorDoseBandDeltas = pgTable('indicator_dose_band_deltas', doseBandColumns());

/** `indicator_dose_bands` UNION ALL `indicator_dose_band_deltas`: what readers read. */
export const indicatorDoseBandsLive = pgView('indicator_dose_bands_live', doseBandColumns()).existing();
