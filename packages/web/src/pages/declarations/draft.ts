/**
 * The form's draft: what the person typed, item by item, kept as text until it is sent, and its
 * conversion to a FHIR QuestionnaireResponse. The draft mirrors the questionnaire: a level maps a
 * linkId to its node; a question node holds its answers (one per input; several when the item
 * repeats), a group node holds its instances (one, or several when the group repeats).
 * Typed values are made only at conversion: a number that does not parse is sent as text, so the
 * core's `responseIssues` reports it with the catalogue's message, like every other problem.
 */
import type {
  Answer,
  AnswerOption,
  AnswerValue,
  Coding,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  ResponseItem,
} from '@epilink/core/declarations/questionnaire';
import { canonical, codingDisplay, localize } from '@epilink/core/declarations/questionnaire';
import { collectAnswers, isEnabled, type AnswerMap } from '@epilink/core/declarations/enableWhen';
import { indexItems, type ItemIndex } from '@epilink/core/declarations/questionnaire';
import { fromLocalDateTime } from '@epilink/core';

/** One input's text: `raw` (the value, or an option's key), `other` (open-choice free text), `unit`. */
export interface DraftAnswer {
  raw: string;
  other?: string;
  unit?: string;
}

/** One item of the draft: a question's answers, or a group's instances. */
export interface DraftNode {
  answers: DraftAnswer[];
  groups: DraftLevel[];
}

/** Items of one level, by linkId. */
export type DraftLevel = Record<string, DraftNode>;

/** The key the open-choice "other" option carries (an option key never starts with `!`). */
export const OTHER = '!other';

/** A choice offered to the person: a stable key, its label in the UI language, and its value. */
export interface Choice {
  key: string;
  label: string;
  value: AnswerValue;
}

function optionKey(o: AnswerValue): string {
  if (o.valueCoding) return `c:${o.valueCoding.system ?? ''}|${o.valueCoding.code}`;
  if (o.valueString !== undefined) return `s:${o.valueString}`;
  if (o.valueInteger !== undefined) return `i:${o.valueInteger}`;
  if (o.valueDate !== undefined) return `d:${o.valueDate}`;
  if (o.valueTime !== undefined) return `t:${o.valueTime}`;
  return '';
}

function optionValue(o: AnswerOption): AnswerValue {
  if (o.valueCoding) return { valueCoding: o.valueCoding };
  if (o.valueString !== undefined) return { valueString: o.valueString };
  if (o.valueInteger !== undefined) return { valueInteger: o.valueInteger };
  if (o.valueDate !== undefined) return { valueDate: o.valueDate };
  return o.valueTime !== undefined ? { valueTime: o.valueTime } : {};
}

function stripCoding(c: Coding): Coding {
  return c.system === undefined ? { code: c.code } : { system: c.system, code: c.code };
}

/** The choices of a choice/open-choice item: its answerOption, or its contained answerValueSet. */
export function choicesOf(q: Questionnaire, item: QuestionnaireItem, lang: string): Choice[] {
  if (item.answerOption) {
    return item.answerOption.map((o) => {
      const value = optionValue(o);
      const label = value.valueCoding
        ? codingDisplay(value.valueCoding, lang)
        : String(o.valueString ?? o.valueInteger ?? o.valueDate ?? o.valueTime ?? '');
      return { key: optionKey(value), label, value };
    });
  }
  const id = item.answerValueSet?.startsWith('#') ? item.answerValueSet.slice(1) : undefined;
  const set = q.contained?.find((v) => v.id === id);
  return (set?.compose.include ?? []).flatMap((inc) =>
    inc.concept.map((c) => {
      const value = { valueCoding: { system: inc.system, code: c.code } };
      return { key: optionKey(value), label: localize(c.display ?? c.code, c._display, lang), value };
    }),
  );
}

function blankNode(item: QuestionnaireItem): DraftNode {
  if (item.type === 'group') return { answers: [], groups: [blankLevel(item.item ?? [])] };
  if (item.type === 'display') return { answers: [], groups: [] };
  return { answers: [{ raw: '' }], groups: item.item ? [blankLevel(item.item)] : [] };
}

/** An empty draft for these items (options marked `initialSelected` chosen). */
export function blankLevel(items: readonly QuestionnaireItem[]): DraftLevel {
  const level: DraftLevel = {};
  for (const item of items) {
    const node = blankNode(item);
    const initial = (item.answerOption ?? []).filter((o) => o.initialSelected);
    if (initial.length > 0) node.answers = initial.map((o) => ({ raw: optionKey(optionValue(o)) }));
    level[item.linkId] = node;
  }
  return level;
}

/** A blank group instance (for "add" on a repeating group). */
export function blankInstance(item: QuestionnaireItem): DraftLevel {
  return blankLevel(item.item ?? []);
}

function numberOrText(raw: string, integer: boolean): AnswerValue {
  const text = raw.trim().replace(',', '.');
  const n = Number(text);
  if (text !== '' && Number.isFinite(n) && (!integer || Number.isInteger(n)))
    return integer ? { valueInteger: n } : { valueDecimal: n };
  return { valueString: raw.trim() };
}

function dateTimeValue(raw: string): AnswerValue {
  // A datetime-local input gives the province's wall-clock time (the one clock decides the zone).
  try {
    return { valueDateTime: fromLocalDateTime(raw).toISOString() };
  } catch {
    return { valueString: raw };
  }
}

