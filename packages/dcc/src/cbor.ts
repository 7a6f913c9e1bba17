/**
 * Small CBOR helpers over `cbor2`: decoding with every map as a `Map` and every tag kept as a
 * `Tag`, so that untrusted input is typed `unknown` and narrowed explicitly.
 */
import { Tag } from 'cbor2';
import { encodeFast } from './cbor-encode.ts';
import { decodeStrict } from './cbor-decode.ts';

export { Tag };

/** Error raised when bytes are not the expected CBOR structure. */
export class CborStructureError extends Error {
  override readonly name = 'CborStructureError';
}

/** Decodes one CBOR item strictly (no trailing bytes); maps become `Map`, tags stay `Tag`. */
export function decodeCbor(bytes: Uint8Array): unknown {
  try {
    return decodeStrict(bytes);
  } catch (e) {
    throw new CborStructureError(`invalid CBOR: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Encodes a value as CBOR (preferred serialisation; `Map` keeps integer keys). */
export function encodeCbor(value: unknown): Uint8Array {
  return encodeFast(value);
}

/** Narrows to a CBOR map. */
export function asMap(value: unknown, what: string): Map<unknown, unknown> {
  if (value instanceof Map) return value;
  throw new CborStructureError(`${what} is not a CBOR map`);
}

/** Narrows to a byte string. */
export function asBytes(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new CborStructureError(`${what} is not a byte string`);
}

/** Reads an integer (number or bigint in the safe range). */
export function asInteger(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (
    typeof value === 'bigint' &&
    value <= BigInt(Number.MAX_SAFE_INTEGER) &&
    value >= -BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    return Number(value);
  }
  throw new CborStructureError(`${what} is not an integer`);
}

/** A JSON value, as found in the health certificate payload. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Converts decoded CBOR to a JSON value: string-keyed maps to objects, date tags (0, 1004)
 * to their string content, integers kept, floats kept.
 * @throws {CborStructureError} on byte strings, non-string map keys or other tags.
 */
export function toJson(value: unknown, path = '$'): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return asInteger(value, path);
  if (Array.isArray(value)) return value.map((item: unknown, i) => toJson(item, `${path}[${i}]`));
  if (value instanceof Map) {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of value) {
      if (typeof k !== 'string') throw new CborStructureError(`${path} has a non-string key`);
      out[k] = toJson(v, `${path}.${k}`);
    }
    return out;
  }
  if (value instanceof Tag && (value.tag === 0 || value.tag === 1004) && typeof value.contents === 'string') {
    return value.contents;
  }
  if (value instanceof Tag && value.tag === 1 && typeof value.contents === 'number') {
    return new Date(value.contents * 1000).toISOString().replace('.000Z', 'Z');
  }
  throw new CborStructureError(`${path} is not representable as JSON`);
}

/** Converts a JSON value to a CBOR-ready value (objects become string-keyed maps). */
export function fromJson(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).map(([k, v]) => [k, fromJson(v)]));
  }
  return value;
}
