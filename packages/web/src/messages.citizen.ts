/**
 * The light citizen entry's catalogue (citizen.html; vite.config.ts swaps messages.ts for this
 * module in the citizen build): its entry chunk carries only the parts of the catalogue named by the pages it
 * imports statically (citizenCatalogue.ts) in Vietnamese; the whole catalogue of a language is its
 * own chunk, loaded before any other citizen page renders (loadAllMessages, citizenRoutes.tsx).
 */
import type { Language, MessageTree } from '@epilink/core';
import vi from 'virtual:epilink-messages/vi-citizen';

/** Catalogues available with no request (the entry's namespaces only). */
export const bundledMessages: Partial<Record<Language, Record<string, MessageTree>>> = { vi };

/** What a page of the entry needs in `lang` (English: its own small chunk, on use). */
export async function loadMessages(lang: Language): Promise<Record<string, MessageTree>> {
  if (lang === 'vi') return vi;
  return (await import('virtual:epilink-messages/en-citizen')).default;
}

/** The whole catalogue of `lang` (its own chunk). */
export async function loadAllMessages(lang: Language): Promise<Record<string, MessageTree>> {
  if (lang === 'vi') return (await import('virtual:epilink-messages/vi')).default;
  return (await import('virtual:epilink-messages/en')).default;
}
