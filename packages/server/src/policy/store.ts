import { DEFAULT_POLICIES, ruleInForce } from '@epilink/core';
import type { PolicyKey, PolicyRule, PolicySource, TypedPolicyRule } from '@epilink/core';
import { asc, eq } from 'drizzle-orm';
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

/** Every stored version (optionally of one key), oldest first. */
export async function listRules(db: DbOrTx, key?: string): Promise<ReturnType<typeof toRule>[]> {
  const q = db.select().from(policyRules);
  const rows = await (key ? q.where(eq(policyRules.key, key)) : q).orderBy(
    asc(policyRules.key),
    asc(policyRules.effectiveFrom),
  );
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
  return ruleInForce(await listRules(db, key), key, onDate, diseaseCode);
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
}
