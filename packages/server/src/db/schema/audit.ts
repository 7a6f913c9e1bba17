import { bigint, bigserial, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The audit hash chain, one row per chained `audit_log` row, written by the chainer only
 * (audit/chain.ts): `hash` = SHA-256(previous row's hash + canonical content of the audit row at
 * position `seq`). Insert-only (trigger); `log_id` is unique, so no audit row is ever chained twice.
 */
export const auditChain = pgTable(
  'audit_chain',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    logId: bigint('log_id', { mode: 'number' }).notNull(),
    /** The audit row's `at` (its partition key), so verification finds the row by primary key. */
    logAt: timestamp('log_at', { withTimezone: true }).notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('audit_chain_log_idx').on(t.logId)],
);

/**
 * Signed chain heads, the anchor outside the rows: after each batch the chainer appends the chain's
 * last position (seq, hash, the last row's transaction id and row id) signed with HMAC-SHA256 under
 * `AUDIT_ANCHOR_KEY`. Insert-only (trigger). Verification compares the chain with every head, so
 * deleting the newest rows or re-chaining rewritten ones shows; the security officer exports the
 * newest head (`GET /api/audit/head`, `epilink audit:head`) to compare later against a database
 * that could have been cut back as a whole.
 */
export const auditChainHeads = pgTable(
  'audit_chain_heads',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    /** The chainer's position: the last chained row's `xact` and `id`. */
    lastXact: bigint('last_xact', { mode: 'number' }).notNull(),
    lastId: bigint('last_id', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Which key signed (first 16 hex digits of SHA-256 of the key), for key rotation. */
    keyId: text('key_id').notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [index('audit_chain_heads_seq_idx').on(t.seq)],
);
