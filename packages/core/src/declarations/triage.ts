/**
 * Triage of a declaration by the dated policy `declaration.triage` (pure): each rule's condition is
 * tested against the answers (and the epidemic levels of the units answered, looked up by the
 * caller for the declaration's day); the most severe matching action wins, every matching rule's
 * reason is kept. `test` and `isolateAndTest` flag the person for the commune's review.
 */
import { daysBetween } from '../time/clock.ts';
import type { AnswerMap } from './enableWhen.ts';

/** Suggested actions, least to most severe. */
export const TRIAGE_ACTIONS = ['none', 'selfMonitor', 'test', 'isolateAndTest'] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];

/** A condition of a triage rule over the declaration's answers. */
export type TriageCondition =
  /** Some answer of `linkId` is a coding with one of `codes`. */
  | { kind: 'anyCode'; linkId: string; codes: string[] }
  /** Some answer of `linkId` is the boolean `value`. */
  | { kind: 'boolean'; linkId: string; value: boolean }
  /** `linkId` has an answer. */
  | { kind: 'answered'; linkId: string }
  /** Some unit code answered in `linkId` had an epidemic level ≥ `atLeast` on the declaration's day. */
  | { kind: 'unitLevel'; linkId: string; atLeast: 1 | 2 | 3 | 4 }
  /**
   * The server verified a DCC (EU Digital COVID Certificate) of one of `types` (issue #15 item 2):
   * a vaccination with `completeSeries` only when its primary series is complete, a test only when
   * negative; `minDays`/`maxDays` bound the days from the certificate's event (last dose, sample,
   * first positive) to the declaration's day. A certificate the device claimed is never evidence.
   */
  | {
      kind: 'verifiedDcc';
      types: DccEvidenceType[];
      completeSeries?: boolean;
      minDays?: number;
      maxDays?: number;
    }
  | { kind: 'not'; condition: TriageCondition }
  | { kind: 'allOf'; conditions: TriageCondition[] }
  | { kind: 'anyOf'; conditions: TriageCondition[] };

/** Kinds of DCC a rule may name. */
export type DccEvidenceType = 'vaccination' | 'test' | 'recovery';

/** What the server verified of a scanned DCC (only a certificate whose signature held). */
export interface VerifiedDcc {
  type: DccEvidenceType;
  /** Day of the event (YYYY-MM-DD): last dose, test sample, first positive. */
  date: string;
  /** Vaccination: the dose series is complete. */
  complete?: boolean;
  /** Test: the result was "not detected". */
  negative?: boolean;
}

/** One rule: when the condition holds, suggest `action` for `reason` (a short code, translated). */
export interface TriageRuleLine {
  reason: string;
  when: TriageCondition;
  action: TriageAction;
}

/** Value of the policy key `declaration.triage`. */
export interface DeclarationTriageRule {
  rules: TriageRuleLine[];
}

/** What triage decided. */
export interface TriageResult {
  action: TriageAction;
  /** True for `test` and `isolateAndTest`: the person goes on the commune's review list. */
  flagged: boolean;
  /** Reasons of every matching rule, in rule order, without repeats. */
  reasons: string[];
}

/** Facts beside the answers: the epidemic level of each unit code on the declaration's day. */
export interface TriageContext {
  unitLevels: ReadonlyMap<string, number>;
  /** The route answered crosses a blockaded zone active on the day (issue #16): at least a test. */
  blockadeCrossed?: boolean;
  /** A DCC the server verified as valid (null or absent: none). */
  dcc?: VerifiedDcc | null;
  /** The declaration's day (how old the DCC's event is); without it no `verifiedDcc` holds. */
  day?: string;
}

/** linkIds whose unit-code answers make up a declaration's route (zone crossing). */
export const ROUTE_LINK_IDS = ['travel.unit', 'trip.fromUnit', 'trip.toUnit'] as const;

