/**
 * The audit hash chain. Writers insert audit rows once and never wait for one another; the
 * chainer links them afterwards, one batch per transaction under an advisory lock: each row gets
 * the next `seq` and hash = SHA-256(previous hash + "\n" + canonical row content), written to
 * `audit_chain` (the audit row itself is never updated), and the batch ends with a signed head
 * (`anchor.ts`) in the same transaction.
 *
 * Order without scanning: rows are chained in id order up to a horizon below which every id is
 * resolved. The chainer reads the id sequence's last value H, then the transactions that hold a
 * write lock on `audit_log` in this database (every transaction that took an id holds one from
 * before it took it until it ends), and waits until those have ended: then every row with id <= H
 * is committed or rolled back, and the chainer takes the unchained ones from its stored position
 * with index range scans — its cost depends on the batch, not on the size of the table. Only a
 * long transaction that has itself written audit rows delays chaining; transactions of other
 * databases or without audit rows do not (the previous horizon, the server-wide oldest running
 * transaction id, let any long transaction on the server stop the chainer). Each row also carries
 * its writing transaction's id (`xact`): chains written before this order (in (xact, id) order)
 * are continued without a gap, because unchained rows are looked for both after the position in
 * (xact, id) order and after its id (already chained rows are skipped). Rows moved from before
 * migration 0026 carry xact 1 (chained then) or 2 (not yet); normal transaction ids start at 3.
 *
 * Triggers (migration 0026) refuse UPDATE/DELETE/TRUNCATE of audit rows, chain rows and heads, and
 * `audit_chain.log_id` is unique: a row is chained once, never re-hashed. The chainer refuses to
 * continue when the chain no longer ends at its signed head (rows deleted or rewritten by a
 * superuser); `verify.ts` names what broke.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { appendHead, headSignatureValid, latestHead } from './anchor.ts';
import { resolvedHorizon } from './horizon.ts';
import { ensureAuditPartitions, summarizeAuditRanges } from './partitions.ts';

export { resolvedHorizon };

/** The previous hash of the first row in the chain. */
export const GENESIS_HASH = '0'.repeat(64);
/** Advisory lock id serialising chainers across processes. */
export const CHAIN_LOCK_ID = 83_0042_0001;
const MAX_BIGINT = '9223372036854775807';

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
  xact: string;
}

/** Select list of an audit row as the chain hashes it (alias `l`). */
export const CHAIN_ROW_COLUMNS = sql`l.id::text as id,
  to_char(l.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
  l.actor_id::text as actor_id, l.actor_name, l.actor_role, l.action, l.entity, l.entity_id,
  l.person_id::text as person_id, l.fields, l.purpose, l.ip, l.details, l.xact::text as xact`;

/** Raised when the chain no longer ends at its signed head: the chainer stops until verified. */
export class AuditChainTamperedError extends Error {
  constructor(message: string) {
    super(`${message}; run \`npm run epilink -- audit:verify\``);
    this.name = 'AuditChainTamperedError';
  }
}

/**
 * JSON with object keys sorted at every level: the same value always serialises the same way.
 * Keys are sorted by UTF-16 code units (the default sort); undefined members are left out. Built
 * by one string per value, without intermediate arrays: the chainer runs it for every audit row.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const member = object[key];
    if (member === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
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

interface Position {
  seq: string;
  hash: string;
  xact: string;
  id: string;
  /** Whether a signed head stands at this position. */
  anchored: boolean;
}

