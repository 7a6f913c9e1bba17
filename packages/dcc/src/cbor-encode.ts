/**
 * A small CBOR encoder (RFC 8949 preferred serialisation for integers and lengths) for the types
 * the DCC uses: Map, arrays, strings, byte strings, integers, bigints, floats (as float64 unless
 * integral), booleans, null, undefined and tags. Much faster than a general-purpose encoder.
 */
import { Tag } from 'cbor2';

const utf8 = new TextEncoder();

class Writer {
  buf = new Uint8Array(512);
  len = 0;

  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  head(major: number, n: number | bigint): void {
    const m = major << 5;
    if (typeof n === 'bigint' || n > 0xffffffff) {
      this.ensure(9);
      this.buf[this.len++] = m | 27;
      new DataView(this.buf.buffer, this.len, 8).setBigUint64(0, BigInt(n));
      this.len += 8;
      return;
    }
    this.ensure(5);
    if (n < 24) this.buf[this.len++] = m | n;
    else if (n < 0x100) {
      this.buf[this.len++] = m | 24;
      this.buf[this.len++] = n;
    } else if (n < 0x10000) {
      this.buf[this.len++] = m | 25;
      this.buf[this.len++] = n >> 8;
      this.buf[this.len++] = n & 0xff;
    } else {
      this.buf[this.len++] = m | 26;
      this.buf[this.len++] = (n >>> 24) & 0xff;
      this.buf[this.len++] = (n >> 16) & 0xff;
      this.buf[this.len++] = (n >> 8) & 0xff;
      this.buf[this.len++] = n & 0xff;
    }
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  value(v: unknown): void {
    if (v === null) {
      this.simple(0xf6);
      return;
    }
    if (v === undefined) {
      this.simple(0xf7);
      return;
    }
    if (v === true) {
      this.simple(0xf5);
      return;
    }
    if (v === false) {
      this.simple(0xf4);
      return;
    }
    if (typeof v === 'string') {
      const b = utf8.encode(v);
      this.head(3, b.length);
      this.bytes(b);
      return;
    }
    if (typeof v === 'number') {
      if (Number.isSafeInteger(v)) {
        if (v >= 0) this.head(0, v);
        else this.head(1, -1 - v);
        return;
      }
      this.ensure(9);
      this.buf[this.len++] = 0xfb;
      new DataView(this.buf.buffer, this.len, 8).setFloat64(0, v);
      this.len += 8;
      return;
    }
    if (typeof v === 'bigint') {
      if (v >= 0n) this.head(0, v);
      else this.head(1, -1n - v);
      return;
    }
    if (v instanceof Uint8Array) {
      this.head(2, v.length);
      this.bytes(v);
      return;
    }
    if (Array.isArray(v)) {
      this.head(4, v.length);
      for (const item of v) this.value(item);
      return;
    }
    if (v instanceof Map) {
      this.head(5, v.size);
      for (const [k, item] of v) {
        this.value(k);
        this.value(item);
      }
      return;
    }
    if (v instanceof Tag) {
      this.head(6, typeof v.tag === 'bigint' ? v.tag : Number(v.tag));
      this.value(v.contents);
      return;
    }
    if (typeof v === 'object') {
      const entries = Object.entries(v);
      this.head(5, entries.length);
      for (const [k, item] of entries) {
        this.value(k);
        this.value(item);
      }
      return;
    }
    throw new TypeError(`cannot encode ${typeof v} as CBOR`);
  }

  simple(byte: number): void {
    this.ensure(1);
    this.buf[this.len++] = byte;
  }
}

/** Encode a value as CBOR. */
export function encodeFast(value: unknown): Uint8Array {
  const w = new Writer();
  w.value(value);
  return w.buf.slice(0, w.len);
}
