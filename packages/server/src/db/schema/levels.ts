import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { jurisdictionColumns } from './columns.ts';
import { users } from './platform.ts';

/**
 * One week's epidemic-level assessment of a province (issue #13 item 3): proposed by
 * `levels/compute.ts` (weekly worker or on demand), confirmed by the steering committee. `rules`
 * holds the policy rules used (value, source, verification) so the history says what decided.
 */
export const epidemicLevelWeeks = pgTable(
  'epidemic_level_weeks',
  {
    provinceCode: text('province_code').notNull(),
    disease: text('disease').notNull(),
    /** The ISO week's Monday (local day). */
    week: date('week').notNull(),
    status: text('status', { enum: ['proposed', 'confirmed'] })
      .notNull()
      .default('proposed'),
    assessedFrom: date('assessed_from').notNull(),
    assessedTo: date('assessed_to').notNull(),
    rules: jsonb('rules').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    computeMs: integer('compute_ms').notNull(),
    confirmedBy: uuid('confirmed_by').references(() => users.id),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.provinceCode, t.disease, t.week] }),
    index('epidemic_level_weeks_status_idx').on(t.provinceCode, t.disease, t.status, t.week),
  ],
);

/**
 * A unit's level for a week: the proposal (never lost) with its inputs and deciding criterion, and
 * the confirmed level (an override carries its reason, who and when). Communes carry their
 * district (or nothing after the 2025 reform) and their own code; a district or health area row
 * carries its code as `district_code`; the province row neither — so `scopeFor` applies.
 */
export const epidemicLevels = pgTable(
  'epidemic_levels',
  {
    ...jurisdictionColumns(),
    disease: text('disease').notNull(),
    week: date('week').notNull(),
    unitCode: text('unit_code').notNull(),
    unitLevel: text('unit_level', { enum: ['commune', 'district', 'area', 'province'] }).notNull(),
    unitName: text('unit_name').notNull(),
    proposedLevel: smallint('proposed_level').notNull(),
    decidingCriterion: text('deciding_criterion').notNull(),
    inputs: jsonb('inputs').notNull(),
    confirmedLevel: smallint('confirmed_level'),
    overrideReason: text('override_reason'),
    overriddenBy: uuid('overridden_by').references(() => users.id),
    overriddenAt: timestamp('overridden_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.provinceCode, t.disease, t.week, t.unitLevel, t.unitCode] }),
    index('epidemic_levels_unit_idx').on(t.unitCode, t.week),
    check('epidemic_levels_proposed_check', sql`${t.proposedLevel} between 1 and 4`),
    check('epidemic_levels_confirmed_check', sql`${t.confirmedLevel} between 1 and 4`),
  ],
);
