/**
 * Text encodings of CSV files. Commune files come as UTF-8 (with or without BOM), UTF-16
 * ("Unicode text" saved by Excel), Windows-1258 (Vietnamese Windows code page: base letters plus
 * combining tone bytes) or the pre-Unicode Vietnamese fonts TCVN3 (ABC) and VNI. UTF-8, UTF-16
 * and Windows-1258 are converted (then composed to NFC); TCVN3 and VNI are recognised and refused
 * with a reason that tells the officer how to re-save the file — a wrong guess would store
 * garbled names, which is worse than a refusal.
 */

/** What decoding a file gave. */
export type DecodeResult =
  | { ok: true; text: string; encoding: 'utf-8' | 'utf-16le' | 'windows-1258' }
  | { ok: false; reason: 'legacyTcvn3' | 'legacyVni' | 'unknownEncoding' };

/** Windows-1258 bytes of letters (â ê ô ă ơ ư đ and capitals). */
const CP1258_LETTERS = new Set([
  0xe2, 0xea, 0xf4, 0xe3, 0xf5, 0xfd, 0xf0, 0xc2, 0xca, 0xd4, 0xc3, 0xd5, 0xdd, 0xd0,
]);
/** Windows-1258 combining tone bytes: grave, acute, tilde, hook above, dot below. */
const CP1258_TONES = new Set([0xcc, 0xec, 0xde, 0xd2, 0xf2]);
const ASCII_VOWELS = new Set(Array.from('aeiouyAEIOUY', (c) => c.charCodeAt(0)));

/**
 * Guess the legacy encoding of bytes that are not UTF-8, by which bytes occur where: Windows-1258
 * writes tones as separate bytes after a vowel; TCVN3 uses the 0xA8–0xAE block for ă â ê ô ơ ư đ;
 * VNI writes marks as Latin-1 letters right after the ASCII vowel and đ as ñ.
 */
export function guessLegacyEncoding(bytes: Uint8Array): 'windows-1258' | 'tcvn3' | 'vni' | 'unknown' {
  let high = 0;
  let cp1258 = 0;
  let tcvn = 0;
  let vni = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    high++;
    const prev = i > 0 ? bytes[i - 1]! : 0;
    if (
      CP1258_LETTERS.has(b) ||
      (CP1258_TONES.has(b) && (ASCII_VOWELS.has(prev) || CP1258_LETTERS.has(prev)))
    )
      cp1258++;
    if (b >= 0xa8 && b <= 0xae) tcvn++;
    if (b === 0xf1 || b === 0xd1 || (ASCII_VOWELS.has(prev) && !CP1258_TONES.has(b))) vni++;
  }
  if (high === 0) return 'unknown';
  if (cp1258 / high >= 0.8) return 'windows-1258';
  if (tcvn / high >= 0.15) return 'tcvn3';
  if (vni / high >= 0.3) return 'vni';
  return 'unknown';
}

/** Decode a CSV file's bytes (see the module comment). */
export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return {
      ok: true,
      text: new TextDecoder('utf-16le').decode(bytes.subarray(2)).normalize('NFC'),
      encoding: 'utf-16le',
    };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return {
      ok: true,
      text: new TextDecoder('utf-8', { fatal: true }).decode(body).normalize('NFC'),
      encoding: 'utf-8',
    };
  } catch {
    // not UTF-8: one of the legacy encodings
  }
  const guess = guessLegacyEncoding(body);
  if (guess === 'windows-1258')
    return {
      ok: true,
      text: new TextDecoder('windows-1258').decode(body).normalize('NFC'),
      encoding: 'windows-1258',
    };
  if (guess === 'tcvn3') return { ok: false, reason: 'legacyTcvn3' };
  if (guess === 'vni') return { ok: false, reason: 'legacyVni' };
  return { ok: false, reason: 'unknownEncoding' };
}
