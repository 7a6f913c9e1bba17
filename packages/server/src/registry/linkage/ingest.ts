import { randomUUID } from 'node:crypto';
import {
  blockingKeysOf,
  classifyIdNumber,
  foldText,
  normalizePhone,
  normalizeText,
  prepareLinkRecord,
  today,
} from '@epilink/core';
import type { LinkRecord, PreparedLinkRecord } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../../access/context.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { AuditOrigin, AuditEntry } from '../../audit/audit.ts';
import { arrayInsert, arrayInsertSql, bulkInsert } from '../../db/bulk.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import type { DeferredWrites } from '../../db/deferred.ts';
import { linkageReviews, personBlockingKeys, personMerges, persons } from '../../db/schema/index.ts';
import { enqueue } from '../../outbox/outbox.ts';
import { KEYS_BY_LOOKUP, linkageReads, narrowKeys, rememberPrepared } from './candidates.ts';
import { bestCandidate } from './choose.ts';
import { addNameFrequencies, nameDeltasInsert, setNameFrequencies } from './frequencies.ts';

/** A person record arriving from a form, an import or the demo generator. */
export interface IncomingPerson {
  source: string;
  externalKey?: string | null;
  fullName: string;
  dateOfBirth: string | null;
  sex: 'male' | 'female' | null;
  cccd?: string | null;
  cmnd?: string | null;
  passport?: string | null;
  phone?: string | null;
  address?: string | null;
  communeCode: string | null;
  districtCode: string | null;
  provinceCode: string;
  householdId?: string | null;
}

/** What linkage did with one incoming record. */
export interface IngestOutcome {
  personId: string;
  /** new: a new person; merged: recorded as a duplicate of `matchedId`; review: new, but queued against `matchedId`. */
  decision: 'new' | 'merged' | 'review';
  matchedId: string | null;
  /** True when `matchedId` lies outside `IngestOptions.within` (never show it to that caller). */
  foreign?: boolean;
  score: number | null;
  reasons: string[];
}

type PersonInsert = typeof persons.$inferInsert;

/** Options of an ingest. */
export interface IngestOptions {
  /**
   * Whose view of the registry the outcome is for (the caller's, when the system ingests on their
   * behalf). A candidate outside this jurisdiction never absorbs the record: a match becomes a new
   * record queued for review (decided by someone who sees both), and the outcome says `foreign`
   * so the caller is told neither that the person exists nor their id.
   */
  within?: Access;
}

function cleanId(value: string | null | undefined): string | null {
  if (!value) return null;
  const c = classifyIdNumber(value);
  return c.ok ? c.value : null;
}

/** Normalise an incoming record into a row: names NFC, name key folded, phone and IDs canonical. */
export function toPersonRow(input: IncomingPerson, id: string): PersonInsert {
  const fullName = normalizeText(input.fullName);
  return {
    id,
    fullName,
    nameKey: foldText(fullName),
    dateOfBirth: input.dateOfBirth,
    sex: input.sex,
    cccd: cleanId(input.cccd),
    cmnd: cleanId(input.cmnd),
    passport: cleanId(input.passport),
    phone: input.phone ? normalizePhone(input.phone) : null,
    address: input.address ? normalizeText(input.address) : null,
    communeCode: input.communeCode,
    districtCode: input.districtCode,
    provinceCode: input.provinceCode,
    householdId: input.householdId ?? null,
    source: input.source,
    externalKey: input.externalKey ?? null,
  };
}

function toLinkRecord(row: PersonInsert | typeof persons.$inferSelect): LinkRecord {
  return {
    id: row.id!,
    fullName: row.fullName,
    dateOfBirth: row.dateOfBirth ?? null,
    sex: row.sex ?? null,
    cccd: row.cccd ?? null,
    cmnd: row.cmnd ?? null,
    passport: row.passport ?? null,
    phone: row.phone ?? null,
    communeCode: row.communeCode ?? null,
    address: row.address ?? null,
  };
}

/**
 * Planner statistics must follow bulk loads: with stale ones (autovacuum lags behind a fast
 * import, and PGlite has no autovacuum) PostgreSQL believes the tables tiny and hash-joins the
 * candidate lookup against every person, which makes an import quadratic. So an ingest refreshes
 * them itself after this many new rows, or half of what this process has ingested so far: in its
 * own transaction when the batch is large (the join's plan needs them now), and otherwise after
 * it, by {@link startDeferredAnalyze} — a small batch (a declaration group commit, a form) looks
 * its candidates up by index whatever the statistics (`linkage_candidates`), and an ANALYZE inside
 * its transaction held every declaration of the group commit, and the next group, for its whole
 * duration.
 */
export const ANALYZE_EVERY_ROWS = 5000;
/**
 * This process's count of people ingested (since the last analysis, and in all) and whether a
 * small batch asked for an analysis. Per process; a test that counts on the threshold resets it.
 */
