import { findDisease } from '@epilink/core';

/**
 * A disease code ('COVID-19', 'DENGUE') as its name in the catalogue's language; unknown codes as
 * sent. Its own module (not format.ts): the citizen entry's first chunk carries format.ts but not
 * the disease catalogue.
 */
export function diseaseName(code: string, lang: string): string {
  const names = findDisease(code)?.names;
  if (!names) return code;
  return lang === 'en' ? names.en : names.vi;
}
