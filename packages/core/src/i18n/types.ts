/**
 * A nested message tree; leaves are strings with `{{param}}` placeholders (i18next syntax).
 * `{{count, number}}` formats a number in the reader's language (`Intl.NumberFormat`). A leaf whose
 * wording depends on a number takes the number as `count`; a language whose grammar needs more than
 * one form adds plural variants beside it (`cases_one: '{{count}} case'` next to
 * `cases: '{{count, number}} cases'`), chosen by `Intl.PluralRules`; Vietnamese needs none.
 */
export interface MessageTree {
  [key: string]: string | MessageTree;
}

/** Languages the product speaks; Vietnamese first. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

/**
 * One namespace of messages in both languages. English must have the keys of Vietnamese, plus
 * optional plural variants (`key_one`, …) of string leaves: `defineMessages` checks that at type
 * level and a unit test checks it at run time.
 */
export interface Namespace<T extends MessageTree> {
  vi: T;
  en: T;
}

/** Declare a namespace; the Vietnamese tree fixes the shape the English one must match. */
export function defineMessages<T extends MessageTree>(ns: { vi: T; en: NoInfer<Widen<T>> }): Namespace<T> {
  return ns as Namespace<T>;
}

/** The CLDR plural categories a language may add as `key_<category>` beside a counted leaf. */
export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
export type PluralCategory = (typeof PLURAL_CATEGORIES)[number];

/** Optional plural variants (`key_one`, …) of the string leaves of T. */
export type PluralVariants<T> = {
  [K in keyof T as T[K] extends string ? `${K & string}_${PluralCategory}` : never]?: string;
};

/**
 * Turn string literal leaves into `string` so the English tree may differ in wording, and allow
 * plural variants of each string leaf.
 */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> } & PluralVariants<T>;
