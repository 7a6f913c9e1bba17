/**
 * Declarations (#15): questionnaires as data, in the shape of FHIR R4 `Questionnaire` and
 * `QuestionnaireResponse`. Pure: the server stores and the web renders what is defined here.
 *
 * API (for the form renderer and the server):
 * - Types: `Questionnaire`, `QuestionnaireItem` (linkId, text, type, required, repeats, maxLength,
 *   enableWhen + enableBehavior, answerOption / answerValueSet, item children), `QuestionnaireResponse`,
 *   `ResponseItem`, `Answer` (one `value[x]`).
 * - Bilingual text: FHIR's own translation extension. `text` is Vietnamese (the questionnaire's
 *   `language` is `vi`); `_text.extension` carries
 *   `{url: TRANSLATION_URL, extension: [{url: 'lang', valueCode: 'en'}, {url: 'content', valueString}]}`.
 *   `itemText(item, lang)` / `localize(text, _text, lang)` read it (falling back to Vietnamese);
 *   `bilingual(vi, en)` builds `{text, _text}` for data files. The same holds for `title` / `_title`
 *   and a coding's `display` / `_display`.
 * - `validateQuestionnaire(q, {bilingual})` (validate.ts): returns the questionnaire or throws
 *   `AppError('VALIDATION_FAILED')` whose details name the item (`path` = linkId) and a translated
 *   message `declarations.errors.*` (duplicate linkId, enableWhen on an unknown item or of the wrong
 *   answer type, a cycle of enableWhen, a choice without options, …).
 * - `isEnabled(q, item, answers)` (enableWhen.ts): whether an item is shown, given the answers so
 *   far (`collectAnswers(response)` or an `AnswerMap` keyed by linkId). An item whose ancestor or
 *   whose enableWhen question is disabled is disabled too.
 * - `responseIssues(q, response)` → `ErrorDetail[]` (one per problem, `path` = linkId) for showing
 *   errors beside fields; `validateResponse(q, response)` (response.ts) throws them as one
 *   VALIDATION_FAILED or returns the normalised QuestionnaireResponse (items in questionnaire order,
 *   texts dropped: the questionnaire version holds them).
 */

/** The FHIR extension that carries a translation of a string element. */
export const TRANSLATION_URL = 'http://hl7.org/fhir/StructureDefinition/translation';

/** Item types supported (FHIR R4 `QuestionnaireItemType`, less attachment and reference). */
export const ITEM_TYPES = [
  'group',
  'display',
  'boolean',
  'decimal',
  'integer',
  'date',
  'dateTime',
  'time',
  'string',
  'text',
  'url',
  'choice',
  'open-choice',
  'quantity',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** FHIR R4 `QuestionnaireItemOperator`. */
export const ENABLE_WHEN_OPERATORS = ['exists', '=', '!=', '>', '<', '>=', '<='] as const;
export type EnableWhenOperator = (typeof ENABLE_WHEN_OPERATORS)[number];

/** A FHIR extension (only the translation extension is read). */
export interface Extension {
  url: string;
  valueCode?: string;
  valueString?: string;
  extension?: Extension[];
}

/** A primitive's extension holder (`_text`, `_title`, `_display`). */
export interface ElementExtensions {
  extension?: Extension[];
}

/** FHIR Coding. */
export interface Coding {
  system?: string;
  code: string;
  display?: string;
  _display?: ElementExtensions;
}

/** FHIR Quantity. */
export interface Quantity {
  value: number;
  unit?: string;
  system?: string;
  code?: string;
}

/** One `value[x]` / `answer[x]` of the supported primitive kinds. */
export interface AnswerValue {
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueInteger?: number;
  valueDate?: string;
  valueDateTime?: string;
  valueTime?: string;
  valueString?: string;
  valueUri?: string;
  valueCoding?: Coding;
  valueQuantity?: Quantity;
}

/** The value keys an answer may carry. */
export const ANSWER_VALUE_KEYS = [
  'valueBoolean',
  'valueDecimal',
  'valueInteger',
  'valueDate',
  'valueDateTime',
  'valueTime',
  'valueString',
  'valueUri',
  'valueCoding',
  'valueQuantity',
] as const satisfies readonly (keyof AnswerValue)[];
export type AnswerValueKey = (typeof ANSWER_VALUE_KEYS)[number];

/** FHIR `Questionnaire.item.enableWhen`: exactly one `answer[x]`. */
export interface EnableWhen {
  question: string;
  operator: EnableWhenOperator;
  answerBoolean?: boolean;
  answerDecimal?: number;
  answerInteger?: number;
  answerDate?: string;
  answerDateTime?: string;
  answerTime?: string;
  answerString?: string;
  answerCoding?: Coding;
  answerQuantity?: Quantity;
}

/** FHIR `Questionnaire.item.answerOption`. */
export interface AnswerOption {
  valueCoding?: Coding;
  valueString?: string;
  valueInteger?: number;
  valueDate?: string;
  valueTime?: string;
  initialSelected?: boolean;
}

/** FHIR `Questionnaire.item`. */
export interface QuestionnaireItem {
  linkId: string;
  text?: string;
  _text?: ElementExtensions;
  type: ItemType;
  required?: boolean;
  repeats?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  enableWhen?: EnableWhen[];
  enableBehavior?: 'all' | 'any';
  answerOption?: AnswerOption[];
  /** A contained ValueSet, `#id`. */
  answerValueSet?: string;
  item?: QuestionnaireItem[];
}

/** A contained FHIR ValueSet (enumerated concepts only). */
export interface ValueSet {
  resourceType: 'ValueSet';
  id: string;
  status?: string;
  compose: {
    include: {
      system: string;
      concept: { code: string; display?: string; _display?: ElementExtensions }[];
    }[];
  };
}

/** FHIR `Questionnaire` (the elements EpiLink reads). */
export interface Questionnaire {
  resourceType: 'Questionnaire';
  id?: string;
  url: string;
  version: string;
  name?: string;
  title?: string;
  _title?: ElementExtensions;
  status: 'draft' | 'active' | 'retired';
  language?: string;
  /** The day the version comes into force (`start`, a local `YYYY-MM-DD`), optionally until `end`. */
  effectivePeriod?: { start: string; end?: string };
  contained?: ValueSet[];
  item: QuestionnaireItem[];
}

/** One answer of a response item: a value and, for a question with children, their items. */
export interface Answer extends AnswerValue {
  item?: ResponseItem[];
}

/** FHIR `QuestionnaireResponse.item`. */
export interface ResponseItem {
  linkId: string;
  text?: string;
  answer?: Answer[];
  item?: ResponseItem[];
}

/** FHIR `QuestionnaireResponse`. */
export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id?: string;
  /** Canonical `url|version` of the questionnaire answered. */
  questionnaire: string;
  status: 'in-progress' | 'completed' | 'amended' | 'entered-in-error' | 'stopped';
  authored?: string;
  item?: ResponseItem[];
}

