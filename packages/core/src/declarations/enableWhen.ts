/**
 * FHIR R4 `enableWhen` semantics: whether an item is shown given the answers so far.
 *
 * - `exists`: true when "the question has an answer" equals `answerBoolean`.
 * - Any other operator is false while the question has no answer (FHIR R5 made this explicit).
 * - `=`: some answer equals; `!=`: no answer equals; `>`, `<`, `>=`, `<=`: some answer compares so.
 * - Codings are equal on `code` and, when both carry one, `system`.
 * - Several conditions combine by `enableBehavior` (`all` when absent).
 * - An item is disabled when one of its ancestors is, and a condition on a disabled question sees
 *   no answer (a disabled item keeps none).
 */
import type {
  AnswerValue,
  AnswerValueKey,
  Coding,
  EnableWhen,
  ItemIndex,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  Quantity,
  ResponseItem,
} from './questionnaire.ts';
import { ANSWER_VALUE_KEYS, indexItems } from './questionnaire.ts';

/** Answers by linkId. */
export type AnswerMap = ReadonlyMap<string, readonly AnswerValue[]>;

/** Every answer of a response (nested groups and answers' children included), by linkId. */
export function collectAnswers(
  response: Pick<QuestionnaireResponse, 'item'> | readonly ResponseItem[],
): AnswerMap {
  const out = new Map<string, AnswerValue[]>();
  const visit = (items: readonly ResponseItem[]): void => {
    for (const it of items) {
      if (typeof it !== 'object' || it === null || typeof it.linkId !== 'string') continue;
      for (const a of Array.isArray(it.answer) ? it.answer : []) {
        if (typeof a !== 'object' || a === null) continue;
        const list = out.get(it.linkId) ?? [];
        list.push(a);
        out.set(it.linkId, list);
        if (Array.isArray(a.item)) visit(a.item);
      }
      if (Array.isArray(it.item)) visit(it.item);
    }
  };
  const root = Array.isArray(response) ? response : (response as Pick<QuestionnaireResponse, 'item'>).item;
  visit(Array.isArray(root) ? root : []);
  return out;
}

/** The `value[x]` key matching an enableWhen's `answer[x]`. */
export function conditionValueKey(cond: EnableWhen): AnswerValueKey | undefined {
  for (const key of ANSWER_VALUE_KEYS) {
    const answerKey = `answer${key.slice('value'.length)}` as keyof EnableWhen;
    if (cond[answerKey] !== undefined) return key;
  }
  return undefined;
}

function conditionValue(cond: EnableWhen, key: AnswerValueKey): unknown {
  return cond[`answer${key.slice('value'.length)}` as keyof EnableWhen];
}

function codingEquals(a: Coding, b: Coding): boolean {
  return a.code === b.code && (a.system === undefined || b.system === undefined || a.system === b.system);
}

function quantityComparable(a: Quantity, b: Quantity): boolean {
  return (a.code ?? a.unit) === (b.code ?? b.unit);
}

/** -1, 0, 1, or undefined when the two values cannot be compared. */
function compare(key: AnswerValueKey, a: unknown, b: unknown): number | undefined {
  if (key === 'valueCoding') return codingEquals(a as Coding, b as Coding) ? 0 : undefined;
  if (key === 'valueQuantity') {
    const qa = a as Quantity;
    const qb = b as Quantity;
    if (!quantityComparable(qa, qb)) return undefined;
    return Math.sign(qa.value - qb.value);
  }
  if (key === 'valueBoolean') return a === b ? 0 : undefined;
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 0 : a < b ? -1 : 1;
  return undefined;
}

function evaluate(cond: EnableWhen, values: readonly AnswerValue[]): boolean {
  if (cond.operator === 'exists') return values.length > 0 === cond.answerBoolean;
  if (values.length === 0) return false;
  const key = conditionValueKey(cond);
  if (key === undefined) return false;
  const expected = conditionValue(cond, key);
  const results = values.map((v) => (v[key] === undefined ? undefined : compare(key, v[key], expected)));
  switch (cond.operator) {
    case '=':
      return results.some((r) => r === 0);
    case '!=':
      return results.every((r) => r !== 0);
    case '>':
      return results.some((r) => r === 1);
    case '<':
      return results.some((r) => r === -1);
    case '>=':
      return results.some((r) => r === 0 || r === 1);
    case '<=':
      return results.some((r) => r === 0 || r === -1);
  }
}

function selfEnabled(
  item: QuestionnaireItem,
  answers: AnswerMap,
  index: ItemIndex,
  visiting: ReadonlySet<string>,
): boolean {
  const conditions = item.enableWhen ?? [];
  if (conditions.length === 0) return true;
  const next = new Set(visiting).add(item.linkId);
  const results = conditions.map((cond) => {
    const target = index.items.get(cond.question);
    if (target === undefined || next.has(target.linkId)) return false;
    const shown = enabledWith(target, answers, index, next);
    return evaluate(cond, shown ? (answers.get(cond.question) ?? []) : []);
  });
  return item.enableBehavior === 'any' ? results.some(Boolean) : results.every(Boolean);
}

function enabledWith(
  item: QuestionnaireItem,
  answers: AnswerMap,
  index: ItemIndex,
  visiting: ReadonlySet<string>,
): boolean {
  for (const up of index.ancestors.get(item.linkId) ?? []) {
    if (!selfEnabled(up, answers, index, visiting)) return false;
  }
  return selfEnabled(item, answers, index, visiting);
}

/**
 * Whether `item` is enabled (shown, may be answered) given `answers`. Pass `index`
 * (`indexItems(q)`) when calling for many items. A cycle of conditions (refused by
 * `validateQuestionnaire`) evaluates to disabled rather than looping.
 */
export function isEnabled(
  q: Pick<Questionnaire, 'item'>,
  item: QuestionnaireItem,
  answers: AnswerMap,
  index: ItemIndex = indexItems(q),
): boolean {
  return enabledWith(item, answers, index, new Set());
}