export const analyzeSchedule = { sinceLast: 0, total: 0, deferred: false };

/**
 * The statistics target of the deferred analysis: a sample of 300 × 10 rows instead of 300 × 100.
 * What it keeps true is the row counts and the join columns' distinct counts (what made the
 * planner hash-join a large candidate lookup against every person); a full analysis of both tables
 * took 170-310 ms of PostgreSQL CPU at 100,000 people (5 Dec 2026, bench database) — a third of a
 * second of one of two cores, felt by every request in flight — this one ~12 ms. Other columns'
 * statistics are left to autovacuum, and an import's large batch still analyses both tables in
 * full before its join.
 */
export const DEFERRED_ANALYZE_TARGET = 10;

/** Analyse `persons` and `person_blocking_keys` after a small batch asked for it (every 2 s). */
export function startDeferredAnalyze(db: Db, onError: (e: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy || !analyzeSchedule.deferred) return;
    analyzeSchedule.deferred = false;
    busy = true;
    running = db
      .transaction(async (tx) => {
        await tx.execute(
          sql`select set_config('default_statistics_target', ${String(DEFERRED_ANALYZE_TARGET)}, true)`,
        );
        await tx.execute(sql`analyze persons (id, merged_into), person_blocking_keys (key, person_id)`);
      })
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  }, 2000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** What linkage decided for a batch, before anything is written (see {@link ingestPersons}). */
interface IngestPlan {
  outcomes: IngestOutcome[];
  rows: PersonInsert[];
  keyRows: (typeof personBlockingKeys.$inferInsert)[];
  reviews: (typeof linkageReviews.$inferInsert)[];
  mergeRows: (typeof personMerges.$inferInsert)[];
  /** The name sets of the people added as active records (their name counts grow by one). */
  activeNames: string[];
  audits: AuditEntry[];
  event: Record<string, unknown>;
}

/**
 * Add people through record linkage, in the caller's transaction. Each record is matched against
 * existing active people (candidates fetched by blocking keys, all jurisdictions: a duplicate
 * may live anywhere) and against earlier records of the same batch; then
 *  - a match is stored as its own row merged into the existing person (history kept),
 *  - a likely duplicate is stored as a new person and queued for review,
 *  - anything else is a new person.
 */
export async function ingestPersons(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  incoming: IncomingPerson[],
  options: IngestOptions = {},
): Promise<IngestOutcome[]> {
  if (incoming.length === 0) return [];
  const plan = await planIngest(tx, incoming, options);
  // Column arrays (unnest), not one JSON document: the two largest inserts of an import batch.
  await arrayInsert(tx, persons, plan.rows);
  await arrayInsert(tx, personBlockingKeys, plan.keyRows);
  await bulkInsert(tx, linkageReviews, plan.reviews, { onConflictDoNothing: true });
  await addNameFrequencies(tx, plan.activeNames, 1);
  await bulkInsert(tx, personMerges, plan.mergeRows);
  await writeAudit(tx, access, origin, plan.audits);
  await enqueue(tx, 'person.created', plan.event);
  return plan.outcomes;
}

/**
 * {@link ingestPersons} for a caller that stores its own rows with ONE data-modifying statement
 * (the declarations' group commit): linkage reads through `db` — no transaction needed, nothing
 * is written — and hands over its writes instead of sending them: the people, blocking keys,
 * review queue entries, automatic merges and name deltas as insert statements for the caller's
 * CTEs (`into.writes`), its audit rows and `person.created` event to `into.deferred`. Their
 * foreign keys to the people hold: PostgreSQL checks a statement's foreign keys once the whole
 * statement, every CTE included, has run. The caller must write all of it atomically, or none.
 */
export async function linkInto(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  incoming: IncomingPerson[],
  into: { writes: SQL[]; deferred: DeferredWrites },
  options: IngestOptions = {},
): Promise<IngestOutcome[]> {
  if (incoming.length === 0) return [];
  const plan = await planIngest(db, incoming, options);
  for (const write of [
    arrayInsertSql(persons, plan.rows),
    arrayInsertSql(personBlockingKeys, plan.keyRows),
    arrayInsertSql(linkageReviews, plan.reviews, { onConflictDoNothing: true }),
    arrayInsertSql(personMerges, plan.mergeRows),
    nameDeltasInsert(plan.activeNames, 1),
  ])
    if (write) into.writes.push(write);
  into.deferred.audit.push({ access, origin, entries: plan.audits });
  into.deferred.outbox.push({ topic: 'person.created', payload: plan.event });
  return plan.outcomes;
}

