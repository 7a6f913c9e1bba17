/**
 * Text normalisation for Vietnamese names and addresses.
 *
 * Raw data arrives in NFC and NFD (some phones), with inconsistent tone placement
 * ("Hoà" / "Hòa"), stray spaces, and as the upper-case no-diacritics form used in QR codes
 * ("NGUYEN VAN DUC"). We store names in NFC and match them on a folded key.
 */

/** Unicode NFC, trimmed, inner whitespace collapsed to one space. What we store. */
export function normalizeText(input: string): string {
  return input.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * Tone- and case-insensitive key: strips every combining mark, folds đ/Đ (which NFD does not
 * decompose) to d, lower-cases, collapses whitespace. "Nguyễn Văn Đức", its NFD form and
 * "NGUYEN VAN DUC" all fold to "nguyen van duc". Must agree with SQL `lower(unaccent(x))`
 * (tested against both databases).
 */
export function foldText(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/[đĐ]/gu, (c) => (c === 'đ' ? 'd' : 'D'))
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Split a folded name into tokens (family name first in Vietnamese order). */
export function nameTokens(folded: string): string[] {
  return folded.split(' ').filter((t) => t.length > 0);
}

/** The five tone marks of Vietnamese as combining characters (NFD). */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/**
 * Tone-aware key: lower-case letters with their vowel marks (â ă ê ô ơ ư đ) and one tone per
 * syllable, wherever the tone mark was placed ("Hòa" and "Hoà" give the same key, "Thanh" and
 * "Thành" do not). Empty when the text carries no diacritics at all (e.g. the upper-case
 * no-diacritics form of QR codes), since its tones are then unknown.
 */
export function toneKey(input: string): string {
  const decomposed = input.normalize('NFD').toLowerCase();
  if (!/[\u0300-\u036f]|đ/u.test(decomposed)) return '';
  return decomposed
    .split(/\s+/u)
    .filter((s) => s.length > 0)
    .map((syllable) => {
      const tones = syllable.match(TONE_MARKS) ?? [];
      return `${syllable.replace(TONE_MARKS, '').normalize('NFC')}${tones.length > 0 ? tones[0] : ''}`;
    })
    .join(' ');
}
