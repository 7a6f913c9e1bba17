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
