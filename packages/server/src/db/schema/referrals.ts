import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';
import { jurisdictionColumns } from './columns.ts';
import { users } from './platform.ts';
import { persons } from './registry.ts';

/**
 * A contact named at interview who lives outside the interviewing tracer's jurisdiction. The
 * name is not linked to any record there until the contact's own commune reviews it: accepting
 * links (or adds) the person in that commune and proposes the contact edge; dismissing ends it.
 * Scoped by the named place (the reviewing commune's), never by the case's.
 */
export const contactReferrals = pgTable(
  'contact_referrals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    sourcePersonId: uuid('source_person_id')
      .notNull()
      .references(() => persons.id),
    diseaseCode: text('disease_code').notNull(),
    /** What the interview said: name, phone, ID number, date of birth, exposure (as typed). */
    named: jsonb('named').notNull(),
    status: text('status', { enum: ['pending', 'linked', 'dismissed'] })
      .notNull()
      .default('pending'),
    /** The person the reviewing commune linked the contact to (when linked). */
    personId: uuid('person_id').references(() => persons.id),
    contactId: uuid('contact_id'),
    createdBy: uuid('created_by'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    ...jurisdictionColumns(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('contact_referrals_place_idx').on(t.provinceCode, t.districtCode, t.communeCode, t.status),
    index('contact_referrals_case_idx').on(t.caseId),
  ],
);
