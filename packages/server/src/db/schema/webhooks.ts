import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { jurisdictionColumns } from './columns.ts';

/**
 * Webhook subscriptions of other systems (issue #17 item 6): a URL receiving the events of some
 * topics inside a jurisdiction, signed with HMAC-SHA256 under the subscription's secret (kept so
 * it can sign; shown once at creation). After `MAX_CONSECUTIVE_FAILURES` failed deliveries in a
 * row the subscription is disabled and its owner told.
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    topics: text('topics').array().notNull(),
    jurisdictionCode: text('jurisdiction_code').notNull(),
    ...jurisdictionColumns(),
    /** The API key (the other system) the subscription belongs to, if any. */
    apiKeyId: uuid('api_key_id'),
    /** The official who created it: told when it is disabled. */
    createdBy: uuid('created_by'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_subscriptions_jurisdiction_idx').on(t.provinceCode, t.districtCode, t.communeCode)],
);

/**
 * One event for one subscription: queued from the outbox (one row per subscription and outbox
 * event), delivered with retries and backoff; the log admins read.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
    topic: text('topic').notNull(),
    /** The body sent (ids and codes only, never names). */
    body: jsonb('body').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    ...jurisdictionColumns(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_idx').on(t.subscriptionId, t.outboxId),
    index('webhook_deliveries_due_idx').on(t.status, t.availableAt),
  ],
);