/** Where the chain ends: the latest signed head, checked against the last chain row. */
async function chainPosition(tx: DbOrTx, anchorKey: string | null): Promise<Position> {
  const [last] = await queryRows<{ seq: string; hash: string; log_id: string; log_at: string }>(
    tx,
    sql`select seq::text as seq, hash, log_id::text as log_id, log_at::text as log_at
      from audit_chain order by audit_chain.seq desc limit 1`,
  );
  const head = anchorKey ? await latestHead(tx) : null;
  if (head) {
    if (!headSignatureValid(anchorKey!, head))
      throw new AuditChainTamperedError('the latest audit chain head does not carry a valid signature');
    if (!last || last.seq !== head.seq || last.hash !== head.hash)
      throw new AuditChainTamperedError(
        `the audit chain (last seq ${last?.seq ?? 'none'}) does not end at its signed head (seq ${head.seq})`,
      );
    return { seq: head.seq, hash: head.hash, xact: head.lastXact, id: head.lastId, anchored: true };
  }
  if (!last) return { seq: '0', hash: GENESIS_HASH, xact: '0', id: '0', anchored: false };
  const [row] = await queryRows<{ xact: string }>(
    tx,
    sql`select xact::text as xact from audit_log where id = ${last.log_id}::bigint and at = ${last.log_at}::timestamptz`,
  );
  if (!row) throw new AuditChainTamperedError(`the last chained audit row (id ${last.log_id}) is missing`);
  // Rows chained before migration 0026 all carry xact 1: continue after every one of them.
  const id = row.xact === '1' ? MAX_BIGINT : last.log_id;
  return { seq: last.seq, hash: last.hash, xact: row.xact, id, anchored: false };
}

/** Not yet chained (a chain row is looked up by its unique `log_id`). */
const NOT_CHAINED = sql`not exists (select 1 from audit_chain c where c.log_id = l.id)`;

/**
 * The audit rows a candidate query looks at: rows after the position in (xact, id) order (chains
 * written in that order) or after its id (this order), up to the horizon, not yet chained.
 */
function unchainedAfter(position: { xact: string; id: string }, horizon: string | null) {
  return sql`((l.xact, l.id) > (${position.xact}::bigint, ${position.id}::bigint) or l.id > ${position.id}::bigint)
    ${horizon === null ? sql`` : sql`and l.id <= ${horizon}::bigint`}
    and ${NOT_CHAINED}`;
}

/**
 * Unchained rows at or below the position's id that come after it in (xact, id) order: rows a
 * chain written in that order left behind. Read through the BRIN over (at, xact) (migration
 * 0043): the ranges holding transactions after the position's, i.e. the rows written since it.
 * `l.id + 0` keeps the planner off the primary key: with `limit 1` and statistics that expect
 * matches it chose an id-ordered primary-key scan filtered on xact, which reads every row of the
 * month at or below the position when (as almost always) none matches — 90 ms per chain pass
 * after 90,000 rows, growing all month (issue #11). The caller pins the plan (LEFT_BEHIND_SETTINGS).
 */
function leftBelow(position: { xact: string; id: string }) {
  return sql`l.xact > ${position.xact}::bigint and (l.id + 0) <= ${position.id}::bigint and ${NOT_CHAINED}`;
}

/** Whether any row was left behind below the position (read through the BRIN: see leftBelow). */
export function leftBehindCheck(position: { xact: string; id: string }) {
  return sql`select 1 as one from audit_log l where ${leftBelow(position)} limit 1`;
}

/**
 * Set around {@link leftBehindCheck} (local to the transaction): no sequential scan, and no plain
 * index scan either — with `limit 1` the planner otherwise walks a partition's whole primary key
 * for its cheap first row. What is left is the BRIN's bitmap.
 */
export const LEFT_BEHIND_SETTINGS = sql`select set_config('enable_seqscan', 'off', true),
  set_config('enable_indexscan', 'off', true)`;
/** Back to the planner's defaults for the rest of the chain batch (reads by primary key). */
const LEFT_BEHIND_RESET = sql`select set_config('enable_seqscan', 'on', true),
  set_config('enable_indexscan', 'on', true)`;

/** Unchained rows with `from < id <= to`: one primary-key range per partition. */
function idRange(from: string, to: string | null) {
  return sql`l.id > ${from}::bigint ${to === null ? sql`` : sql`and l.id <= ${to}::bigint`} and ${NOT_CHAINED}`;
}