/** One draft answer as a FHIR answer value (undefined when left empty). */
export function toValue(
  q: Questionnaire,
  item: QuestionnaireItem,
  a: DraftAnswer,
  lang: string,
): AnswerValue | undefined {
  const raw = a.raw.trim();
  switch (item.type) {
    case 'group':
    case 'display':
      return undefined;
    case 'boolean':
      return raw === 'true' ? { valueBoolean: true } : raw === 'false' ? { valueBoolean: false } : undefined;
    case 'integer':
    case 'decimal':
      return raw === '' ? undefined : numberOrText(raw, item.type === 'integer');
    case 'quantity': {
      if (raw === '') return undefined;
      const n = numberOrText(raw, false);
      if (n.valueDecimal === undefined) return n;
      const unit = a.unit?.trim();
      return { valueQuantity: unit ? { value: n.valueDecimal, unit } : { value: n.valueDecimal } };
    }
    case 'date':
      return raw === '' ? undefined : { valueDate: raw };
    case 'dateTime':
      return raw === '' ? undefined : dateTimeValue(raw);
    case 'time':
      return raw === '' ? undefined : { valueTime: raw.length === 5 ? `${raw}:00` : raw };
    case 'url':
      return raw === '' ? undefined : { valueUri: raw };
    case 'string':
    case 'text':
      return raw === '' ? undefined : { valueString: a.raw.trim() };
    case 'choice':
    case 'open-choice': {
      if (raw === OTHER) {
        const other = a.other?.trim() ?? '';
        return other === '' ? undefined : { valueString: other };
      }
      const choice = choicesOf(q, item, lang).find((c) => c.key === raw);
      if (!choice) return undefined;
      return choice.value.valueCoding ? { valueCoding: stripCoding(choice.value.valueCoding) } : choice.value;
    }
  }
}

function levelItems(
  q: Questionnaire,
  items: readonly QuestionnaireItem[],
  level: DraftLevel,
  lang: string,
): ResponseItem[] {
  const out: ResponseItem[] = [];
  for (const item of items) {
    const node = level[item.linkId];
    if (!node || item.type === 'display') continue;
    if (item.type === 'group') {
      for (const g of node.groups) {
        const children = levelItems(q, item.item ?? [], g, lang);
        if (children.length > 0) out.push({ linkId: item.linkId, item: children });
      }
      continue;
    }
    const values = node.answers.map((a) => toValue(q, item, a, lang)).filter((v) => v !== undefined);
    if (values.length === 0) continue;
    const children = item.item && node.groups[0] ? levelItems(q, item.item, node.groups[0], lang) : [];
    const answer: Answer[] = values.map((v, i) =>
      i === 0 && children.length > 0 ? { ...v, item: children } : v,
    );
    out.push({ linkId: item.linkId, answer });
  }
  return out;
}

function prune(
  q: Questionnaire,
  items: readonly ResponseItem[],
  answers: AnswerMap,
  index: ItemIndex,
): ResponseItem[] {
  const out: ResponseItem[] = [];
  for (const it of items) {
    const def = index.items.get(it.linkId);
    if (!def || !isEnabled(q, def, answers, index)) continue;
    const next: ResponseItem = { linkId: it.linkId };
    if (it.answer)
      next.answer = it.answer.map((a) => (a.item ? { ...a, item: prune(q, a.item, answers, index) } : a));
    if (it.item) {
      const children = prune(q, it.item, answers, index);
      if (children.length === 0) continue;
      next.item = children;
    }
    out.push(next);
  }
  return out;
}

/** The answers the draft gives, by linkId (disabled items included: for `isEnabled`). */
export function draftAnswers(q: Questionnaire, draft: DraftLevel, lang: string): AnswerMap {
  return collectAnswers(levelItems(q, q.item, draft, lang));
}

/**
 * The draft as a completed QuestionnaireResponse of this questionnaire version: empty inputs left
 * out, items hidden by enableWhen dropped (a disabled item keeps no answer).
 */
export function toResponse(q: Questionnaire, draft: DraftLevel, lang: string): QuestionnaireResponse {
  const all = levelItems(q, q.item, draft, lang);
  const index = indexItems(q);
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: canonical(q),
    status: 'completed',
    item: prune(q, all, collectAnswers(all), index),
  };
}

/** The option key of a choice item's coding `code` (undefined when the item offers no such code). */
export function choiceKeyOf(
  q: Questionnaire,
  linkId: string,
  code: string,
  lang: string,
): string | undefined {
  const item = indexItems(q).items.get(linkId);
  if (!item) return undefined;
  return choicesOf(q, item, lang).find((c) => c.value.valueCoding?.code === code)?.key;
}

function setIn(
  items: readonly QuestionnaireItem[],
  level: DraftLevel,
  linkId: string,
  answers: DraftAnswer[],
): DraftLevel | null {
  for (const item of items) {
    if (item.linkId === linkId) {
      const node = level[item.linkId] ?? blankLevel([item])[item.linkId] ?? { answers: [], groups: [] };
      return { ...level, [item.linkId]: { ...node, answers } };
    }
    if (item.item && item.item.length > 0) {
      const node = level[item.linkId] ?? blankLevel([item])[item.linkId];
      const first = node?.groups[0] ?? blankLevel(item.item);
      const inner = setIn(item.item, first, linkId, answers);
      if (inner && node)
        return { ...level, [item.linkId]: { ...node, groups: [inner, ...node.groups.slice(1)] } };
    }
  }
  return null;
}

/** The draft with `linkId`'s answers replaced (in the first instance of its groups). */
export function withAnswers(
  q: Questionnaire,
  draft: DraftLevel,
  linkId: string,
  answers: DraftAnswer[],
): DraftLevel {
  return setIn(q.item, draft, linkId, answers) ?? draft;
}
