import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { jurisdictionColumns } from './columns.ts';
import { users } from './platform.ts';
import { persons } from './registry.ts';
import { testRegistrations } from './testing.ts';

/**
 * A published version of a declaration questionnaire (FHIR Questionnaire JSON in `resource`).
 * Versions are never edited: officials with `policy:write` publish a new one with its effective
 * day; a declaration keeps the version it answered. Reference data, not personal data.
 */
export const questionnaires = pgTable(
  'questionnaires',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** health | entry | travel */
    kind: text('kind').notNull(),
    url: text('url').notNull(),
    version: text('version').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    resource: jsonb('resource').notNull(),
    /** Null for a version shipped with EpiLink. */
    publishedBy: uuid('published_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('questionnaires_url_version_idx').on(t.url, t.version),
    index('questionnaires_kind_idx').on(t.kind, t.effectiveFrom),
  ],
);

/**
 * A declaration: a QuestionnaireResponse (normalised JSON) linked to the person (through record
 * linkage when not signed in) and to the questionnaire version, with its triage by the rule in
 * force on its day. `submission_id` is the client's id: the same submission twice is one row.
 * Jurisdiction = the commune the declarant stays in (in the province). A flag (`flag_status`
 * open) puts the person on the commune's review list until a test result on the suggested
 * registration closes it.
 */
export const declarations = pgTable(
  'declarations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    submissionId: uuid('submission_id').notNull(),
    questionnaireId: uuid('questionnaire_id')
      .notNull()
      .references(() => questionnaires.id),
    kind: text('kind').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    /** Who filled it: the person, a household member or guardian, or staff (e.g. from paper). */
    declaredBy: text('declared_by', { enum: ['self', 'household', 'staff'] }).notNull(),
    channel: text('channel', { enum: ['citizen', 'anonymous', 'staff'] }).notNull(),
    /** The citizen account or official who submitted (null when anonymous). */
    submittedBy: uuid('submitted_by'),
    paper: boolean('paper').notNull().default(false),
    response: jsonb('response').notNull(),
    /** Local day of the declaration (its triage rule and the adoption indicator). */
    day: date('day').notNull(),
    action: text('action', { enum: ['none', 'selfMonitor', 'test', 'isolateAndTest'] }).notNull(),
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    triageRuleId: uuid('triage_rule_id'),
    flagStatus: text('flag_status', { enum: ['none', 'open', 'testRegistered', 'cleared', 'positive'] })
      .notNull()
      .default('none'),
    testRegistrationId: uuid('test_registration_id').references(() => testRegistrations.id),
    flagClosedAt: timestamp('flag_closed_at', { withTimezone: true }),
    /** Summary of a DCC scanned into an entry declaration, as verified by the server. */
    dcc: jsonb('dcc'),
    ...jurisdictionColumns(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('declarations_submission_idx').on(t.submissionId),
    index('declarations_commune_idx').on(t.communeCode, t.createdAt, t.id),
    index('declarations_district_idx').on(t.districtCode, t.createdAt, t.id),
    index('declarations_flag_idx')
      .on(t.communeCode, t.createdAt)
      .where(sql`${t.flagStatus} in ('open', 'testRegistered')`),
    index('declarations_person_idx').on(t.personId, t.createdAt),
    index('declarations_registration_idx').on(t.testRegistrationId),
    check(
      'declarations_flag_check',
      sql`${t.flagStatus} = 'none' or ${t.action} in ('test', 'isolateAndTest')`,
    ),
  ],
);

/** A checkpoint's scan of a declaration's QR (border or district checkpoint): the passage, audited. */
export const checkpointPassages = pgTable(
  'checkpoint_passages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    declarationId: uuid('declaration_id')
      .notNull()
      .references(() => declarations.id),
    checkpoint: text('checkpoint').notNull(),
    /** The triage shown at the scan. */
    action: text('action').notNull(),
    scannedBy: uuid('scanned_by').references(() => users.id),
    ...jurisdictionColumns(),
    scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('checkpoint_passages_declaration_idx').on(t.declarationId, t.scannedAt)],
);
