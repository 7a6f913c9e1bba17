/**
 * Vietnamese phone numbers. Since 2018 mobiles have 10 digits (03x 05x 07x 08x 09x); the
 * 11-digit 01xx mobile prefixes were renumbered then, and people still type the old ones.
 * Landlines have 11 digits starting 02 (area code 02xx since 2017).
 */

/** Pre-2018 11-digit mobile prefixes and their 10-digit replacements. */
export const OLD_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
  '0162': '032',
  '0163': '033',
  '0164': '034',
  '0165': '035',
  '0166': '036',
  '0167': '037',
  '0168': '038',
  '0169': '039',
  '0120': '070',
  '0121': '079',
  '0122': '077',
  '0126': '076',
  '0128': '078',
  '0123': '083',
  '0124': '084',
  '0125': '085',
  '0127': '081',
  '0129': '082',
  '0186': '056',
  '0188': '058',
  '0199': '059',
};

export type PhoneKind = 'mobile' | 'landline';

/** A recognised phone number in national form with a leading 0. */
export interface ParsedPhone {
  kind: PhoneKind;
  /** National form: 10 digits for mobiles, 11 for landlines. */
  value: string;
}

/** Strip separators and the country code (+84, 0084, 84), returning national digits with 0. */
function toNational(raw: string): string | null {
  let s = raw.replace(/[\s.\-()\u00a0]/gu, '');
  if (s.startsWith('+')) {
    if (!s.startsWith('+84')) return null;
    s = `0${s.slice(3)}`;
  } else if (s.startsWith('0084')) {
    s = `0${s.slice(4)}`;
  } else if (s.startsWith('84') && (s.length === 11 || s.length === 12)) {
    s = `0${s.slice(2)}`;
  } else if (/^[35789]\d{8}$/u.test(s)) {
    s = `0${s}`; // a mobile typed without its leading 0
  }
  return /^0\d{8,10}$/u.test(s) ? s : null;
}

/**
 * Recognise a mobile or landline number in any common written form and return its national
 * form, converting old 11-digit mobile prefixes (0162… → 032…). Null when not a VN number.
 */
export function parsePhone(raw: string): ParsedPhone | null {
  const s = toNational(raw);
  if (s === null) return null;
  if (s.length === 10 && /^0[35789]/u.test(s)) return { kind: 'mobile', value: s };
  if (s.length === 11) {
    const renamed = OLD_MOBILE_PREFIXES[s.slice(0, 4)];
    if (renamed !== undefined) return { kind: 'mobile', value: renamed + s.slice(4) };
    if (s.startsWith('02')) return { kind: 'landline', value: s };
  }
  return null;
}

/**
 * Canonical mobile number `0xxxxxxxxx` (10 digits) from "+84 912 345 678", "0084-912.345.678",
 * "(091) 2345678", "01623456789" (old prefix) …; null for anything that is not a mobile.
 */
export function normalizePhone(raw: string): string | null {
  const p = parsePhone(raw);
  return p !== null && p.kind === 'mobile' ? p.value : null;
}

/** E.164 form ("+84912345678") of a mobile or landline number, or null when not recognised. */
export function formatPhoneE164(raw: string): string | null {
  const p = parsePhone(raw);
  return p === null ? null : `+84${p.value.slice(1)}`;
}

/**
 * Mask a phone number for display: first 3 and last 3 digits kept ("0912345678" → "091****678").
 * Input is normalised first when possible; short garbage is fully masked.
 */
export function maskPhone(raw: string): string {
  const p = parsePhone(raw);
  const digits = p === null ? raw.replace(/\D/gu, '') : p.value;
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 6)}${digits.slice(-3)}`;
}
