/**
 * Refuse a malformed questionnaire before it is published: every problem is reported at once as
 * VALIDATION_FAILED details (`path` = the item's linkId, message `declarations.errors.*`).
 */
import { AppError, type ErrorDetail } from '../errors/codes.ts';
import { conditionValueKey } from './enableWhen.ts';
import type { AnswerValueKey, Questionnaire, QuestionnaireItem } from './questionnaire.ts';
import {
  ENABLE_WHEN_OPERATORS,
  ITEM_TYPES,
  answerValueKey,
  hasTranslation,
  indexItems,
  walkItems,
} from './questionnaire.ts';

/** Largest questionnaire accepted (items, all levels). */
export const MAX_QUESTIONNAIRE_ITEMS = 500;
const MAX_TEXT = 2000;
const LINK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The `answer[x]`/`value[x]` keys a question of each type is answered with. */
export const VALUE_KEYS_BY_TYPE: Record<string, readonly AnswerValueKey[]> = {
  boolean: ['valueBoolean'],
  decimal: ['valueDecimal'],
  integer: ['valueInteger'],
  date: ['valueDate'],
  dateTime: ['valueDateTime'],
  time: ['valueTime'],
  string: ['valueString'],
  text: ['valueString'],
  url: ['valueUri'],
  choice: ['valueCoding', 'valueString', 'valueInteger', 'valueDate', 'valueTime'],
  'open-choice': ['valueCoding', 'valueString', 'valueInteger', 'valueDate', 'valueTime'],
  quantity: ['valueQuantity'],
};

const OPTION_TYPES = new Set(['choice', 'open-choice', 'integer', 'date', 'time', 'string']);
const ORDERED = new Set(['decimal', 'integer', 'date', 'dateTime', 'time', 'string', 'quantity']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u0008\u000e-\u001f]/;

function isText(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '' && v.length <= MAX_TEXT && !CONTROL.test(v);
}

