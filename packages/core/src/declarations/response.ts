/**
 * Check a QuestionnaireResponse against the questionnaire version it answers: required items,
 * answer types, options, repeats, and no answer to a disabled item. Conditions are evaluated over
 * the whole response (answers in another instance of a repeating group count too).
 */
import { AppError, type ErrorDetail } from '../errors/codes.ts';
import { collectAnswers, isEnabled, type AnswerMap } from './enableWhen.ts';
import type {
  Answer,
  AnswerValue,
  Coding,
  ItemIndex,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  ResponseItem,
} from './questionnaire.ts';
import { answerValueKey, canonical, indexItems } from './questionnaire.ts';
import { VALUE_KEYS_BY_TYPE, isDay } from './validate.ts';

/** Largest response accepted (answers, all levels). */
export const MAX_RESPONSE_ANSWERS = 1000;
const DEFAULT_MAX_LENGTH: Record<string, number> = { string: 500, text: 4000, 'open-choice': 500, url: 2000 };
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Add = (path: string, key: string, params?: Record<string, string | number>) => void;

interface Context {
  q: Questionnaire;
  index: ItemIndex;
  answers: AnswerMap;
  add: Add;
  count: number;
}

/** The options (codings or primitive values) a choice item offers. */
export function itemOptions(q: Questionnaire, item: QuestionnaireItem): AnswerValue[] {
  if (item.answerOption) return item.answerOption.map(({ initialSelected: _, ...value }) => value);
  const vs = q.contained?.find((c) => `#${c.id}` === item.answerValueSet);
  return (vs?.compose.include ?? []).flatMap((inc) =>
    inc.concept.map((c) => ({
      valueCoding: { system: inc.system, code: c.code, display: c.display, _display: c._display },
    })),
  );
}

function sameCoding(a: Coding, b: Coding): boolean {
  return a.code === b.code && (a.system ?? '') === (b.system ?? '');
}

function text(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.trim() !== '' && v.length <= max && !CONTROL.test(v);
}

type Checked = AnswerValue | 'bad' | 'tooLong' | 'notAnOption';

/** The normalised answer value, or undefined (and an issue) when it does not fit the item. */
function checkValue(
  ctx: Context,
  item: QuestionnaireItem,
  raw: Record<string, unknown>,
): AnswerValue | undefined {
  const id = item.linkId;
  const max = item.maxLength ?? DEFAULT_MAX_LENGTH[item.type] ?? 500;
  const result = valueFor(ctx.q, item, raw, max);
  if (result === 'bad') ctx.add(id, 'answerType', { linkId: id, type: item.type });
  else if (result === 'tooLong') ctx.add(id, 'tooLong', { linkId: id, max });
  else if (result === 'notAnOption') ctx.add(id, 'notAnOption', { linkId: id });
  else return result;
  return undefined;
}

function valueFor(
  q: Questionnaire,
  item: QuestionnaireItem,
  raw: Record<string, unknown>,
  max: number,
): Checked {
  const extra = Object.keys(raw).filter((k) => k !== 'item' && !k.startsWith('value'));
  const key = answerValueKey(raw);
  if (extra.length > 0 || key === undefined || !(VALUE_KEYS_BY_TYPE[item.type] ?? []).includes(key))
    return 'bad';
  const v = raw[key];
  switch (item.type) {
    case 'boolean':
      return typeof v === 'boolean' ? { valueBoolean: v } : 'bad';
    case 'decimal':
      return typeof v === 'number' && Number.isFinite(v) ? { valueDecimal: v } : 'bad';
    case 'integer':
      return typeof v === 'number' && Number.isSafeInteger(v) ? { valueInteger: v } : 'bad';
    case 'date':
      return isDay(v) ? { valueDate: v } : 'bad';
    case 'dateTime':
      return typeof v === 'string' && DATE_TIME.test(v) && !Number.isNaN(Date.parse(v))
        ? { valueDateTime: v }
        : 'bad';
    case 'time':
      return typeof v === 'string' && TIME.test(v) ? { valueTime: v } : 'bad';
    case 'string':
    case 'text':
      if (!text(v, Number.MAX_SAFE_INTEGER)) return 'bad';
      return v.length > max ? 'tooLong' : { valueString: v };
    case 'url':
      return typeof v === 'string' && v.length <= max && /^https?:\/\/[^\s]+$/.test(v)
        ? { valueUri: v }
        : 'bad';
    case 'quantity': {
      if (!isRecord(v) || typeof v.value !== 'number' || !Number.isFinite(v.value)) return 'bad';
      const unitOk = ['unit', 'system', 'code'].every((k) => v[k] === undefined || text(v[k], 100));
      if (!unitOk || Object.keys(v).some((k) => !['value', 'unit', 'system', 'code'].includes(k)))
        return 'bad';
      return { valueQuantity: v as unknown as NonNullable<AnswerValue['valueQuantity']> };
    }
    case 'choice':
    case 'open-choice':
      return checkChoice(q, item, key, v, max);
    case 'group':
    case 'display':
      return 'bad';
  }
}

function checkChoice(
  q: Questionnaire,
  item: QuestionnaireItem,
  key: keyof AnswerValue,
  v: unknown,
  max: number,
): Checked {
  const options = itemOptions(q, item);
  if (key === 'valueCoding') {
    if (!isRecord(v) || typeof v.code !== 'string') return 'bad';
    const found = options.find((o) => o.valueCoding && sameCoding(o.valueCoding, v as unknown as Coding));
    if (!found?.valueCoding) return 'notAnOption';
    const { system, code, display } = found.valueCoding;
    return {
      valueCoding: {
        ...(system === undefined ? {} : { system }),
        code,
        ...(display === undefined ? {} : { display }),
      },
    };
  }
  if (options.some((o) => o[key] !== undefined && o[key] === v)) return { [key]: v };
  if (item.type === 'open-choice' && key === 'valueString') {
    if (!text(v, Number.MAX_SAFE_INTEGER)) return 'bad';
    return v.length > max ? 'tooLong' : { valueString: v };
  }
  return 'notAnOption';
}

