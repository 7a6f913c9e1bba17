import { describe, expect, it } from 'vitest';
import { TransportError, compress, decompress, prefix, unprefix } from './transport.ts';

describe('prefix', () => {
  it('removes exactly "HC1:"', () => {
    expect(unprefix('HC1:ABC')).toBe('ABC');
    expect(prefix('ABC')).toBe('HC1:ABC');
  });
  it.each(['HC2:ABC', 'HL0:ABC', 'ABC', 'hc1:ABC', ''])('rejects %j', (bad) => {
    expect(() => unprefix(bad)).toThrow(TransportError);
  });
});

describe('zlib', () => {
  const data = new TextEncoder().encode('a certificate, a certificate, a certificate');

  it('round-trips', () => {
    expect(decompress(compress(data))).toEqual(data);
  });
  it('rejects data that is not compressed', () => {
    expect(() => decompress(data)).toThrow(TransportError);
  });
  it('rejects a corrupted stream', () => {
    const z = compress(data);
    z[z.length - 1] = (z[z.length - 1] ?? 0) ^ 0xff;
    expect(() => decompress(z)).toThrow(TransportError);
  });
});
