import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './platform.ts';

/** One-time recovery codes for two-factor sign-in (SHA-256 of each; each works once). */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/**
 * The binding of a phone number to a person record: a citizen signs in as a person only through a
 * VERIFIED row (`verifiedAt` set) — the phone holder proved the one-time code AND matched the
 * record's date of birth and ID number (or name when it has none) — never by guessing from the
 * records that carry the number. Rows from before the rule (`verifiedAt` null) bind nothing.
 */
export const citizens = pgTable(
  'citizens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: text('phone').notNull(),
    personId: uuid('person_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    /** When the binding was verified (null: never; such a row binds nothing). */
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /** How: `identity` (date of birth + ID number or name matched the record at sign-in). */
    verifiedBy: text('verified_by', { enum: ['identity'] }),
  },
  (t) => [uniqueIndex('citizens_phone_person_idx').on(t.phone, t.personId)],
);

/** Citizens' sessions (token hash only, as for officials). */
export const citizenSessions = pgTable(
  'citizen_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizens.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('citizen_sessions_citizen_idx').on(t.citizenId)],
);

/** One-time sign-in codes sent to a phone (SHA-256 of the code; a few attempts; minutes to live). */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: text('phone').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('otp_codes_phone_idx').on(t.phone, t.createdAt)],
);

/**
 * API keys of other systems: shown once, stored as SHA-256, with scopes and a jurisdiction;
 * revocable. `prefix` (the first characters) identifies a key in lists without revealing it.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    scopes: text('scopes').array().notNull(),
    jurisdictionCode: text('jurisdiction_code').notNull(),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** The organisation (facility: hospital, lab, vaccination site) the key acts for (FHIR writes). */
    ownerFacilityId: uuid('owner_facility_id'),
  },
  (t) => [index('api_keys_jurisdiction_idx').on(t.provinceCode, t.districtCode, t.communeCode)],
);

/**
 * Messages delivered to the demo channel (demo mode only): what an SMS or e-mail would have
 * said, shown on the public demo inbox page since no real SMS can leave the machine.
 */
export const demoMessages = pgTable('demo_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  channel: text('channel', { enum: ['sms', 'email'] }).notNull(),
  recipient: text('recipient').notNull(),
  subject: text('subject'),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
