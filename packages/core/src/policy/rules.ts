/**
 * Versioned policy rules: each rule is a value for one key, in force from a date, optionally for
 * one disease, with its legal source and whether an official has confirmed it.
 */
import { parseIsoDate } from '../identity/dates.ts';
import type { PolicyKey, PolicyValue } from './catalogue.ts';
import { validatePolicyValue } from './catalogue.ts';

export interface PolicySource {
  /** Decision or official letter number, e.g. "762/BYT-DP". */
  document: string;
  /** Date the document was issued (YYYY-MM-DD), when known. */
  date?: string;
  article?: string;
  url?: string;
}

/** One version of one policy key. */
export interface PolicyRule<V = unknown, K extends PolicyKey = PolicyKey> {
  key: K;
  /** null = applies to every disease unless a disease-specific rule exists. */
  diseaseCode: string | null;
  /** YYYY-MM-DD, inclusive. */
  effectiveFrom: string;
  value: V;
  source: PolicySource;
  verification: 'confirmed' | 'unverified';
  /** When only some numbers are unconfirmed: their paths in `value` (e.g. "incidenceBands[1]"). */
  unverifiedPaths?: string[];
  note?: string;
}

/** A rule whose value type follows from its key. */
export type TypedPolicyRule<K extends PolicyKey> = PolicyRule<PolicyValue<K>, K>;

/** Any rule of the catalogue, discriminated by `key`. */
export type AnyPolicyRule = { [K in PolicyKey]: TypedPolicyRule<K> }[PolicyKey];

/** Helper to write a rule with its value checked against the key's type at compile time. */
export function policyRule<K extends PolicyKey>(rule: TypedPolicyRule<K>): TypedPolicyRule<K> {
  return rule;
}

function latest<R extends { effectiveFrom: string }>(rules: readonly R[]): R | undefined {
  let best: R | undefined;
  for (const r of rules) if (best === undefined || r.effectiveFrom > best.effectiveFrom) best = r;
  return best;
}

/**
 * The rule for `key` in force on `onDate` (YYYY-MM-DD): the one with the latest effectiveFrom on
 * or before that date. With `diseaseCode`, a rule for that disease beats any generic rule (even a
 * newer generic one); without it, only generic rules are considered. Undefined when nothing was
 * in force yet. Throws RangeError when `onDate` is not a real date.
 */
export function ruleInForce<K extends PolicyKey>(
  rules: readonly PolicyRule[],
  key: K,
  onDate: string,
  diseaseCode?: string | null,
): TypedPolicyRule<K> | undefined {
  if (parseIsoDate(onDate) === null) throw new RangeError(`Not a YYYY-MM-DD date: ${onDate}`);
  const inForce = rules.filter((r) => r.key === key && r.effectiveFrom <= onDate) as TypedPolicyRule<K>[];
  if (diseaseCode != null) {
    const specific = latest(inForce.filter((r) => r.diseaseCode === diseaseCode));
    if (specific !== undefined) return specific;
  }
  return latest(inForce.filter((r) => r.diseaseCode === null));
}

/** A problem found in a rule set, with the rule it concerns. */
export interface RuleProblem {
  index: number;
  key: string;
  problem: string;
}

/**
 * Check a whole rule set: each value against its key, each date, and no two rules for the same
 * key, disease and date (which would make `ruleInForce` ambiguous).
 */
export function validatePolicyRules(rules: readonly PolicyRule[]): RuleProblem[] {
  const out: RuleProblem[] = [];
  const seen = new Set<string>();
  rules.forEach((r, index) => {
    for (const problem of validatePolicyValue(r.key, r.value)) out.push({ index, key: r.key, problem });
    if (parseIsoDate(r.effectiveFrom) === null)
      out.push({ index, key: r.key, problem: 'effectiveFrom: invalid date' });
    if (r.source.document.trim() === '')
      out.push({ index, key: r.key, problem: 'source.document: required' });
    const id = `${r.key}|${r.diseaseCode ?? ''}|${r.effectiveFrom}`;
    if (seen.has(id)) out.push({ index, key: r.key, problem: 'duplicate key, disease and effectiveFrom' });
    seen.add(id);
  });
  return out;
}
