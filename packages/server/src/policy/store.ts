import { DEFAULT_POLICIES, ruleInForce } from '@epilink/core';
import type { PolicyKey, PolicyRule, PolicySource, TypedPolicyRule } from '@epilink/core';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client.ts';
import { policyRules } from '../db/schema/index.ts';

type Row = typeof policyRules.$inferSelect;

/** A stored rule as core's PolicyRule, plus its row id. */
export function toRule(row: Row): PolicyRule & { id: string; createdAt: string } {
  return {
    id: row.id,
    key: row.key as PolicyKey,
    diseaseCode: row.diseaseCode,
    effectiveFrom: row.effectiveFrom,
    value: row.value,
    source: row.source as PolicySource,
    verification: row.verification,
    ...(row.unverifiedPaths ? { unverifiedPaths: row.unverifiedPaths } : {}),
    ...(row.note ? { note: row.note } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Every stored version (optionally of one key), oldest first. One key's versions are read once
 * per transaction (see `rulesOfKey`).
 */
export async function listRules(db: DbOrTx, key?: string): Promise<ReturnType<typeof toRule>[]> {
  if (key) return rulesOfKey(db, key);
  const rows = await db
    .select()
    .from(policyRules)
    .orderBy(asc(policyRules.key), asc(policyRules.effectiveFrom));
  return rows.map(toRule);
}

/**
 * The rule for `key` in force on a date (disease-specific beats generic), read from the store:
 * the one place modules ask "what does policy say today?".
 */
export async function policyInForce<K extends PolicyKey>(
  db: DbOrTx,
  key: K,
  onDate: string,
  diseaseCode?: string | null,
): Promise<TypedPolicyRule<K> | undefined> {
  return ruleInForce(await rulesOfKey(db, key), key, onDate, diseaseCode);
}

/**
 * A transaction's reads of one key's versions, kept for the rest of that transaction: one
 * confirmation reads `quarantine.f1` for the follow-up, the order and the degrees alike, and the
 * rules cannot change under it except by its own writes (which bump `writes`). Outside a
 * transaction nothing is kept, so a published rule is seen by the next request.
 */
const readsInTransaction = new WeakMap<object, { writes: number; byKey: Map<string, Promise<Row[]>> }>();
let writes = 0;

/** Forget every transaction's kept reads (after this process stores a rule). */
export function policyRulesWritten(): void {
  writes += 1;
}

/** The reads kept for this transaction (a fresh set after this process stored a rule). */
function keptReads(tx: object): { writes: number; byKey: Map<string, Promise<Row[]>> } {
  let kept = readsInTransaction.get(tx);
  if (!kept || kept.writes !== writes) {
    kept = { writes, byKey: new Map() };
    readsInTransaction.set(tx, kept);
  }
  return kept;
}

/**
 * Read several keys' versions in one statement and keep them for the rest of the transaction, so
 * the `policyInForce` reads that follow cost no round trip (a confirmation reads `quarantine.f1`
 * and `quarantine.f0Home`). Outside a transaction nothing is kept, so nothing is read.
 */
export async function preloadPolicies(db: DbOrTx, keys: readonly PolicyKey[]): Promise<void> {
  if (!(db instanceof PgTransaction)) return;
  const kept = keptReads(db);
  const missing = [...new Set(keys)].filter((k) => !kept.byKey.has(k));
  if (missing.length === 0) return;
  const all = Promise.resolve(
    db
      .select()
      .from(policyRules)
      .where(inArray(policyRules.key, missing))
      .orderBy(asc(policyRules.effectiveFrom)),
  );
  for (const key of missing) {
    const rows = all.then((r) => r.filter((row) => row.key === key));
    kept.byKey.set(key, rows);
    rows.catch(() => kept.byKey.delete(key));
  }
  await all;
}

/**
 * A key's versions as one JSON array, for a statement that reads them beside its own rows (one
 * round trip instead of two); `policyInForceFromJson` picks the rule in force from them.
 */
export function policyRowsJson(key: PolicyKey): SQL {
  return sql`(select coalesce(json_agg(json_build_object('id', p.id, 'key', p.key,
      'diseaseCode', p.disease_code, 'effectiveFrom', p.effective_from, 'value', p.value,
      'source', p.source, 'verification', p.verification, 'unverifiedPaths', p.unverified_paths,
      'note', p.note, 'createdAt', p.created_at, 'createdBy', p.created_by) order by p.effective_from), '[]'::json)
    from ${policyRules} p where p.key = ${key})`;
}

/**
 * The rule for `key` in force on a date from its versions read by `policyRowsJson` (kept for the
 * rest of the transaction, as `policyInForce`'s own read would be).
 */
export function policyInForceFromJson<K extends PolicyKey>(
  db: DbOrTx,
  key: K,
  json: readonly Record<string, unknown>[],
  onDate: string,
  diseaseCode?: string | null,
): TypedPolicyRule<K> | undefined {
  const rows = json.map((r) => ({ ...r, createdAt: new Date(String(r.createdAt)) }) as unknown as Row);
  if (db instanceof PgTransaction) {
    const kept = keptReads(db);
    if (!kept.byKey.has(key)) kept.byKey.set(key, Promise.resolve(rows));
  }
  return ruleInForce(rows.map(toRule), key, onDate, diseaseCode);
}

async function rulesOfKey(db: DbOrTx, key: string): Promise<ReturnType<typeof toRule>[]> {
  const read = () =>
    db.select().from(policyRules).where(eq(policyRules.key, key)).orderBy(asc(policyRules.effectiveFrom));
  if (!(db instanceof PgTransaction)) return (await read()).map(toRule);
  const kept = keptReads(db);
  let rows = kept.byKey.get(key);
  if (!rows) {
    // A query builder runs again on every `then`: kept as one settled promise, it runs once.
    rows = Promise.resolve(read());
    kept.byKey.set(key, rows);
    // A failed read is not kept: the caller sees the error, a later read tries again.
    rows.catch(() => kept.byKey.delete(key));
  }
  return (await rows).map(toRule);
}

/** Insert the shipped default rules that are not there yet (idempotent; never overwrites). */
export async function seedDefaultPolicies(db: DbOrTx): Promise<void> {
  await db
    .insert(policyRules)
    .values(
      DEFAULT_POLICIES.map((r) => ({
        key: r.key,
        diseaseCode: r.diseaseCode,
        effectiveFrom: r.effectiveFrom,
        value: r.value,
        source: r.source,
        verification: r.verification,
        unverifiedPaths: r.unverifiedPaths ?? null,
        note: r.note ?? null,
      })),
    )
    .onConflictDoNothing();
  policyRulesWritten();
}
