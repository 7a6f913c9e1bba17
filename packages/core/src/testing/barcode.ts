/**
 * Specimen and pool barcodes: a kind letter (`S` specimen, `P` pool), nine serial digits and a
 * Luhn check digit (11 characters, Code 128 / QR friendly). The check digit catches every
 * single-digit misread and most adjacent transpositions of a hand-typed code.
 */

/** What a barcode labels. */
export type BarcodeKind = 'specimen' | 'pool';

const PREFIX: Record<BarcodeKind, string> = { specimen: 'S', pool: 'P' };
const PATTERN = /^([SP])(\d{9})(\d)$/u;

/** The Luhn check digit of a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Build a barcode from a serial number (0 … 999 999 999). */
export function makeBarcode(kind: BarcodeKind, serial: number): string {
  if (!Number.isInteger(serial) || serial < 0 || serial > 999_999_999)
    throw new RangeError('serial out of range');
  const body = String(serial).padStart(9, '0');
  return `${PREFIX[kind]}${body}${luhnCheckDigit(body)}`;
}

/** Normalise a scanned or typed code: trimmed, upper-case, inner spaces and dashes removed. */
export function normalizeBarcode(raw: string): string {
  return raw.trim().toUpperCase().replace(/[\s-]/gu, '');
}

/** Why a barcode was refused. */
export type BarcodeProblem = 'format' | 'checkDigit' | 'kind';

/** Check a barcode's format, kind and check digit; null when valid. */
export function barcodeProblem(raw: string, kind: BarcodeKind): BarcodeProblem | null {
  const m = PATTERN.exec(normalizeBarcode(raw));
  if (!m) return 'format';
  if (luhnCheckDigit(m[2]!) !== Number(m[3])) return 'checkDigit';
  if (m[1] !== PREFIX[kind]) return 'kind';
  return null;
}

/** True when `raw` is a valid barcode of that kind. */
export function isValidBarcode(raw: string, kind: BarcodeKind): boolean {
  return barcodeProblem(raw, kind) === null;
}
