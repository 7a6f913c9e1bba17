import { customType, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictionColumns } from './columns.ts';
import { citizens } from './identity.ts';
import { users } from './platform.ts';
import { persons } from './registry.ts';

/** Binary bytes (PostgreSQL `bytea`): a Buffer on both drivers. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value),
});

/**
 * Citizens' correction requests of the health book (#17 item 3, `server/src/healthbook/corrections*`):
 * about one record of the person's timeline (`record_kind` + `record_id`) or a missing one (both
 * null). The place columns are the OWNING unit's (the vaccination site, the test site, else the
 * record's or the person's commune), so `scopeFor` routes the request to that unit's officials.
 * The evidence photo, sanitised (no EXIF/GPS), is kept in the row. Open requests climb unit →
 * district → province after the delays of policy `correction.escalation`.
 */
export const correctionRequests = pgTable(
  'correction_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    recordKind: text('record_kind'),
    recordId: text('record_id'),
    ownerKind: text('owner_kind', { enum: ['facility', 'testSite', 'commune'] }).notNull(),
    ownerId: text('owner_id'),
    ownerName: text('owner_name'),
    ...jurisdictionColumns(),
    message: text('message').notNull(),
    evidence: bytea('evidence'),
    evidenceType: text('evidence_type', { enum: ['image/jpeg', 'image/png'] }),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => citizens.id),
    status: text('status', { enum: ['open', 'resolved', 'rejected'] })
      .notNull()
      .default('open'),
    level: text('level', { enum: ['unit', 'district', 'province'] })
      .notNull()
      .default('unit'),
    levelSince: timestamp('level_since', { withTimezone: true }).notNull(),
    answer: text('answer'),
    /** What the accepted fix changed (entity, id, fields), as audited by the module's service. */
    fix: jsonb('fix'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('correction_requests_person_idx').on(t.personId, t.createdAt),
    index('correction_requests_open_idx').on(t.status, t.levelSince),
    index('correction_requests_place_idx').on(t.communeCode, t.status),
  ],
);
