/**
 * Verification of the audit chain: walk `audit_chain` in `seq` order with each audit row, recompute
 * every hash, and compare the chain with every signed head (`anchor.ts`) and, when given, with a
 * head the security officer exported earlier. Reports the first break:
 * - `sequence`: a chain position is missing (chain rows deleted);
 * - `missing`: a chained audit row is gone (rows deleted);
 * - `content`: a row no longer matches its hash (changed);
 * - `signature`: a head was forged or altered (or signed by another key);
 * - `rechained`: the chain's hash at a head's position differs from the signed one (rows rewritten
 *   and the chain recomputed);
 * - `truncated`: a head (stored or exported) names a position past the end of the chain (the
 *   newest rows deleted);
 * - `unanchored`: chain rows after the newest head (chain rows appended without the key).
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import type { SignedHead } from './anchor.ts';
import { HEAD_COLUMNS, headSignatureValid } from './anchor.ts';
import type { AuditChainRow } from './chain.ts';
import { CHAIN_ROW_COLUMNS, GENESIS_HASH, auditRowHash, unchainedCount } from './chain.ts';

/** Why the chain is broken. */
export const BREAK_REASONS = [
  'content',
  'sequence',
  'missing',
  'signature',
  'rechained',
  'truncated',
  'unanchored',
] as const;
export type BreakReason = (typeof BREAK_REASONS)[number];

/** The outcome of a verification: ok, or the first break and where. */
export interface ChainReport {
  ok: boolean;
  checked: number;
  unchained: number;
  firstBroken: { id: string; seq: string | null; reason: BreakReason } | null;
  anchor: {
    keyConfigured: boolean;
    heads: number;
    latest: { seq: string; at: string } | null;
    /** Whether an exported head was given and matched. */
    exportedHead: 'none' | 'matched';
  };
}

interface WalkRow extends Omit<AuditChainRow, 'id'> {
  seq: string;
  chain_hash: string;
  log_id: string;
  id: string | null;
}

type Break = NonNullable<ChainReport['firstBroken']>;

/** Heads in (seq, id) order, fetched a page at a time. */
function headCursor(db: DbOrTx, pageSize: number) {
  let page: (SignedHead & { rowId: string })[] = [];
  let index = 0;
  let after = { seq: '0', id: '0' };
  let done = false;
  return {
    async peek(): Promise<SignedHead | null> {
      if (index < page.length) return page[index]!;
      if (done) return null;
      page = await queryRows<SignedHead & { rowId: string }>(
        db,
        sql`select ${HEAD_COLUMNS}, id::text as "rowId" from audit_chain_heads
          where (seq, id) > (${after.seq}::bigint, ${after.id}::bigint) order by audit_chain_heads.seq, audit_chain_heads.id limit ${pageSize}`,
      );
      index = 0;
      if (page.length < pageSize) done = true;
      const last = page.at(-1);
      if (last) after = { seq: last.seq, id: last.rowId };
      return page[0] ?? null;
    },
    next(): void {
      index += 1;
    },
  };
}

/**
 * Walk the whole chain and compare it with the signed heads (and `exported`, a head kept outside
 * the database). Without an anchor key the heads cannot be checked (`anchor.keyConfigured` false).
 */
export async function verifyAuditChain(
  db: DbOrTx,
  options: { anchorKey: string | null; exported?: SignedHead | null; batchSize?: number },
): Promise<ChainReport> {
  const batchSize = options.batchSize ?? 5000;
  const key = options.anchorKey;
  const exported = options.exported ?? null;
  const heads = headCursor(db, batchSize);
  let prev = GENESIS_HASH;
  let expected = 1n;
  let checked = 0;
  let headCount = 0;
  let latest: SignedHead | null = null;
  let exportedMatched = false;
  let sinceHead: Break | null = null;
  let broken: Break | null = null;

  const checkHead = (head: SignedHead, chainHash: string | null, at: Break): Break | null => {
    headCount += 1;
    latest = head;
    if (!key) return null;
    if (!headSignatureValid(key, head)) return { ...at, reason: 'signature' };
    if (chainHash === null) return { id: head.lastId, seq: head.seq, reason: 'truncated' };
    if (head.hash !== chainHash) return { ...at, reason: 'rechained' };
    return null;
  };
  if (exported && key && !headSignatureValid(key, exported))
    broken = { id: exported.lastId, seq: exported.seq, reason: 'signature' };

  walk: while (!broken) {
    const rows = await queryRows<WalkRow>(
      db,
      sql`select c.seq::text as seq, c.hash as chain_hash, c.log_id::text as log_id, ${CHAIN_ROW_COLUMNS}
        from audit_chain c left join audit_log l on l.id = c.log_id and l.at = c.log_at
        where c.seq >= ${expected.toString()}::bigint order by c.seq limit ${batchSize}`,
    );
    for (const row of rows) {
      const here: Break = { id: row.log_id, seq: row.seq, reason: 'content' };
      if (BigInt(row.seq) !== expected) broken = { ...here, reason: 'sequence' };
      else if (row.id === null) broken = { ...here, reason: 'missing' };
      else if (auditRowHash(prev, row.seq, { ...row, id: row.id }) !== row.chain_hash) broken = here;
      if (broken) break walk;
      if (exported?.seq === row.seq) {
        if (exported.hash !== row.chain_hash) broken = { ...here, reason: 'rechained' };
        else exportedMatched = true;
      }
      let anchored = false;
      for (
        let head = await heads.peek();
        !broken && head && BigInt(head.seq) <= expected;
        head = await heads.peek()
      ) {
        broken = checkHead(head, BigInt(head.seq) === expected ? row.chain_hash : 'skipped', here);
        heads.next();
        anchored = true;
      }
      if (broken) break walk;
      if (anchored) sinceHead = null;
      else sinceHead ??= here;
      prev = row.chain_hash;
      expected += 1n;
      checked += 1;
    }
    if (rows.length < batchSize) break;
  }
  // Heads past the end of the chain: the newest rows were cut off.
  for (let head = await heads.peek(); !broken && head; head = await heads.peek()) {
    broken = checkHead(head, null, { id: head.lastId, seq: head.seq, reason: 'truncated' });
    heads.next();
  }
  if (!broken && exported && !exportedMatched)
    broken = { id: exported.lastId, seq: exported.seq, reason: 'truncated' };
  if (!broken && key && sinceHead) broken = { ...sinceHead, reason: 'unanchored' };
  const newest = latest as SignedHead | null;
  return {
    ok: broken === null,
    checked,
    unchained: await unchainedCount(db),
    firstBroken: broken,
    anchor: {
      keyConfigured: key !== null,
      heads: headCount,
      latest: newest ? { seq: newest.seq, at: newest.at } : null,
      exportedHead: exportedMatched ? 'matched' : 'none',
    },
  };
}
