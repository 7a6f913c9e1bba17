import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { persons } from './registry.ts';

/**
 * The province's DCC signer keys (ES256). The private key is stored encrypted (AES-256-GCM under a
 * key derived from CERT_KEY_SECRET). Several are valid at once: the newest `issuing` one signs,
 * older ones stay in the trust list (`verify_only`) until their certificate expires.
 */
export const dccSigners = pgTable('dcc_signers', {
  id: uuid('id').primaryKey().defaultRandom(),
  kid: text('kid').notNull().unique(),
  country: text('country').notNull(),
  certificateDer: text('certificate_der').notNull(),
  privateKeyEnc: text('private_key_enc').notNull(),
  state: text('state', { enum: ['issuing', 'verify_only', 'retired'] }).notNull(),
  notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
  notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Foreign signer certificates imported by an administrator (from a gateway download). */
export const dccForeignSigners = pgTable('dcc_foreign_signers', {
  id: uuid('id').primaryKey().defaultRandom(),
  kid: text('kid').notNull(),
  country: text('country').notNull(),
  certificateDer: text('certificate_der').notNull().unique(),
  active: text('active', { enum: ['yes', 'no'] })
    .notNull()
    .default('yes'),
  addedBy: uuid('added_by'),
  addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Certificates EpiLink issued (vaccination, test, recovery); the QR text is kept for reissue/PDF. */
export const issuedCertificates = pgTable(
  'issued_certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    uvci: text('uvci').notNull().unique(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    type: text('type', { enum: ['v', 't', 'r'] }).notNull(),
    sourceId: uuid('source_id'),
    kid: text('kid').notNull(),
    qr: text('qr').notNull(),
    summary: text('summary').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    supersededBy: uuid('superseded_by'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
    provinceCode: text('province_code').notNull(),
    districtCode: text('district_code'),
    communeCode: text('commune_code'),
    issuedBy: uuid('issued_by'),
  },
  (t) => [
    index('issued_certificates_person_idx').on(t.personId),
    index('issued_certificates_source_idx').on(t.sourceId),
  ],
);

/**
 * Revoked certificates by UVCI hash (EU DCC revocation: base64 of the first 16 bytes of
 * SHA-256(UVCI)); published with the trust list so the offline verifier sees revocations too.
 */
export const dccRevocations = pgTable('dcc_revocations', {
  uciHash: text('uci_hash').primaryKey(),
  country: text('country').notNull(),
  reason: text('reason').notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }).notNull().defaultNow(),
  revokedBy: uuid('revoked_by'),
});
