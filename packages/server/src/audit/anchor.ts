/**
 * The anchor of the audit chain outside its rows: signed chain heads. After each batch the
 * chainer appends (seq, hash, position, time) signed with HMAC-SHA256 under `AUDIT_ANCHOR_KEY`
 * to `audit_chain_heads`. Someone with superuser SQL can delete or rewrite rows and even
 * re-compute row hashes, but cannot sign a head without the key, which lives in the server's
 * environment, not in the database. The security officer exports the newest head
 * (`GET /api/audit/head`, `epilink audit:head`) and keeps it elsewhere: verifying against it later
 * shows a database cut back as a whole (rows, chain and heads together).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';

/** A signed chain head. Numbers are decimal strings (bigint), `at` an ISO-8601 UTC instant. */
export interface SignedHead {
  seq: string;
  hash: string;
  lastXact: string;
  lastId: string;
  at: string;
  keyId: string;
  signature: string;
}

/** The fields a head signs. */
export type HeadContent = Omit<SignedHead, 'keyId' | 'signature'>;

/** Which key signed: the first 16 hex digits of the key's SHA-256 (the key itself never leaves). */
export function anchorKeyId(key: string): string {
  return createHash('sha256').update(`epilink-audit-anchor\n${key}`).digest('hex').slice(0, 16);
}

function mac(key: string, head: HeadContent): string {
  const message = ['epilink-audit-head-v1', head.seq, head.hash, head.lastXact, head.lastId, head.at].join(
    '\n',
  );
  return createHmac('sha256', key).update(message).digest('hex');
}

/** Sign a head with the anchor key. */
export function signHead(key: string, head: HeadContent): SignedHead {
  return { ...head, keyId: anchorKeyId(key), signature: mac(key, head) };
}

/** True when the head was signed by this key and nothing in it changed since. */
export function headSignatureValid(key: string, head: SignedHead): boolean {
  if (head.keyId !== anchorKeyId(key) || !/^[0-9a-f]{64}$/u.test(head.signature)) return false;
  return timingSafeEqual(Buffer.from(mac(key, head), 'hex'), Buffer.from(head.signature, 'hex'));
}

/** Select list of a head row, numbers as text and `at` with milliseconds as JavaScript writes it. */
export const HEAD_COLUMNS = sql`seq::text as seq, hash, last_xact::text as "lastXact", last_id::text as "lastId",
  to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, key_id as "keyId", signature`;

/** The newest signed head (by insertion), or null before the first one. */
export async function latestHead(db: DbOrTx): Promise<SignedHead | null> {
  const [head] = await queryRows<SignedHead>(
    db,
    sql`select ${HEAD_COLUMNS} from audit_chain_heads order by id desc limit 1`,
  );
  return head ?? null;
}

/** Append a signed head (in the chainer's transaction, with the chain rows it covers). */
export async function appendHead(db: DbOrTx, key: string, content: HeadContent): Promise<SignedHead> {
  const head = signHead(key, content);
  await db.execute(sql`insert into audit_chain_heads (seq, hash, last_xact, last_id, at, key_id, signature)
    values (${head.seq}::bigint, ${head.hash}, ${head.lastXact}::bigint, ${head.lastId}::bigint,
      ${head.at}::timestamptz, ${head.keyId}, ${head.signature})`);
  return head;
}
