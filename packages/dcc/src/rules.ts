/**
 * The EU rules on what a test or recovery entry may say, checked when issuing and when verifying:
 * a test certificate certifies a sample taken before it was issued with the result "not detected";
 * a recovery certificate is valid from a date on or after the first positive result, until a date
 * within the allowed span after it (Regulation (EU) 2021/953, Annex; eHN DCC value sets and
 * guidelines). The span is dated data: a later version is a new entry, never an edit.
 */
import type { HealthCertificate } from './hcert.ts';
import { TEST_RESULT } from './hcert.ts';

/** One dated version of the content rules. */
export interface DccContentRuleVersion {
  /** First day (YYYY-MM-DD, UTC) the version applies to certificates issued on or after it. */
  effectiveFrom: string;
  /** Where the rule is written. */
  source: string;
  /** Latest `du` allowed, in days after `fr`. */
  recoveryMaxDaysAfterFirstPositive: number;
  /** The `df` an issuer gives, in days after `fr` (the verifier only requires `df` ≥ `fr`). */
  recoveryValidFromDaysAfterFirstPositive: number;
}

/** The versions in force, oldest first. */
export const DCC_CONTENT_RULES: readonly DccContentRuleVersion[] = [
  {
    effectiveFrom: '2021-07-01',
    source:
      'Regulation (EU) 2021/953, Annex, point 3 and recital 41 (certificate of recovery: from the 11th day after the first positive NAAT result, valid no longer than 180 days after it)',
    recoveryMaxDaysAfterFirstPositive: 180,
    recoveryValidFromDaysAfterFirstPositive: 11,
  },
];

/** Why an entry breaks the content rules (also the verifier's failing step). */
export type ContentProblem = 'sampleTime' | 'testResult' | 'recoveryPeriod';

/** A content rule failure with a technical detail (not for end users). */
export interface ContentFailure {
  problem: ContentProblem;
  /** The payload field at fault (`sc`, `tr`, `fr`, `df`, `du`). */
  field: 'sc' | 'tr' | 'fr' | 'df' | 'du';
  detail: string;
}

/** The version in force on a date (the earliest one before the first version: the DCC began with it). */
export function contentRulesOn(at: Date): DccContentRuleVersion {
  const day = at.toISOString().slice(0, 10);
  let found = DCC_CONTENT_RULES[0]!;
  for (const version of DCC_CONTENT_RULES) if (version.effectiveFrom <= day) found = version;
  return found;
}

const DAY_MS = 86_400_000;

function dayOf(text: string): number | undefined {
  const ms = Date.parse(`${text.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Checks the entry of a schema-valid payload against the content rules at a time `at` (the issue
 * time when issuing, the verification time when verifying): a test's sample time is not after
 * `at` (not in the future) and its result is "not detected"; a recovery's `df` ≥ `fr`,
 * `du` ≥ `df` and `du` ≤ `fr` + the allowed span of the version in force at `at`.
 * Vaccinations pass.
 * @returns the first failure, or undefined when the entry keeps the rules.
 */
export function checkContent(hcert: HealthCertificate, at: Date): ContentFailure | undefined {
  const test = hcert.t?.[0];
  if (test) {
    const sampled = Date.parse(test.sc);
    if (Number.isNaN(sampled))
      return { problem: 'sampleTime', field: 'sc', detail: `unreadable sample time ${test.sc}` };
    if (sampled > at.getTime())
      return { problem: 'sampleTime', field: 'sc', detail: `sample time ${test.sc} is in the future` };
    if (test.tr !== TEST_RESULT.notDetected)
      return { problem: 'testResult', field: 'tr', detail: `test result ${test.tr} is not "not detected"` };
    return undefined;
  }
  const recovery = hcert.r?.[0];
  if (recovery) {
    const [fr, df, du] = [dayOf(recovery.fr), dayOf(recovery.df), dayOf(recovery.du)];
    if (fr === undefined || df === undefined || du === undefined)
      return { problem: 'recoveryPeriod', field: 'fr', detail: 'unreadable recovery dates' };
    const span = contentRulesOn(at).recoveryMaxDaysAfterFirstPositive;
    if (df < fr) return { problem: 'recoveryPeriod', field: 'df', detail: 'df is before fr' };
    if (du < df) return { problem: 'recoveryPeriod', field: 'du', detail: 'du is before df' };
    if (du > fr + span * DAY_MS)
      return { problem: 'recoveryPeriod', field: 'du', detail: `du is more than ${span} days after fr` };
  }
  return undefined;
}