/**
 * Where one `chainAudit` call has got to: the horizon, the highest id its windows have covered,
 * and whether rows left behind by a chain written in (xact, id) order were found (then it takes
 * candidates as that order did, reading every row written since the position).
 */
interface Scan {
  horizon: bigint;
  cursor: bigint;
  leftBehind: boolean | null;
}

/** The next batch's rows: the next window of ids, or (rows left behind) the first by id. */
async function nextRows(tx: DbOrTx, position: Position, scan: Scan, batchSize: number) {
  if (scan.leftBehind === null) {
    await tx.execute(LEFT_BEHIND_SETTINGS);
    const [left] = await queryRows<{ one: number }>(tx, leftBehindCheck(position));
    await tx.execute(LEFT_BEHIND_RESET);
    scan.leftBehind = left !== undefined;
  }
  if (scan.leftBehind) {
    const rows = await queryRows<AuditChainRow>(
      tx,
      sql`select ${CHAIN_ROW_COLUMNS} from audit_log l where ${unchainedAfter(position, scan.horizon.toString())}
        order by l.id limit ${batchSize}`,
    );
    return { rows, done: rows.length < batchSize };
  }
  // Every row at or below the position's id is chained: read the next window of ids above it.
  // A window holds at most `batchSize` rows (ids are unique) whatever plan is chosen.
  const from = BigInt(position.id) > scan.cursor ? BigInt(position.id) : scan.cursor;
  if (from >= scan.horizon) return { rows: [], done: true };
  const to = from + BigInt(batchSize) < scan.horizon ? from + BigInt(batchSize) : scan.horizon;
  const rows = await queryRows<AuditChainRow>(
    tx,
    sql`select ${CHAIN_ROW_COLUMNS} from audit_log l where ${idRange(from.toString(), to.toString())}
      order by l.id`,
  );
  scan.cursor = to;
  return { rows, done: to >= scan.horizon };
}

/** Rows hashed between two turns of the event loop (~2-5 ms of hashing). */
const HASH_CHUNK = 250;