/** A valid calendar day `YYYY-MM-DD`. */
export function isDay(v: unknown): v is string {
  if (typeof v !== 'string' || !DAY.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Options for `validateQuestionnaire`. */
export interface ValidateQuestionnaireOptions {
  /** Require an English translation of every text (EpiLink's own questionnaires). */
  bilingual?: boolean;
}

/** Every problem of a questionnaire (empty when it is well formed). */
export function questionnaireIssues(
  input: unknown,
  options: ValidateQuestionnaireOptions = {},
): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const add = (path: string, key: string, params: Record<string, string | number> = {}): void => {
    issues.push({ path, messageKey: `declarations.errors.${key}`, params });
  };
  if (!isRecord(input) || input.resourceType !== 'Questionnaire') {
    add('resourceType', 'notQuestionnaire');
    return issues;
  }
  for (const field of ['url', 'version'] as const) {
    if (!isText(input[field]) || input[field].length > 200) add(field, 'missingField', { field });
  }
  if (!['draft', 'active', 'retired'].includes(input.status as string))
    add('status', 'missingField', { field: 'status' });
  if (input.title !== undefined && !isText(input.title)) add('title', 'missingField', { field: 'title' });
  if (options.bilingual && (!isText(input.title) || !hasTranslation(input._title as Questionnaire['_title'])))
    add('title', 'missingTranslation', { linkId: 'title' });
  const period = input.effectivePeriod;
  if (period !== undefined) {
    if (!isRecord(period) || !isDay(period.start) || (period.end !== undefined && !isDay(period.end)))
      add('effectivePeriod', 'effectivePeriod');
    else if (typeof period.end === 'string' && period.end < period.start)
      add('effectivePeriod', 'effectivePeriod');
  }
  const valueSets = new Set<string>();
  if (input.contained !== undefined) {
    if (!Array.isArray(input.contained)) add('contained', 'valueSetInvalid', { ref: 'contained' });
    else
      for (const vs of input.contained as unknown[]) {
        const ok =
          isRecord(vs) &&
          vs.resourceType === 'ValueSet' &&
          typeof vs.id === 'string' &&
          isRecord(vs.compose) &&
          Array.isArray(vs.compose.include) &&
          vs.compose.include.every(
            (inc: unknown) =>
              isRecord(inc) &&
              Array.isArray(inc.concept) &&
              inc.concept.length > 0 &&
              inc.concept.every((c: unknown) => isRecord(c) && isText(c.code)),
          );
        if (ok) valueSets.add(`#${(vs as { id: string }).id}`);
        else
          add('contained', 'valueSetInvalid', {
            ref: isRecord(vs) ? (typeof vs.id === 'string' ? vs.id : '') : '',
          });
      }
  }
  if (!Array.isArray(input.item) || input.item.length === 0) {
    add('item', 'noItems');
    return issues;
  }
  // Shape of every item first: the later checks rely on it.
  let count = 0;
  const shapeOk = (items: unknown[], path: string): boolean => {
    let ok = true;
    for (const raw of items) {
      count += 1;
      if (!isRecord(raw) || typeof raw.linkId !== 'string' || !LINK_ID.test(raw.linkId)) {
        add(path, 'linkIdInvalid');
        ok = false;
        continue;
      }
      if (!ITEM_TYPES.includes(raw.type as never)) {
        add(raw.linkId, 'unknownType', { linkId: raw.linkId, type: String(raw.type) });
        ok = false;
      }
      if (raw.item !== undefined && (!Array.isArray(raw.item) || !shapeOk(raw.item, raw.linkId))) ok = false;
      for (const arr of ['enableWhen', 'answerOption'] as const)
        if (raw[arr] !== undefined && !Array.isArray(raw[arr])) {
          add(raw.linkId, 'missingField', { field: arr });
          ok = false;
        }
    }
    return ok;
  };
  if (!shapeOk(input.item, 'item')) return issues;
  if (count > MAX_QUESTIONNAIRE_ITEMS) {
    add('item', 'tooManyItems', { max: MAX_QUESTIONNAIRE_ITEMS });
    return issues;
  }
  const q = input as unknown as Questionnaire;
  const seen = new Set<string>();
  let duplicates = false;
  walkItems(q.item, (item) => {
    if (seen.has(item.linkId)) {
      add(item.linkId, 'duplicateLinkId', { linkId: item.linkId });
      duplicates = true;
    }
    seen.add(item.linkId);
  });
  if (duplicates) return issues;
  const before = issues.length;
  const index = indexItems(q);
  walkItems(q.item, (item, ancestors) => {
    checkItem(item, ancestors, index.items, valueSets, options, add);
  });
  if (issues.length === before) {
    const cycle = findCycle(q.item, index.ancestors);
    if (cycle) add(cycle[0] ?? 'item', 'enableWhenCycle', { linkIds: cycle.join(' → ') });
  }
  return issues;
}

function checkItem(
  item: QuestionnaireItem,
  ancestors: readonly QuestionnaireItem[],
  items: Map<string, QuestionnaireItem>,
  valueSets: Set<string>,
  options: ValidateQuestionnaireOptions,
  add: (path: string, key: string, params?: Record<string, string | number>) => void,
): void {
  const id = item.linkId;
  const p = { linkId: id };
  if (item.text !== undefined && !isText(item.text)) add(id, 'missingText', p);
  if ((item.type === 'display' || options.bilingual) && item.text === undefined) add(id, 'missingText', p);
  if (options.bilingual && item.text !== undefined && !hasTranslation(item._text))
    add(id, 'missingTranslation', p);
  for (const flag of ['required', 'repeats', 'readOnly'] as const)
    if (item[flag] !== undefined && typeof item[flag] !== 'boolean') add(id, 'missingField', { field: flag });
  if (
    item.maxLength !== undefined &&
    (!Number.isSafeInteger(item.maxLength) || item.maxLength < 1 || item.maxLength > 10000)
  )
    add(id, 'missingField', { field: 'maxLength' });
  if (item.type === 'group' && (item.item ?? []).length === 0) add(id, 'groupEmpty', p);
  if (item.type === 'display' && (item.required || item.repeats || (item.item ?? []).length > 0))
    add(id, 'displayNotAnswerable', p);
  const hasOptions = item.answerOption !== undefined;
  const hasValueSet = item.answerValueSet !== undefined;
  if (item.type === 'choice' || item.type === 'open-choice') {
    if (hasOptions === hasValueSet) add(id, hasOptions ? 'optionsBoth' : 'optionsMissing', p);
  } else if (hasValueSet || (hasOptions && !OPTION_TYPES.has(item.type))) add(id, 'optionsNotAllowed', p);
  if (hasValueSet && !valueSets.has(String(item.answerValueSet)))
    add(id, 'valueSetUnknown', { linkId: id, ref: String(item.answerValueSet) });
  if (hasOptions && OPTION_TYPES.has(item.type)) {
    const allowed = VALUE_KEYS_BY_TYPE[item.type] ?? [];
    const keys = new Set<string>();
    for (const option of item.answerOption ?? []) {
      const key = isRecord(option) ? answerValueKey(option) : undefined;
      const value = key === undefined ? undefined : (option as Record<string, unknown>)[key];
      const valid =
        key !== undefined &&
        allowed.includes(key) &&
        (key !== 'valueCoding' || (isRecord(value) && isText(value.code))) &&
        (key !== 'valueString' || isText(value));
      if (!valid) add(id, 'optionInvalid', p);
      else {
        keys.add(key);
        if (
          options.bilingual &&
          key === 'valueCoding' &&
          !hasTranslation((value as { _display?: undefined })._display)
        )
          add(id, 'missingTranslation', p);
      }
    }
    if ((item.answerOption ?? []).length === 0 || keys.size > 1) add(id, 'optionInvalid', p);
  }
  const conditions = item.enableWhen ?? [];
  if (conditions.length > 1 && item.enableBehavior !== 'all' && item.enableBehavior !== 'any')
    add(id, 'enableBehaviorMissing', p);
  if (item.enableBehavior !== undefined && !['all', 'any'].includes(item.enableBehavior))
    add(id, 'enableBehaviorMissing', p);
  for (const cond of conditions) {
    if (!isRecord(cond) || typeof cond.question !== 'string') {
      add(id, 'enableWhenUnknown', { linkId: id, question: '' });
      continue;
    }
    const target = items.get(cond.question);
    if (target === undefined) {
      add(id, 'enableWhenUnknown', { linkId: id, question: cond.question });
      continue;
    }
    if (target.linkId === id || ancestors.some((a) => a.linkId === target.linkId)) {
      add(id, 'enableWhenSelf', { linkId: id, question: cond.question });
      continue;
    }
    if (!ENABLE_WHEN_OPERATORS.includes(cond.operator)) {
      add(id, 'enableWhenOperator', { linkId: id, operator: cond.operator });
      continue;
    }
    const answerKeys = Object.keys(cond).filter((k) => k.startsWith('answer'));
    const key = conditionValueKey(cond);
    const params = { linkId: id, question: cond.question, type: target.type };
    if (answerKeys.length !== 1 || key === undefined) add(id, 'enableWhenAnswer', params);
    else if (cond.operator === 'exists') {
      if (typeof cond.answerBoolean !== 'boolean') add(id, 'enableWhenAnswer', params);
    } else if (
      target.type === 'group' ||
      target.type === 'display' ||
      !(VALUE_KEYS_BY_TYPE[target.type] ?? []).includes(key)
    )
      add(id, 'enableWhenAnswer', params);
    else if (!['=', '!='].includes(cond.operator) && (!ORDERED.has(target.type) || key === 'valueCoding'))
      add(id, 'enableWhenOperator', { linkId: id, operator: cond.operator });
  }
}

/** A cycle of enableWhen dependencies (an item depends on its questions and its ancestors' questions). */
function findCycle(
  items: readonly QuestionnaireItem[],
  ancestors: Map<string, readonly QuestionnaireItem[]>,
): string[] | undefined {
  const deps = new Map<string, string[]>();
  walkItems(items, (item) => {
    const own = (item.enableWhen ?? []).map((c) => c.question);
    const up = (ancestors.get(item.linkId) ?? []).map((a) => a.linkId);
    deps.set(item.linkId, [...own, ...up]);
  });
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'open');
    stack.push(id);
    for (const next of deps.get(id) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of deps.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

/** The questionnaire, or VALIDATION_FAILED listing every problem. */
export function validateQuestionnaire(
  input: unknown,
  options: ValidateQuestionnaireOptions = {},
): Questionnaire {
  const issues = questionnaireIssues(input, options);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { details: issues });
  return input as Questionnaire;
}