/** A text in the reader's language from a FHIR string and its translation extension. */
export function localize(text: string | undefined, ext: ElementExtensions | undefined, lang: string): string {
  if (lang !== 'vi') {
    for (const e of ext?.extension ?? []) {
      if (e.url !== TRANSLATION_URL) continue;
      const l = e.extension?.find((x) => x.url === 'lang')?.valueCode;
      const content = e.extension?.find((x) => x.url === 'content')?.valueString;
      if (l === lang && content !== undefined) return content;
    }
  }
  return text ?? '';
}

/** An item's text in the reader's language. */
export function itemText(item: QuestionnaireItem, lang: string): string {
  return localize(item.text, item._text, lang);
}

/** A coding's display in the reader's language. */
export function codingDisplay(coding: Coding, lang: string): string {
  return localize(coding.display ?? coding.code, coding._display, lang);
}

/** The English translation extension of a Vietnamese string. */
export function translation(en: string): ElementExtensions {
  return {
    extension: [
      {
        url: TRANSLATION_URL,
        extension: [
          { url: 'lang', valueCode: 'en' },
          { url: 'content', valueString: en },
        ],
      },
    ],
  };
}

/** `{text, _text}` of a bilingual item text (for questionnaire data files). */
export function bilingual(vi: string, en: string): { text: string; _text: ElementExtensions } {
  return { text: vi, _text: translation(en) };
}

/** True when the element carries an English translation. */
export function hasTranslation(ext: ElementExtensions | undefined): boolean {
  return localize(undefined, ext, 'en') !== '';
}

/** Every item of the questionnaire, depth first, with its ancestors' linkIds. */
export function walkItems(
  items: readonly QuestionnaireItem[],
  visit: (item: QuestionnaireItem, ancestors: readonly QuestionnaireItem[]) => void,
  ancestors: readonly QuestionnaireItem[] = [],
): void {
  for (const item of items) {
    visit(item, ancestors);
    if (item.item) walkItems(item.item, visit, [...ancestors, item]);
  }
}

/** linkId → item and linkId → ancestors, for lookups. */
export interface ItemIndex {
  items: Map<string, QuestionnaireItem>;
  ancestors: Map<string, readonly QuestionnaireItem[]>;
}

/** Index a questionnaire's items by linkId (the first item wins on a duplicate). */
export function indexItems(q: Pick<Questionnaire, 'item'>): ItemIndex {
  const items = new Map<string, QuestionnaireItem>();
  const ancestors = new Map<string, readonly QuestionnaireItem[]>();
  walkItems(q.item, (item, up) => {
    if (items.has(item.linkId)) return;
    items.set(item.linkId, item);
    ancestors.set(item.linkId, up);
  });
  return { items, ancestors };
}

/** The single value key of an answer (or undefined when none or several). */
export function answerValueKey(answer: AnswerValue): AnswerValueKey | undefined {
  const keys = ANSWER_VALUE_KEYS.filter((k) => answer[k] !== undefined);
  return keys.length === 1 ? keys[0] : undefined;
}

/** Canonical reference `url|version` of a questionnaire. */
export function canonical(q: Pick<Questionnaire, 'url' | 'version'>): string {
  return `${q.url}|${q.version}`;
}