async function chainBatch(
  db: Db,
  anchorKey: string | null,
  batchSize: number,
  scan: Scan,
): Promise<{ chained: number; done: boolean }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK_ID})`);
    const position = await chainPosition(tx, anchorKey);
    const { rows, done } = await nextRows(tx, position, scan, batchSize);
    if (rows.length === 0) {
      // A chain without any head yet (rows chained before migration 0026, or before the key was
      // set) is anchored where it stands.
      if (anchorKey && !position.anchored && position.seq !== '0')
        await appendHead(tx, anchorKey, {
          seq: position.seq,
          hash: position.hash,
          lastXact: position.xact,
          lastId: position.id,
          at: new Date().toISOString(),
        });
      return { chained: 0, done };
    }
    let seq = BigInt(position.seq);
    let prev = position.hash;
    const links: { seq: string; log_id: string; log_at: string; hash: string }[] = [];
    for (const row of rows) {
      // The chainer runs in the API process: a batch of 5,000 rows hashed in one go held its
      // event loop ~50-100 ms (a backlog after a burst), every request waiting behind it.
      if (links.length > 0 && links.length % HASH_CHUNK === 0) await new Promise(setImmediate);
      seq += 1n;
      const hash = auditRowHash(prev, seq.toString(), row);
      prev = hash;
      links.push({ seq: seq.toString(), log_id: row.id, log_at: row.at, hash });
    }
    await tx.execute(sql`insert into audit_chain (seq, log_id, log_at, hash)
      select seq, log_id, log_at, hash from jsonb_to_recordset(${JSON.stringify(links)}::jsonb)
        as v(seq bigint, log_id bigint, log_at timestamptz, hash text)`);
    const last = rows.at(-1)!;
    if (anchorKey)
      await appendHead(tx, anchorKey, {
        seq: seq.toString(),
        hash: prev,
        lastXact: last.xact,
        lastId: last.id,
        at: new Date().toISOString(),
      });
    return { chained: rows.length, done };
  });
}

/** Options of the chainer: the anchor key (heads are signed only with one) and the batch size. */
export interface ChainOptions {
  anchorKey: string | null;
  batchSize?: number;
}

/**
 * Chain what can be chained before a verification or an export: a chain that no longer ends at
 * its signed head is left alone (never re-hashed) — the verification that follows names the break.
 */
export async function chainBeforeVerify(db: Db, options: ChainOptions): Promise<void> {
  try {
    await chainAllWritten(db, options, 5000);
  } catch (e) {
    if (!(e instanceof AuditChainTamperedError)) throw e;
  }
}

/**
 * Chain every audit row up to the resolved horizon (`resolvedHorizon`), in batches of one select,
 * one hash pass, one insert and one signed head each; returns how many were linked. A batch reads
 * the next window of at most `batchSize` ids above the chain's position (one primary-key range per
 * partition), so its cost does not depend on how many rows the trail holds or how far behind the
 * chainer is.
 */
export async function chainAudit(db: Db, options: ChainOptions): Promise<number> {
  const batchSize = options.batchSize ?? 5000;
  const horizon = await resolvedHorizon(db);
  if (horizon === null) return 0;
  const scan: Scan = { horizon: BigInt(horizon), cursor: 0n, leftBehind: null };
  let total = 0;
  for (;;) {
    const { chained, done } = await chainBatch(db, options.anchorKey, batchSize, scan);
    total += chained;
    if (done) return total;
  }
}

/**
 * Chain until every row written before now is chained, or `timeoutMs` passed: rows written after
 * those of a transaction still running that has written audit rows are chained once it ends.
 * Polls every 50 ms. Returns how many rows were linked.
 */
export async function chainAllWritten(db: Db, options: ChainOptions, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let total = 0;
  for (;;) {
    total += await chainAudit(db, options);
    if ((await unchainedCount(db)) === 0 || Date.now() > deadline) return total;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How many audit rows wait for the chainer (their transactions may still be running). */
export async function unchainedCount(db: DbOrTx): Promise<number> {
  const head = await latestHead(db);
  const [last] = head
    ? [{ xact: head.lastXact, id: head.lastId }]
    : await queryRows<{ xact: string; id: string }>(
        db,
        sql`select l.xact::text as xact, l.id::text as id from audit_chain c
          join audit_log l on l.id = c.log_id and l.at = c.log_at order by c.seq desc limit 1`,
      );
  const from = last ?? { xact: '0', id: '0' };
  const id = from.xact === '1' ? MAX_BIGINT : from.id;
  const position = { xact: from.xact, id };
  const [row] = await queryRows<{ n: string }>(
    db,
    sql`select ((select count(*) from audit_log l where ${idRange(id, null)})
      + (select count(*) from audit_log l where ${leftBelow(position)}))::text as n`,
  );
  return Number(row?.n ?? 0);
}

/** Run the chainer every `intervalMs` in this process (and keep monthly partitions ahead). */
export function startAuditChainer(
  db: Db,
  options: { anchorKey: string | null; intervalMs?: number; onError?: (e: unknown) => void },
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let partitionsCheckedAt = 0;
  const tick = async (): Promise<void> => {
    if (Date.now() - partitionsCheckedAt > 3_600_000) {
      partitionsCheckedAt = Date.now();
      await ensureAuditPartitions(db);
    }
    const chained = await chainAudit(db, { anchorKey: options.anchorKey });
    // After every pass that chained rows: the next pass's left-behind check (leftBehindCheck) reads
    // every page of a range not yet summarised — once a minute left up to a minute of rows to read
    // each second (10-30 ms per pass at 800 declarations/s); a second's new pages cost little, and
    // a pass that found nothing new has nothing to summarise.
    if (chained > 0) await summarizeAuditRanges(db);
  };
  let busy = false;
  const timer = setInterval(() => {
    if (stopped || busy) return;
    busy = true;
    running = tick()
      .catch((e: unknown) => options.onError?.(e))
      .finally(() => {
        busy = false;
      });
  }, options.intervalMs ?? 1000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
