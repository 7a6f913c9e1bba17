/**
 * The case rules in force on a date, read from the policy store. Before a key's first version
 * (cases dated before the rule's effective date) the earliest version applies: a rule must exist
 * to classify at all, and the rule id used is stored on the case.
 */
import { ruleInForce } from '@epilink/core';
import type { PolicyKey, TypedPolicyRule } from '@epilink/core';
import type { DbOrTx } from '../db/client.ts';
import { listRules } from '../policy/store.ts';

/** The rule in force, else the earliest one for the disease (or generic); null when none exists. */
export async function caseRule<K extends PolicyKey>(
  db: DbOrTx,
  key: K,
  onDate: string,
  diseaseCode: string,
): Promise<(TypedPolicyRule<K> & { id?: string }) | null> {
  const rules = await listRules(db, key);
  const inForce = ruleInForce(rules, key, onDate, diseaseCode);
  if (inForce) return inForce;
  const candidates = rules.filter((r) => r.diseaseCode === diseaseCode || r.diseaseCode === null);
  const earliest = candidates[0];
  if (!earliest) return null;
  return ruleInForce(candidates, key, earliest.effectiveFrom, diseaseCode) ?? null;
}
