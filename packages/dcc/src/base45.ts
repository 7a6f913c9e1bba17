/**
 * Base45 (RFC 9285), the alphanumeric-QR-friendly encoding used by HC1 codes.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
/** ASCII code → Base45 value, -1 outside the alphabet. */
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Error raised when a text is not valid Base45. */
export class Base45Error extends Error {
  override readonly name = 'Base45Error';
}

/** Encodes bytes as Base45 text (RFC 9285 §4). */
export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = (bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0);
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    const e = (n - d) / 45;
    out += ALPHABET.charAt(c) + ALPHABET.charAt(d) + ALPHABET.charAt(e);
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1] ?? 0;
    out += ALPHABET.charAt(n % 45) + ALPHABET.charAt(Math.floor(n / 45));
  }
  return out;
}

/**
 * Decodes Base45 text to bytes.
 * @throws {Base45Error} on a character outside the alphabet, a dangling single character,
 *   or a group whose value does not fit in its bytes.
 */
export function base45Decode(text: string): Uint8Array {
  if (text.length % 3 === 1) throw new Base45Error('invalid Base45 length');
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  // Hot path of every verification: char codes through a lookup table, no substrings.
  const value = (i: number): number => {
    const code = text.charCodeAt(i);
    const v = code < 128 ? (DECODE[code] ?? -1) : -1;
    if (v < 0) throw new Base45Error(`invalid Base45 character ${JSON.stringify(text.charAt(i))}`);
    return v;
  };
  let o = 0;
  let i = 0;
  for (; i + 3 <= text.length; i += 3) {
    const n = value(i) + value(i + 1) * 45 + value(i + 2) * 2025;
    if (n > 0xffff) throw new Base45Error('Base45 group out of range');
    out[o++] = n >> 8;
    out[o++] = n & 0xff;
  }
  if (i < text.length) {
    const n = value(i) + value(i + 1) * 45;
    if (n > 0xff) throw new Base45Error('Base45 group out of range');
    out[o++] = n;
  }
  return out;
}
