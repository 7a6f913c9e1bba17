/**
 * The production catalogue (see messages.ts): Vietnamese, the default language, is in the
 * entry chunk; English is its own chunk, loaded when an English reader opens a page or switches.
 * Each language's tree is generated from `@epilink/core` at build time (vite.config.ts).
 */
import type { Language, MessageTree } from '@epilink/core';
import vi from 'virtual:epilink-messages/vi';

/** Catalogues available with no request. */
export const bundledMessages: Partial<Record<Language, Record<string, MessageTree>>> = { vi };

/** The catalogue of a language (English is fetched once, on first use). */
export async function loadMessages(lang: Language): Promise<Record<string, MessageTree>> {
  if (lang === 'vi') return vi;
  return (await import('virtual:epilink-messages/en')).default;
}

/** The whole catalogue of a language (the same as loadMessages in this build). */
export const loadAllMessages = loadMessages;
