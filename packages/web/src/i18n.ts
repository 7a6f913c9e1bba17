/**
 * i18next set up from the product's message catalogue (`@epilink/core` i18n). Keys are
 * `namespace.path` (`web.nav.overview`, `errors.notFound`), the same keys the server uses in
 * `messageKey`. Vietnamese by default; the user's choice is kept in localStorage and mirrored
 * in `<html lang>`.
 */
import i18next, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, INTL_LOCALES, LANGUAGES, type Language, type MessageTree } from '@epilink/core';
import { bundledMessages, loadAllMessages, loadMessages } from './messages.ts';

/** localStorage key holding the chosen UI language. */
export const LANGUAGE_STORAGE_KEY = 'epilink.lang';

/** Narrow any string to a supported language, or undefined. */
export function asLanguage(value: string | null | undefined): Language | undefined {
  return LANGUAGES.find((l) => l === value);
}

function storedLanguage(): Language | undefined {
  try {
    return asLanguage(globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY));
  } catch {
    return undefined; // storage disabled (private mode): fall back to the default
  }
}

function reflectLanguage(lang: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export const i18n = i18next.createInstance();

const firstLanguage = storedLanguage() ?? DEFAULT_LANGUAGE;
const resources: Partial<Record<Language, { translation: Record<string, MessageTree> }>> = {};
for (const lang of LANGUAGES) {
  const messages = bundledMessages[lang];
  if (messages) resources[lang] = { translation: messages };
}
// The production build bundles one language: a reader who chose the other waits for it once,
// before the first render, instead of seeing keys.
if (!resources[firstLanguage]) resources[firstLanguage] = { translation: await loadMessages(firstLanguage) };

/** Loads a language missing from the bundle when the reader switches to it. */
const catalogueBackend: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, _namespace, callback) {
    const lang = asLanguage(language);
    if (!lang) {
      callback(null, {});
      return;
    }
    loadMessages(lang).then(
      (messages) => {
        callback(null, messages);
      },
      (err: unknown) => {
        callback(err instanceof Error ? err : new Error(String(err)), null);
      },
    );
  },
};

void i18n
  .use(catalogueBackend)
  .use(initReactI18next)
  .init({
    resources,
    partialBundledLanguages: true,
    lng: firstLanguage,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    // A page re-renders when a catalogue arrives (loadWholeCatalogue).
    react: { bindI18nStore: 'added' },
  });
reflectLanguage(i18n.language);

// `{{x, number}}` formats a number in the reader's language, as the server's `translate` does; a
// value a caller already formatted (the string "12.883") is shown as given — i18next's own
// formatter read it again as the number 12.883 and showed "12,883" on a Vietnamese screen.
i18n.services.formatter?.add(
  'number',
  (value: unknown, lng: string | undefined, options: Intl.NumberFormatOptions) =>
    typeof value === 'number'
      ? new Intl.NumberFormat(INTL_LOCALES[asLanguage(lng) ?? DEFAULT_LANGUAGE], options).format(value)
      : String(value),
);

/** Languages whose whole catalogue is loaded or on its way. */
const wholeCatalogues = new Map<Language, Promise<void>>();

/**
 * Make sure the whole catalogue of the current language is there (the light citizen entry starts
 * with a few namespaces; in the other builds this resolves at once). Pages other than the entry's
 * wait for it before they render; after a language switch it follows the new language.
 */
export function loadWholeCatalogue(lang: Language = currentLanguage()): Promise<void> {
  let loading = wholeCatalogues.get(lang);
  if (!loading) {
    loading = loadAllMessages(lang).then(
      (messages) => {
        i18n.addResourceBundle(lang, 'translation', messages, true, true);
      },
      (err: unknown) => {
        wholeCatalogues.delete(lang); // a later page may try again
        throw err;
      },
    );
    wholeCatalogues.set(lang, loading);
  }
  return loading;
}

i18n.on('languageChanged', (lang) => {
  reflectLanguage(lang);
  const switched = asLanguage(lang);
  if (switched && wholeCatalogues.size > 0) void loadWholeCatalogue(switched).catch(() => undefined);
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
});

/** The current UI language (always one of LANGUAGES). */
export function currentLanguage(): Language {
  return asLanguage(i18n.resolvedLanguage ?? i18n.language) ?? DEFAULT_LANGUAGE;
}

/** Switch the UI language; persists the choice and updates `<html lang>`. */
export function setLanguage(lang: Language): Promise<unknown> {
  return i18n.changeLanguage(lang);
}
