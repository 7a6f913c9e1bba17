import { describe, expect, it } from 'vitest';
import { Base45Error, base45Decode, base45Encode } from './base45.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('Base45 (RFC 9285 examples)', () => {
  it.each([
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
  ])('encodes %j as %j and back', (plain, encoded) => {
    expect(base45Encode(text(plain))).toBe(encoded);
    expect(new TextDecoder().decode(base45Decode(encoded))).toBe(plain);
  });

  it('round-trips every byte value', () => {
    const all = Uint8Array.from({ length: 257 }, (_, i) => i % 256);
    expect(base45Decode(base45Encode(all))).toEqual(all);
  });

  it.each(['GGW', 'ZZZ', 'a', 'AB#', 'A'])('rejects %j', (bad) => {
    expect(() => base45Decode(bad)).toThrow(Base45Error);
  });
});
