/**
 * The audit commands of the command line (`npm run epilink -- audit:…`):
 * - `audit:chain`: link pending audit rows into the hash chain;
 * - `audit:head`: chain, then print the newest signed chain head as one JSON line — keep it outside
 *   the database (a ticket, a notebook, another system) to verify against later;
 * - `audit:verify [--head '<json from audit:head>']`: chain, then verify the whole chain against
 *   its signed heads (and the given exported head); exit 1 naming the first break.
 */
import { readFileSync } from 'node:fs';
import type { Db } from '../db/client.ts';
import type { SignedHead } from './anchor.ts';
import { latestHead } from './anchor.ts';
import { AuditChainTamperedError, chainAudit, chainBeforeVerify } from './chain.ts';
import type { BreakReason } from './verify.ts';
import { verifyAuditChain } from './verify.ts';

const EXPLAIN: Record<BreakReason, string> = {
  content: 'its content does not match its hash (the row was changed)',
  sequence: 'the chain skips a position (chain rows were removed)',
  missing: 'the chained row is gone (audit rows were deleted)',
  signature: 'a chain head does not carry a valid signature (forged or altered)',
  rechained: 'the chain differs from a signed head at this position (rows rewritten and re-hashed)',
  truncated: 'a signed head names a position past the end of the chain (the newest rows were deleted)',
  unanchored: 'chain rows follow the newest signed head (appended without the anchor key)',
};

/** Parse an exported head (the JSON `audit:head` printed); throws on anything else. */
export function parseExportedHead(text: string): SignedHead {
  const value = JSON.parse(text) as Record<string, unknown>;
  const fields = ['seq', 'hash', 'lastXact', 'lastId', 'at', 'keyId', 'signature'] as const;
  const head: Partial<Record<(typeof fields)[number], string>> = {};
  for (const f of fields) {
    const v = value[f];
    if (typeof v !== 'string' || v.length === 0 || v.length > 200)
      throw new Error(`exported head: bad "${f}"`);
    head[f] = v;
  }
  return head as SignedHead;
}

/** Run one audit command; returns the exit code (0 ok, 1 broken, 2 usage). */
export async function runAuditCommand(
  db: Db,
  command: string,
  options: Record<string, string>,
  anchorKey: string | null,
  out: (line: string) => void,
): Promise<number> {
  if (command === 'audit:chain') {
    try {
      out(`Chained ${await chainAudit(db, { anchorKey })} audit rows.`);
      return 0;
    } catch (e) {
      if (!(e instanceof AuditChainTamperedError)) throw e;
      out(`Refused: ${e.message}.`);
      return 1;
    }
  }
  await chainBeforeVerify(db, { anchorKey });
  if (command === 'audit:head') {
    const head = await latestHead(db);
    if (!head) {
      out(anchorKey ? 'No chain head yet (no audit rows).' : 'No chain head: AUDIT_ANCHOR_KEY is not set.');
      return 1;
    }
    out(JSON.stringify(head));
    return 0;
  }
  let exported: SignedHead | null = null;
  try {
    const raw = options['head-file'] ? readFileSync(options['head-file'], 'utf8') : options.head;
    if (raw) exported = parseExportedHead(raw);
  } catch (e) {
    out(`Cannot read the exported head: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const report = await verifyAuditChain(db, { anchorKey, exported });
  const warn = () => {
    if (!anchorKey) out('WARNING: AUDIT_ANCHOR_KEY is not set: signed heads are not checked.');
  };
  if (report.ok) {
    out(
      `Audit chain OK: ${report.checked} rows verified against ${report.anchor.heads} signed heads` +
        `${exported ? ' and the exported head' : ''}, ${report.unchained} not yet chained.`,
    );
    warn();
    return 0;
  }
  warn();
  const b = report.firstBroken!;
  out(
    `Audit chain BROKEN at audit_log row id=${b.id} (seq ${b.seq ?? '?'}): ${EXPLAIN[b.reason]}. ` +
      `${report.checked} rows before it verified.`,
  );
  return 1;
}