function hasContent(r: unknown): boolean {
  return (
    isRecord(r) &&
    ((Array.isArray(r.answer) && r.answer.length > 0) || (Array.isArray(r.item) && r.item.length > 0))
  );
}

/** Check the response items of one level against the questionnaire items of that level. */
function checkLevel(ctx: Context, qItems: readonly QuestionnaireItem[], raw: unknown): ResponseItem[] {
  const out: ResponseItem[] = [];
  const rItems = Array.isArray(raw) ? raw : [];
  if (raw !== undefined && !Array.isArray(raw)) ctx.add('item', 'malformedResponse');
  for (const r of rItems) {
    if (!isRecord(r) || typeof r.linkId !== 'string') ctx.add('item', 'malformedResponse');
    else if (!qItems.some((qi) => qi.linkId === r.linkId))
      ctx.add(r.linkId.slice(0, 64), 'unknownItem', { linkId: r.linkId.slice(0, 64) });
  }
  for (const qi of qItems) {
    const id = qi.linkId;
    const instances = rItems.filter((r): r is Record<string, unknown> => isRecord(r) && r.linkId === id);
    if (!isEnabled(ctx.q, qi, ctx.answers, ctx.index)) {
      if (instances.some(hasContent)) ctx.add(id, 'disabledAnswered', { linkId: id });
      continue;
    }
    if (qi.type === 'display') {
      if (instances.some(hasContent)) ctx.add(id, 'displayAnswered', { linkId: id });
      continue;
    }
    if (instances.length > 1 && !(qi.type === 'group' && qi.repeats))
      ctx.add(id, 'notRepeating', { linkId: id });
    if (qi.type === 'group') {
      const kept: ResponseItem[] = [];
      for (const inst of instances) {
        if (inst.answer !== undefined) ctx.add(id, 'answerType', { linkId: id, type: qi.type });
        const children = checkLevel(ctx, qi.item ?? [], inst.item);
        if (children.length > 0) kept.push({ linkId: id, item: children });
      }
      if (qi.required && kept.length === 0) ctx.add(id, 'required', { linkId: id });
      out.push(...kept);
      continue;
    }
    const inst = instances[0];
    if (inst?.item !== undefined) ctx.add(id, 'unknownItem', { linkId: id });
    const rawAnswers = inst?.answer;
    if (rawAnswers !== undefined && !Array.isArray(rawAnswers))
      ctx.add(id, 'answerType', { linkId: id, type: qi.type });
    const answers = Array.isArray(rawAnswers) ? rawAnswers : [];
    if (answers.length > 1 && !qi.repeats) ctx.add(id, 'notRepeating', { linkId: id });
    const kept: Answer[] = [];
    for (const a of answers) {
      ctx.count += 1;
      if (!isRecord(a)) {
        ctx.add(id, 'answerType', { linkId: id, type: qi.type });
        continue;
      }
      const value = checkValue(ctx, qi, a);
      if (value === undefined) continue;
      if (a.item !== undefined && (qi.item ?? []).length === 0) ctx.add(id, 'unknownItem', { linkId: id });
      const children = (qi.item ?? []).length > 0 ? checkLevel(ctx, qi.item ?? [], a.item) : [];
      kept.push(children.length > 0 ? { ...value, item: children } : value);
    }
    if (qi.required && answers.length === 0) ctx.add(id, 'required', { linkId: id });
    if (kept.length > 0) out.push({ linkId: id, answer: kept });
  }
  return out;
}

/** The normalised response and every problem found (empty when it may be stored). */
export function checkResponse(
  q: Questionnaire,
  input: unknown,
): { response: QuestionnaireResponse; issues: ErrorDetail[] } {
  const issues: ErrorDetail[] = [];
  const add: Add = (path, key, params = {}) => {
    issues.push({ path, messageKey: `declarations.errors.${key}`, params });
  };
  const empty: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    questionnaire: canonical(q),
    status: 'completed',
    item: [],
  };
  if (!isRecord(input) || input.resourceType !== 'QuestionnaireResponse') {
    add('resourceType', 'malformedResponse');
    return { response: empty, issues };
  }
  if (input.questionnaire !== undefined && input.questionnaire !== canonical(q))
    add('questionnaire', 'wrongQuestionnaire', { expected: canonical(q) });
  if (input.status !== undefined && input.status !== 'completed') add('status', 'malformedResponse');
  const items = Array.isArray(input.item) ? (input.item as ResponseItem[]) : [];
  const ctx: Context = { q, index: indexItems(q), answers: collectAnswers(items), add, count: 0 };
  const item = checkLevel(ctx, q.item, input.item);
  if (ctx.count > MAX_RESPONSE_ANSWERS) add('item', 'tooManyAnswers', { max: MAX_RESPONSE_ANSWERS });
  const authored =
    typeof input.authored === 'string' && DATE_TIME.test(input.authored) ? input.authored : undefined;
  return { response: { ...empty, ...(authored ? { authored } : {}), item }, issues };
}

/** Every problem of a response, `path` = linkId (for showing errors beside fields). */
export function responseIssues(q: Questionnaire, input: unknown): ErrorDetail[] {
  return checkResponse(q, input).issues;
}

/** The normalised response, or VALIDATION_FAILED listing every problem. */
export function validateResponse(q: Questionnaire, input: unknown): QuestionnaireResponse {
  const { response, issues } = checkResponse(q, input);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { details: issues.slice(0, 50) });
  return response;
}