/** Linkage's reads and decisions for a batch (only the planner's deferred ANALYZE is asked for). */
async function planIngest(
  db: DbOrTx,
  incoming: IncomingPerson[],
  options: IngestOptions,
): Promise<IngestPlan> {
  const rows = incoming.map((p) => toPersonRow(p, randomUUID()));
  // Each record is prepared (names folded, dates parsed) once, for its keys and its scoring.
  const preparedRows = rows.map((r) => prepareLinkRecord(toLinkRecord(r)));
  const keysOf = preparedRows.map(blockingKeysOf);
  const allKeys = [...new Set(keysOf.flat())];

  analyzeSchedule.sinceLast += rows.length;
  analyzeSchedule.total += rows.length;
  // Geometric spacing: statistics matter when a table has grown noticeably, not every batch.
  if (analyzeSchedule.sinceLast >= Math.max(ANALYZE_EVERY_ROWS, analyzeSchedule.total / 2)) {
    analyzeSchedule.sinceLast = 0;
    if (allKeys.length > KEYS_BY_LOOKUP) await db.execute(sql`analyze ${persons}, ${personBlockingKeys}`);
    else analyzeSchedule.deferred = true;
  }

  // Existing candidates by blocking key (all jurisdictions: a duplicate may live anywhere),
  // the counts of the batch's names and the thresholds officials tune in the policy store (core's
  // defaults until a rule exists) — one statement for a small block (`linkageReads`).
  // Candidates another CCCD makes distinct from every record sharing the key are not fetched.
  const reads = await linkageReads(
    db,
    allKeys,
    options.within,
    narrowKeys(preparedRows, keysOf),
    preparedRows.map((p) => p.nameSet),
    today(),
  );
  const { byKey, foreignIds } = reads;
  const addCandidate = (key: string, rec: PreparedLinkRecord) => {
    const list = byKey.get(key);
    if (list) list.push(rec);
    else byKey.set(key, [rec]);
  };
  const thresholds = reads.thresholds?.value;

  await setNameFrequencies(db, preparedRows, byKey.values(), reads.counts);

  const outcomes: IngestOutcome[] = [];
  const merges: { survivorId: string; mergedId: string; reasons: string[] }[] = [];
  const reviews: (typeof linkageReviews.$inferInsert)[] = [];
  const keyRows: (typeof personBlockingKeys.$inferInsert)[] = [];
  const activeNames: string[] = [];
  rows.forEach((row, i) => {
    const prepared = preparedRows[i]!;
    const best = bestCandidate(prepared, keysOf[i]!, byKey, thresholds);
    const id = row.id!;
    const foreign = best !== null && foreignIds.has(best.id);
    if (best && best.score.decision === 'match' && !foreign) {
      row.mergedInto = best.id;
      merges.push({ survivorId: best.id, mergedId: id, reasons: best.score.reasons });
      outcomes.push({
        personId: id,
        decision: 'merged',
        matchedId: best.id,
        score: best.score.score,
        reasons: best.score.reasons,
      });
      return;
    }
    activeNames.push(prepared.nameSet);
    // The next batches' candidates: remembered prepared, as stored.
    rememberPrepared(toLinkRecord(row), prepared);
    for (const key of keysOf[i]!) {
      keyRows.push({ key, personId: id });
      addCandidate(key, prepared);
    }
    if (best) {
      reviews.push({
        personA: best.id,
        personB: id,
        score: best.score.score,
        reasons: best.score.reasons,
        provinceCode: row.provinceCode,
        districtCode: row.districtCode ?? null,
        communeCode: row.communeCode ?? null,
      });
      outcomes.push({
        personId: id,
        decision: 'review',
        matchedId: best.id,
        score: best.score.score,
        reasons: best.score.reasons,
        ...(foreign ? { foreign: true } : {}),
      });
    } else {
      outcomes.push({ personId: id, decision: 'new', matchedId: null, score: null, reasons: [] });
    }
  });

  const snapshotOf = new Map(rows.map((r) => [r.id!, r]));
  const mergeRows = merges.map((m) => ({
    survivorId: m.survivorId,
    mergedId: m.mergedId,
    automatic: true,
    reasons: m.reasons,
    snapshot: snapshotOf.get(m.mergedId)!,
  }));
  const audits: AuditEntry[] = outcomes.map((o) => ({
    action: o.decision === 'merged' ? 'merge' : 'create',
    entity: 'person',
    entityId: o.personId,
    personId: o.decision === 'merged' ? o.matchedId : o.personId,
    fields: ['fullName', 'dateOfBirth', 'sex', 'idNumbers', 'phone', 'address'],
    details:
      o.decision === 'new' ? null : { decision: o.decision, matchedId: o.matchedId, recordId: o.personId },
  }));
  const event = {
    created: outcomes.filter((o) => o.decision !== 'merged').length,
    merged: merges.length,
    reviews: reviews.length,
  };
  return { outcomes, rows, keyRows, reviews, mergeRows, activeNames, audits, event };
}
