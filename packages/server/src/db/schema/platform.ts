import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The one clock's time zone as the database sees it (issue #11 item 3): one row, written from the
 * config's `TIME_ZONE` at every start (`bootstrap.ts`, `db/clockZone.ts`), read by the SQL that turns
 * instants into local days — the indicator triggers and views and the reports' queries, through
 * `epilink_time_zone()` (migration 0073) — so a database day is the core clock's day.
 */
export const clockZone = pgTable(
  'clock_zone',
  {
    id: boolean('id').primaryKey().default(true),
    timeZone: text('time_zone').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('clock_zone_one_row', sql`${t.id}`)],
);

/** Diseases are configuration: case definitions, tests, windows hang off a disease (PRODUCT.md). */
export const diseases = pgTable('diseases', {
  code: text('code').primaryKey(),
  definition: jsonb('definition').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The policy store: every rule that authorities change, as versioned data with an effective date,
 * its source and a verification status. Rows are never updated in place; a new version is a new row.
 */
export const policyRules = pgTable(
  'policy_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    diseaseCode: text('disease_code'),
    effectiveFrom: date('effective_from').notNull(),
    value: jsonb('value').notNull(),
    source: jsonb('source').notNull(),
    verification: text('verification', { enum: ['confirmed', 'unverified'] }).notNull(),
    unverifiedPaths: text('unverified_paths').array(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  // One version per key, disease (generic = null) and date: NULLS NOT DISTINCT makes generic rules unique too.
  (t) => [unique('policy_rules_version_uq').on(t.key, t.diseaseCode, t.effectiveFrom).nullsNotDistinct()],
);

/**
 * Audit trail of every read and write of personal data, written in the same transaction as the
 * change it records, once: rows are never updated. Partitioned by month of `at` (migration 0026,
 * `audit/partitions.ts`). The hash chain lives beside it (`audit_chain`, `audit_chain_heads` in
 * schema/audit.ts); `xact` (the writing transaction's id) lets the chainer take rows in a final
 * order without scanning the table (audit/chain.ts).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    /** The actor's username (or API key name, or `citizen`) at the time, for the viewer. */
    actorName: text('actor_name'),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    personId: uuid('person_id'),
    fields: text('fields').array().notNull(),
    purpose: text('purpose'),
    ip: text('ip'),
    details: jsonb('details'),
    /** The top-level id of the transaction that wrote the row (`pg_current_xact_id()`). */
    xact: bigint('xact', { mode: 'number' })
      .notNull()
      .default(sql`(pg_current_xact_id()::text)::bigint`),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.at] }),
    // Written on every audited request, so each index is paid per row (issue #11.6): `at` and
    // `xact` rise with the insertion order, so one BRIN (a summary per 128 pages, nothing to do
    // for rows landing in the newest range) serves the viewer's time filter and the chainer's
    // look-up of rows left behind (xact above its position); person and actor are indexed only
    // where set (searches, sign-ins and system rows carry no person, anonymous rows no actor).
    index('audit_log_at_xact_brin').using('brin', t.at, t.xact),
    index('audit_log_person_idx')
      .on(t.personId, t.at)
      .where(sql`person_id is not null`),
    index('audit_log_actor_idx')
      .on(t.actorId, t.at)
      .where(sql`actor_id is not null`),
  ],
);

/** Transactional outbox: events written with the change, delivered by a worker with retries. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    lastError: text('last_error'),
  },
  (t) => [
    // The worker's claim (undelivered rows in id order, `limit`) reads this index in order: a
    // delivered row's entry is marked dead by the first scan that meets it, so the claim does not
    // revisit delivered rows until a vacuum removes them. The former (delivered_at, available_at)
    // index was read as a bitmap, which marks nothing: every claim re-read every row version ever
    // delivered since the last vacuum (45 ms per claim after 70,000 deliveries, issue #11).
    index('outbox_pending_idx')
      .on(t.id)
      .where(sql`delivered_at is null`),
    // Retention deletes delivered rows by age.
    index('outbox_delivered_idx')
      .on(t.deliveredAt)
      .where(sql`delivered_at is not null`),
  ],
);

/**
 * Officials' accounts. A jurisdiction is an administrative unit code; lab and site staff also
 * belong to a facility (their jurisdiction is then the facility's unit). The province, district
 * and commune codes of the jurisdiction are denormalised so account lists scope like person rows.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    /** Optional address for security notices (account locked, two-factor reset). */
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    jurisdictionCode: text('jurisdiction_code').notNull(),
    provinceCode: text('province_code'),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    facilityId: uuid('facility_id'),
    active: boolean('active').notNull().default(true),
    demo: boolean('demo').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Base32 TOTP secret (null until enrolled). */
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** Last accepted TOTP time step: a code is never accepted twice (replay). */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    /**
     * SHA-256 of the one-time enrolment code an administrator handed out (account created, or
     * two-factor/password reset): while set, the authenticator can be bound only with it, so
     * holding the initial or reset password is not enough. Cleared when enrolment completes.
     */
    enrolmentCodeHash: text('enrolment_code_hash'),
    enrolmentCodeExpiresAt: timestamp('enrolment_code_expires_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('users_jurisdiction_idx').on(t.provinceCode, t.districtCode, t.communeCode)],
);

/**
 * Sessions of officials: the cookie carries a random token; only its SHA-256 is stored. A session
 * starts at stage `totp` or `enrol` when two-factor sign-in is required and becomes `active` only
 * after the second factor; until then every route except the 2FA ones answers 401.
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    id: uuid('id').notNull().unique().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    stage: text('stage', { enum: ['active', 'totp', 'enrol'] })
      .notNull()
      .default('active'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** One-off data steps already done (demo province, reference data), so start-up is idempotent. */
export const seedRuns = pgTable('seed_runs', {
  name: text('name').primaryKey(),
  details: jsonb('details'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});