/** Unit codes answered anywhere in the conditions of a rule (to look their levels up). */
export function unitLinkIds(rule: DeclarationTriageRule): string[] {
  const out = new Set<string>();
  const visit = (c: TriageCondition): void => {
    if (c.kind === 'unitLevel') out.add(c.linkId);
    else if (c.kind === 'allOf' || c.kind === 'anyOf') c.conditions.forEach(visit);
    else if (c.kind === 'not') visit(c.condition);
  };
  rule.rules.forEach((r) => {
    visit(r.when);
  });
  return [...out];
}

/** The string answers of the given linkIds (unit codes to look up). */
export function answeredUnitCodes(rule: DeclarationTriageRule, answers: AnswerMap): string[] {
  const codes = new Set<string>();
  for (const linkId of unitLinkIds(rule))
    for (const a of answers.get(linkId) ?? []) {
      const code = a.valueString ?? a.valueCoding?.code;
      if (code !== undefined && /^\d{2,5}$/.test(code)) codes.add(code);
    }
  return [...codes];
}

function holds(c: TriageCondition, answers: AnswerMap, ctx: TriageContext): boolean {
  switch (c.kind) {
    case 'anyCode':
      return (answers.get(c.linkId) ?? []).some(
        (a) => a.valueCoding !== undefined && c.codes.includes(a.valueCoding.code),
      );
    case 'boolean':
      return (answers.get(c.linkId) ?? []).some((a) => a.valueBoolean === c.value);
    case 'answered':
      return (answers.get(c.linkId) ?? []).length > 0;
    case 'unitLevel':
      return (answers.get(c.linkId) ?? []).some((a) => {
        const code = a.valueString ?? a.valueCoding?.code;
        return code !== undefined && (ctx.unitLevels.get(code) ?? 0) >= c.atLeast;
      });
    case 'verifiedDcc':
      return verifiedDccHolds(c, ctx);
    case 'not':
      return !holds(c.condition, answers, ctx);
    case 'allOf':
      return c.conditions.every((x) => holds(x, answers, ctx));
    case 'anyOf':
      return c.conditions.some((x) => holds(x, answers, ctx));
  }
}

function verifiedDccHolds(c: Extract<TriageCondition, { kind: 'verifiedDcc' }>, ctx: TriageContext): boolean {
  const dcc = ctx.dcc;
  if (!dcc || ctx.day === undefined || !c.types.includes(dcc.type)) return false;
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(dcc.date) || !/^\d{4}-\d{2}-\d{2}$/u.test(ctx.day)) return false;
  if (dcc.type === 'vaccination' && c.completeSeries === true && dcc.complete !== true) return false;
  if (dcc.type === 'test' && dcc.negative !== true) return false;
  const age = daysBetween(dcc.date, ctx.day);
  if (c.minDays !== undefined && age < c.minDays) return false;
  if (c.maxDays !== undefined && age > c.maxDays) return false;
  // An event after the declaration's day is no evidence (a wrong clock or date).
  return age >= 0;
}

/** Triage a declaration's answers by the rule in force on its day. */
export function triageDeclaration(
  rule: DeclarationTriageRule,
  answers: AnswerMap,
  ctx: TriageContext = { unitLevels: new Map() },
): TriageResult {
  let rank = 0;
  const reasons: string[] = [];
  for (const line of rule.rules) {
    if (!holds(line.when, answers, ctx)) continue;
    rank = Math.max(rank, TRIAGE_ACTIONS.indexOf(line.action));
    if (!reasons.includes(line.reason)) reasons.push(line.reason);
  }
  if (ctx.blockadeCrossed) {
    rank = Math.max(rank, TRIAGE_ACTIONS.indexOf('test'));
    reasons.push('blockadedZone');
  }
  const action = TRIAGE_ACTIONS[rank] ?? 'none';
  return { action, flagged: action === 'test' || action === 'isolateAndTest', reasons };
}
