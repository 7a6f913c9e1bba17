/**
 * Case classification from evidence, by the confirmation rule in force (policy
 * `case.confirmationRule`, e.g. 1909/BYT-DP: positive RT-PCR, or symptoms plus a positive rapid
 * antigen test). Pure: the server passes the rule it read from the policy store.
 */
import type { ConfirmationEvidence, ConfirmationRule } from '../policy/values.ts';

/** The classifications a case goes through. */
export const CASE_CLASSIFICATIONS = ['suspected', 'probable', 'confirmed', 'discarded'] as const;
export type CaseClassification = (typeof CASE_CLASSIFICATIONS)[number];

/** One test result as evidence for a case. */
export interface TestEvidence {
  testType: 'rtPcr' | 'rapidAntigen';
  outcome: 'positive' | 'negative' | 'invalid';
  ct: number | null;
  /** ISO instant of the specimen collection. */
  sampledAt: string;
}

/** Everything known about a person's case that the rule may look at. */
export interface CaseFacts {
  tests: readonly TestEvidence[];
  symptomatic: boolean | null;
  epidemiologicalLink?: boolean;
}

/** The evidence items the facts satisfy. */
export function evidenceOf(facts: CaseFacts): Set<ConfirmationEvidence> {
  const out = new Set<ConfirmationEvidence>();
  for (const t of facts.tests) {
    if (t.outcome !== 'positive') continue;
    out.add(t.testType === 'rtPcr' ? 'rtPcrPositive' : 'rapidAntigenPositive');
  }
  if (facts.symptomatic === true) out.add('symptoms');
  if (facts.epidemiologicalLink === true) out.add('epidemiologicalLink');
  return out;
}

/**
 * Classify: `confirmed` when one of the rule's evidence sets is fully met; `probable` with a
 * positive test that does not confirm but comes with symptoms or an epidemiological link (WHO
 * 2022); a positive rapid test alone (no symptoms, no link) is `suspected` — under the 2021 rule a
 * suspected case awaiting RT-PCR; `discarded` when only negative results exist and nothing else
 * points to the disease; otherwise `suspected`. The caller flags a case for which no rule was in
 * force on its date instead of applying another version (`ruleInForce` gives undefined then).
 */
export function classifyCase(facts: CaseFacts, rule: ConfirmationRule): CaseClassification {
  const have = evidenceOf(facts);
  if (rule.anyOf.some((set) => set.allOf.length > 0 && set.allOf.every((e) => have.has(e)))) {
    return 'confirmed';
  }
  const positive = have.has('rtPcrPositive') || have.has('rapidAntigenPositive');
  if (positive && (have.has('symptoms') || have.has('epidemiologicalLink'))) return 'probable';
  if (positive) return 'suspected';
  const negatives = facts.tests.filter((t) => t.outcome === 'negative');
  if (negatives.length > 0 && have.size === 0) return 'discarded';
  return 'suspected';
}
