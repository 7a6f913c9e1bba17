/**
 * The message catalogue the web app starts with. In tests and `vite dev` both languages come
 * straight from `@epilink/core`; the production build swaps this module for messages.split.ts
 * (vite.config.ts), which ships the default language in the entry and loads the other on use, and
 * the citizen build for messages.citizen.ts.
 */
import { messagesFor, type Language, type MessageTree } from '@epilink/core';

/** Catalogues available with no request. */
export const bundledMessages: Partial<Record<Language, Record<string, MessageTree>>> = {
  vi: messagesFor('vi'),
  en: messagesFor('en'),
};

/** The catalogue of a language (immediately here: both are bundled). */
export function loadMessages(lang: Language): Promise<Record<string, MessageTree>> {
  return Promise.resolve(messagesFor(lang));
}

/** The whole catalogue of a language (the same as loadMessages here). */
export const loadAllMessages = loadMessages;
