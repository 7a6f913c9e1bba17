/** A nested message tree; leaves are strings with `{{param}}` placeholders (i18next syntax). */
export interface MessageTree {
  [key: string]: string | MessageTree;
}

/** Languages the product speaks; Vietnamese first. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

/**
 * One namespace of messages in both languages. English must have exactly the keys of Vietnamese:
 * `defineMessages` checks that at type level (same shape) and a unit test checks it at run time.
 */
export interface Namespace<T extends MessageTree> {
  vi: T;
  en: T;
}

/** Declare a namespace; the Vietnamese tree fixes the shape the English one must match. */
export function defineMessages<T extends MessageTree>(ns: { vi: T; en: NoInfer<Widen<T>> }): Namespace<T> {
  return ns as Namespace<T>;
}

/** Turn string literal leaves into `string` so the English tree may differ in wording. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
