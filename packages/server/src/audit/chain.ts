/**
 * The audit hash chain. Writers insert audit rows without a hash (no writer ever waits for
 * another); the chainer then links unchained rows in id order, one batch per transaction under
 * an advisory lock: each gets the next `seq`, `prev_hash` = the previous row's hash, and
 * `hash` = SHA-256(prev_hash + "\n" + canonical row content). `seq`, not `id`, is the chain
 * order, so rows whose transactions commit out of id order are simply chained when they appear.
 *
 * A trigger (migration 0004) refuses UPDATE/DELETE/TRUNCATE except the one-time filling of the
 * chain columns, so the application cannot rewrite history; someone with superuser SQL can, and
 * `verifyAuditChain` then names the first row whose content or link no longer matches.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';

/** The previous hash of the first row in the chain. */
export const GENESIS_HASH = '0'.repeat(64);
/** Advisory lock id serialising chainers across processes. */
const CHAIN_LOCK_ID = 83_0042_0001;

/** An audit row as the chain sees it (every column, timestamps as UTC text with microseconds). */
export interface AuditChainRow {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string;
  action: string;
  entity: string;
  entity_id: string | null;
  person_id: string | null;
  fields: string[];
  purpose: string | null;
  ip: string | null;
  details: unknown;
  seq: string | null;
  prev_hash: string | null;
  hash: string | null;
}

const SELECT_ROWS = sql`select id::text as id,
  to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
  actor_id::text as actor_id, actor_name, actor_role, action, entity, entity_id,
  person_id::text as person_id, fields, purpose, ip, details, seq::text as seq, prev_hash, hash
  from audit_log`;

/** JSON with object keys sorted at every level: the same value always serialises the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of a row at chain position `seq` after `prevHash`. */
export function auditRowHash(prevHash: string, seq: string, row: AuditChainRow): string {
  const content = canonicalJson([
    seq,
    row.id,
    row.at,
    row.actor_id,
    row.actor_name,
    row.actor_role,
    row.action,
    row.entity,
    row.entity_id,
    row.person_id,
    row.fields,
    row.purpose,
    row.ip,
    row.details,
  ]);
  return createHash('sha256').update(`${prevHash}\n${content}`).digest('hex');
}

async function chainBatch(db: Db, batchSize: number): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK_ID})`);
    const [last] = await queryRows<{ seq: string; hash: string }>(
      tx,
      sql`select seq::text as seq, hash from audit_log where seq is not null order by audit_log.seq desc limit 1`,
    );
    const rows = await queryRows<AuditChainRow>(
      tx,
      sql`${SELECT_ROWS} where seq is null order by audit_log.id limit ${batchSize}`,
    );
    if (rows.length === 0) return 0;
    let seq = BigInt(last?.seq ?? '0');
    let prev = last?.hash ?? GENESIS_HASH;
    const links = rows.map((row) => {
      seq += 1n;
      const hash = auditRowHash(prev, seq.toString(), row);
      const link = { id: row.id, seq: seq.toString(), prev, hash };
      prev = hash;
      return link;
    });
    await tx.execute(sql`update audit_log a set seq = v.seq, prev_hash = v.prev, hash = v.hash
      from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as v(id bigint, seq bigint, prev text, hash text)
      where a.id = v.id`);
    return rows.length;
  });
}

/** Chain every audit row not yet chained; returns how many were linked. */
export async function chainAudit(db: Db, batchSize = 2000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await chainBatch(db, batchSize);
    total += n;
    if (n < batchSize) return total;
  }
}

/** The outcome of a verification: ok, or the first broken row and why. */
export interface ChainReport {
  ok: boolean;
  checked: number;
  unchained: number;
  firstBroken: { id: string; seq: string | null; reason: 'content' | 'link' | 'sequence' } | null;
}

/**
 * Walk the chain in `seq` order and recompute every link. Stops at the first row whose hash does
 * not match its content (`content`: the row was changed), whose prev_hash is not the previous
 * row's hash (`link`: a row was removed or reordered), or whose seq skips (`sequence`).
 */
export async function verifyAuditChain(db: DbOrTx, batchSize = 5000): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let expected = 1n;
  let checked = 0;
  let after = 0n;
  for (;;) {
    const rows = await queryRows<AuditChainRow>(
      db,
      sql`${SELECT_ROWS} where seq > ${after.toString()}::bigint order by audit_log.seq limit ${batchSize}`,
    );
    for (const row of rows) {
      const seq = BigInt(row.seq!);
      const broken = (reason: 'content' | 'link' | 'sequence'): ChainReport => ({
        ok: false,
        checked,
        unchained: 0,
        firstBroken: { id: row.id, seq: row.seq, reason },
      });
      if (seq !== expected) return withUnchained(db, broken('sequence'));
      if (row.prev_hash !== prev) return withUnchained(db, broken('link'));
      if (auditRowHash(prev, row.seq!, row) !== row.hash) return withUnchained(db, broken('content'));
      prev = row.hash;
      expected += 1n;
      after = seq;
      checked += 1;
    }
    if (rows.length < batchSize) break;
  }
  return withUnchained(db, { ok: true, checked, unchained: 0, firstBroken: null });
}

async function withUnchained(db: DbOrTx, report: ChainReport): Promise<ChainReport> {
  const [row] = await queryRows<{ n: string }>(
    db,
    sql`select count(*)::text as n from audit_log where seq is null`,
  );
  return { ...report, unchained: Number(row?.n ?? 0) };
}

/** Run the chainer every `intervalMs` in this process; returns a stop function. */
export function startAuditChainer(
  db: Db,
  options: { intervalMs?: number; onError?: (e: unknown) => void } = {},
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = chainAudit(db).catch((e: unknown) => options.onError?.(e));
  }, options.intervalMs ?? 1000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
