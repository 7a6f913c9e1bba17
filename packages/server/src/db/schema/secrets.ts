import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Server-side secrets generated in the database at first use (shared by every API process), e.g.
 * the key that signs guest check-out tokens. Never sent to any client.
 */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
