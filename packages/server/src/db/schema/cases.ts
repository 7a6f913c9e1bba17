import { sql } from 'drizzle-orm';
import {
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
import { jurisdictionColumns } from './columns.ts';
import { users } from './platform.ts';
import { persons } from './registry.ts';

/** An outbreak of a disease (optional grouping of cases, as in WHO Go.Data). */
export const outbreaks = pgTable(
  'outbreaks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    diseaseCode: text('disease_code').notNull(),
    name: text('name').notNull(),
    provinceCode: text('province_code').notNull(),
    startedOn: date('started_on').notNull(),
    endedOn: date('ended_on'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('outbreaks_province_idx').on(t.provinceCode, t.diseaseCode)],
);

/**
 * A case: one person, one disease, at most one open case per person and disease. The
 * classification comes from the evidence by the confirmation rule in force (`rule_id` names the
 * policy rule version used). Jurisdiction columns are the person's; `province_code` is the
 * distribution key.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    diseaseCode: text('disease_code').notNull(),
    outbreakId: uuid('outbreak_id').references(() => outbreaks.id),
    classification: text('classification', {
      enum: ['suspected', 'probable', 'confirmed', 'discarded'],
    }).notNull(),
    ruleId: uuid('rule_id'),
    /**
     * Policy keys with no rule in force on the case's sample date (e.g. a case before the first
     * confirmation rule): the case is flagged for an official instead of applying a later rule.
     */
    missingRules: text('missing_rules')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Test results seen: [{resultId, testType, outcome, ct, sampledAt}]. */
    evidence: jsonb('evidence')
      .notNull()
      .default(sql`'[]'::jsonb`),
    onsetDate: date('onset_date'),
    sampleDate: date('sample_date'),
    infectiousFrom: timestamp('infectious_from', { withTimezone: true }),
    infectiousTo: timestamp('infectious_to', { withTimezone: true }),
    symptomatic: boolean('symptomatic'),
    severity: text('severity', { enum: ['asymptomatic', 'mild', 'moderate', 'severe', 'critical'] }),
    placeOfCare: text('place_of_care', { enum: ['home', 'commune_station', 'facility', 'hospital'] }),
    outcome: text('outcome', { enum: ['recovered', 'died'] }),
    outcomeDate: date('outcome_date'),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    assignedTracerId: uuid('assigned_tracer_id').references(() => users.id),
    interviewDoneAt: timestamp('interview_done_at', { withTimezone: true }),
    note: text('note'),
    ...jurisdictionColumns(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cases_open_person_idx')
      .on(t.personId, t.diseaseCode)
      .where(sql`status = 'open'`),
    index('cases_place_idx').on(t.provinceCode, t.districtCode, t.communeCode, t.status),
    index('cases_person_idx').on(t.personId),
    index('cases_outbreak_idx').on(t.outbreakId),
    index('cases_tracer_idx').on(t.assignedTracerId),
  ],
);

/**
 * An edge of the contact graph: `source_person_id` exposed `person_id` (a case's contact, or an
 * F1's household for F2 candidates), within the investigation `case_id`. Jurisdiction columns are
 * the CONTACT person's, so the contact's commune sees it.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    sourcePersonId: uuid('source_person_id')
      .notNull()
      .references(() => persons.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    diseaseCode: text('disease_code').notNull(),
    exposureType: text('exposure_type', {
      enum: ['household', 'workplace', 'venue', 'proximity', 'care', 'travel', 'other'],
    }).notNull(),
    exposureDate: date('exposure_date'),
    durationMinutes: integer('duration_minutes'),
    source: text('source', { enum: ['household', 'checkin', 'interview', 'manual'] }).notNull(),
    venueId: uuid('venue_id'),
    status: text('status', { enum: ['proposed', 'confirmed', 'dismissed'] })
      .notNull()
      .default('proposed'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    followUpStatus: text('follow_up_status', { enum: ['active', 'completed', 'lost'] }),
    assignedTracerId: uuid('assigned_tracer_id').references(() => users.id),
    monitoringUntil: date('monitoring_until'),
    note: text('note'),
    ...jurisdictionColumns(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contacts_edge_idx').on(t.caseId, t.sourcePersonId, t.personId),
    index('contacts_person_idx').on(t.personId),
    index('contacts_source_idx').on(t.sourcePersonId),
    index('contacts_place_idx').on(t.provinceCode, t.districtCode, t.communeCode, t.status),
    index('contacts_tracer_idx').on(t.assignedTracerId),
  ],
);

/** One day of a contact's follow-up (daily for the monitoring period). */
export const contactFollowups = pgTable(
  'contact_followups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    dueDate: date('due_date').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    outcome: text('outcome', { enum: ['well', 'symptoms', 'unreachable'] }),
    note: text('note'),
    recordedBy: uuid('recorded_by'),
  },
  (t) => [
    uniqueIndex('contact_followups_day_idx').on(t.contactId, t.dueDate),
    index('contact_followups_due_idx').on(t.dueDate),
  ],
);

/** A case interview: the answers (incl. named contacts, as given) and who took it. */
export const caseInterviews = pgTable(
  'case_interviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    answers: jsonb('answers').notNull(),
    interviewedBy: uuid('interviewed_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_interviews_case_idx').on(t.caseId)],
);

/**
 * A person's epidemiological standing for a disease, derived from the graph (never typed):
 * degree 0 = F0; `proposed_degree` counts proposed edges too. Status `f0`, `f1`…`fn` (under
 * monitoring), `cleared`, `recovered`, `died`.
 */
export const personEpiStatus = pgTable(
  'person_epi_status',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    diseaseCode: text('disease_code').notNull(),
    degree: integer('degree'),
    proposedDegree: integer('proposed_degree'),
    /** The exposure that gave the confirmed degree (F2 edges count only from it, 3638/QĐ-BYT). */
    exposedOn: date('exposed_on'),
    status: text('status').notNull(),
    ...jurisdictionColumns(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.diseaseCode] }),
    index('person_epi_status_place_idx').on(t.provinceCode, t.districtCode, t.communeCode),
  ],
);
