/**
 * Evidence photos of correction requests (#17 item 3): a photo of a paper card must not carry
 * where or when it was taken. The browser re-encodes it on a canvas (which drops metadata); the
 * server checks again with `sanitizeImage`: only JPEG or PNG, dimensions read from the file, and
 * every metadata segment removed — JPEG APP1..APP15 except APP14 (EXIF, GPS, XMP, IPTC, ICC) and
 * comments; PNG eXIf, text and time chunks. Pure byte walking, no decoding (runs anywhere).
 */

/** What a sanitised image is. */
export interface SanitizedImage {
  type: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  /** The image without its metadata. */
  bytes: Uint8Array;
  /** The segments or chunks taken out (`APP1`, `COM`, `eXIf`…). */
  removed: string[];
}

/** Why an upload is not an image we keep. */
export type ImageProblem = 'notImage' | 'corrupt';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_METADATA = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

function u16(b: Uint8Array, i: number): number {
  return (b[i]! << 8) | b[i + 1]!;
}

function u32(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** True for a start-of-frame marker (C0-CF but DHT C4, JPG C8 and DAC CC). */
function isSof(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

function sanitizeJpeg(b: Uint8Array): SanitizedImage | ImageProblem {
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  const removed: string[] = [];
  let width = 0;
  let height = 0;
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) return 'corrupt';
    const m = b[i + 1];
    if (m === undefined) return 'corrupt';
    if (m === 0xff) {
      i++; // fill byte
      continue;
    }
    if (m === 0xd9) {
      parts.push(b.subarray(i, i + 2));
      break;
    }
    if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) {
      parts.push(b.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > b.length) return 'corrupt';
    const len = u16(b, i + 2);
    const end = i + 2 + len;
    if (len < 2 || end > b.length) return 'corrupt';
    if (isSof(m)) {
      if (len < 7) return 'corrupt';
      height = u16(b, i + 5);
      width = u16(b, i + 7);
    }
    const app = m >= 0xe1 && m <= 0xef && m !== 0xee;
    if (app || m === 0xfe) {
      removed.push(m === 0xfe ? 'COM' : `APP${m - 0xe0}`);
    } else if (m === 0xda) {
      // Start of scan: the rest is entropy-coded data (markers inside are RST/stuffed), kept as is.
      parts.push(b.subarray(i));
      i = b.length;
      break;
    } else {
      parts.push(b.subarray(i, end));
    }
    i = end;
  }
  if (width === 0 || height === 0) return 'corrupt';
  return { type: 'image/jpeg', width, height, bytes: concat(parts), removed };
}

function sanitizePng(b: Uint8Array): SanitizedImage | ImageProblem {
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  const removed: string[] = [];
  let width = 0;
  let height = 0;
  let i = 8;
  let ended = false;
  while (i + 12 <= b.length) {
    const len = u32(b, i);
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    const end = i + 12 + len;
    if (end > b.length) return 'corrupt';
    if (type === 'IHDR') {
      width = u32(b, i + 8);
      height = u32(b, i + 12);
    }
    if (PNG_METADATA.has(type)) removed.push(type);
    else parts.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended || width === 0 || height === 0) return 'corrupt';
  return { type: 'image/png', width, height, bytes: concat(parts), removed };
}

/**
 * Check that `bytes` are a JPEG or PNG image and return it without metadata (or the problem).
 * Anything else — another format, a truncated file, a disguised script — is refused.
 */
export function sanitizeImage(bytes: Uint8Array): SanitizedImage | ImageProblem {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return sanitizeJpeg(bytes);
  }
  if (bytes.length > 8 && PNG_SIGNATURE.every((v, k) => bytes[k] === v)) return sanitizePng(bytes);
  return 'notImage';
}

/** True when the image still carries a metadata segment or chunk (EXIF, GPS, XMP, text…). */
export function hasImageMetadata(bytes: Uint8Array): boolean {
  const r = sanitizeImage(bytes);
  return typeof r !== 'string' && r.removed.length > 0;
}
