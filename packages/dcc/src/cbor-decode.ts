/**
 * A small, strict CBOR decoder (RFC 8949) for the verifier's hot path: maps become `Map`, tags
 * stay `Tag`, integers beyond 2^53 become bigint, duplicate map keys and trailing bytes are
 * errors, nesting is bounded. Several times faster than a general-purpose decoder on DCC payloads.
 */
import { Tag } from 'cbor2';

const MAX_DEPTH = 64;
const utf8 = new TextDecoder('utf-8', { fatal: true });

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new Error('unexpected end of CBOR data');
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  /** The argument of an initial byte (additional info `info`); -1 for indefinite length. */
  argument(info: number): number | bigint {
    if (info < 24) return info;
    const b = this.bytes;
    switch (info) {
      case 24:
        return this.byte();
      case 25: {
        this.need(2);
        const v = (b[this.pos]! << 8) | b[this.pos + 1]!;
        this.pos += 2;
        return v;
      }
      case 26: {
        this.need(4);
        const v =
          ((b[this.pos]! << 24) >>> 0) +
          ((b[this.pos + 1]! << 16) | (b[this.pos + 2]! << 8) | b[this.pos + 3]!);
        this.pos += 4;
        return v;
      }
      case 27: {
        this.need(8);
        const view = new DataView(b.buffer, b.byteOffset + this.pos, 8);
        const v = view.getBigUint64(0);
        this.pos += 8;
        return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
      case 31:
        return -1;
      default:
        throw new Error(`invalid CBOR additional information ${info}`);
    }
  }

  length(info: number): number {
    const n = this.argument(info);
    if (typeof n === 'bigint') throw new Error('CBOR length too large');
    return n;
  }

  chunk(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  item(depth: number): unknown {
    if (depth > MAX_DEPTH) throw new Error('CBOR nesting too deep');
    const initial = this.byte();
    const major = initial >> 5;
    const info = initial & 31;
    switch (major) {
      case 0: {
        if (info === 31) throw new Error('indefinite integer');
        return this.argument(info);
      }
      case 1: {
        if (info === 31) throw new Error('indefinite integer');
        const n = this.argument(info);
        return typeof n === 'bigint' ? -1n - n : n === Number.MAX_SAFE_INTEGER ? -1n - BigInt(n) : -1 - n;
      }
      case 2:
      case 3: {
        const n = this.length(info);
        let bytes: Uint8Array;
        if (n >= 0) bytes = this.chunk(n).slice();
        else {
          const parts: Uint8Array[] = [];
          for (;;) {
            const next = this.byte();
            if (next === 0xff) break;
            if (next >> 5 !== major || (next & 31) === 31) throw new Error('bad indefinite string chunk');
            parts.push(this.chunk(this.length(next & 31)));
          }
          bytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
          let o = 0;
          for (const p of parts) {
            bytes.set(p, o);
            o += p.length;
          }
        }
        return major === 2 ? bytes : utf8.decode(bytes);
      }
      case 4: {
        const n = this.length(info);
        const out: unknown[] = [];
        if (n >= 0) for (let i = 0; i < n; i++) out.push(this.item(depth + 1));
        else
          while (this.bytes[this.pos] !== 0xff) {
            this.need(1);
            out.push(this.item(depth + 1));
          }
        if (n < 0) this.pos++;
        return out;
      }
      case 5: {
        const n = this.length(info);
        const out = new Map<unknown, unknown>();
        const seen = new Set<string>();
        const put = () => {
          const k = this.item(depth + 1);
          const v = this.item(depth + 1);
          const id =
            typeof k === 'string'
              ? `s${k}`
              : typeof k === 'number' || typeof k === 'bigint'
                ? `n${k}`
                : undefined;
          if (id !== undefined) {
            if (seen.has(id)) throw new Error('duplicate CBOR map key');
            seen.add(id);
          }
          out.set(k, v);
        };
        if (n >= 0) for (let i = 0; i < n; i++) put();
        else {
          while (this.bytes[this.pos] !== 0xff) {
            this.need(1);
            put();
          }
          this.pos++;
        }
        return out;
      }
      case 6: {
        const tag = this.argument(info);
        if (typeof tag === 'number' && tag < 0) throw new Error('indefinite tag');
        return new Tag(typeof tag === 'bigint' ? Number(tag) : tag, this.item(depth + 1));
      }
      default:
        return this.simple(info);
    }
  }

  simple(info: number): unknown {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 25: {
        this.need(2);
        const h = (this.bytes[this.pos]! << 8) | this.bytes[this.pos + 1]!;
        this.pos += 2;
        return halfToNumber(h);
      }
      case 26: {
        this.need(4);
        const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4).getFloat32(0);
        this.pos += 4;
        return v;
      }
      case 27: {
        this.need(8);
        const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getFloat64(0);
        this.pos += 8;
        return v;
      }
      case 31:
        throw new Error('unexpected CBOR break');
      default:
        if (info === 24) {
          this.byte();
          return undefined;
        }
        if (info < 20) return undefined;
        throw new Error(`unsupported CBOR simple value ${info}`);
    }
  }
}

function halfToNumber(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * 2 ** -14 * (mant / 1024);
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + mant / 1024);
}

/** Decode exactly one CBOR item; throws on malformed data or trailing bytes. */
export function decodeStrict(bytes: Uint8Array): unknown {
  const reader = new Reader(bytes);
  const value = reader.item(0);
  if (reader.pos !== bytes.length) throw new Error('trailing bytes after the CBOR item');
  return value;
}
