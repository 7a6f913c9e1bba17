/**
 * The transport layers around the signed COSE message: the "HC1:" context prefix and zlib.
 */
import { unzlibSync, zlibSync } from 'fflate';

/** The context identifier of an EU DCC in a QR code (version 1 of the health certificate). */
export const HC1_PREFIX = 'HC1:';

/** Error raised when the prefix or the compression layer is broken. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
}

/**
 * Removes the "HC1:" context prefix.
 * @throws {TransportError} when the text does not start with exactly "HC1:" (e.g. "HC2:", "HL0:", none).
 */
export function unprefix(qrText: string): string {
  if (!qrText.startsWith(HC1_PREFIX)) {
    throw new TransportError('missing or unsupported context prefix (expected "HC1:")');
  }
  return qrText.slice(HC1_PREFIX.length);
}

/** Adds the "HC1:" context prefix to Base45 text. */
export function prefix(base45: string): string {
  return HC1_PREFIX + base45;
}

/** Compresses with zlib (RFC 1950: header, deflate, Adler-32), level 9 as the QR space is scarce. */
export function compress(bytes: Uint8Array): Uint8Array {
  return zlibSync(bytes, { level: 9 });
}

/**
 * Decompresses a zlib stream.
 * @throws {TransportError} when the data is not a valid zlib stream (wrong header, broken data,
 *   bad checksum). Uncompressed COSE is rejected: the specification requires compression.
 */
export function decompress(
  bytes: Uint8Array,
  inflate: (zlib: Uint8Array) => Uint8Array = unzlibSync,
): Uint8Array {
  const cmf = bytes[0];
  const flg = bytes[1];
  if (cmf === undefined || flg === undefined || (cmf & 0x0f) !== 8 || (cmf * 256 + flg) % 31 !== 0) {
    throw new TransportError('not a zlib stream');
  }
  let out: Uint8Array;
  try {
    out = inflate(bytes);
  } catch (e) {
    throw new TransportError(`zlib data is broken: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (bytes.length < 6 || adler32(out) !== readUint32(bytes, bytes.length - 4)) {
    throw new TransportError('zlib checksum mismatch');
  }
  return out;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] ?? 0) << 24) |
      ((bytes[at + 1] ?? 0) << 16) |
      ((bytes[at + 2] ?? 0) << 8) |
      (bytes[at + 3] ?? 0)) >>>
    0
  );
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i += 3800) {
    const end = Math.min(i + 3800, bytes.length);
    for (let j = i; j < end; j++) {
      a += bytes[j] ?? 0;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
