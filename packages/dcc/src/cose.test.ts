import { describe, expect, it } from 'vitest';
import { Tag, encodeCbor } from './cbor.ts';
import { CoseError, decodeCose, signCose, verifySignature } from './cose.ts';

const kidA = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
const kidB = Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9);

function message(protectedMap: Map<number, unknown>, unprotected: Map<number, unknown>): unknown[] {
  return [encodeCbor(protectedMap), unprotected, Uint8Array.of(0xa0), new Uint8Array(64)];
}

describe('decodeCose', () => {
  const body = message(
    new Map<number, unknown>([
      [1, -7],
      [4, kidA],
    ]),
    new Map(),
  );
  it.each([
    ['tag 18', new Tag(18, body)],
    ['untagged', body],
    ['CWT tag 61 around tag 18', new Tag(61, new Tag(18, body))],
  ])('accepts %s', (_name, item) => {
    const cose = decodeCose(encodeCbor(item));
    expect(cose.alg).toBe('ES256');
    expect(cose.kid).toEqual(kidA);
  });

  it('takes the protected kid even when the unprotected one differs', () => {
    const cose = decodeCose(encodeCbor(message(new Map<number, unknown>([[4, kidA]]), new Map([[4, kidB]]))));
    expect(cose).toMatchObject({ kid: kidA, kidSource: 'protected' });
  });
  it('falls back to the unprotected kid only when no protected kid exists', () => {
    const cose = decodeCose(encodeCbor(message(new Map<number, unknown>([[1, -37]]), new Map([[4, kidB]]))));
    expect(cose).toMatchObject({ kid: kidB, kidSource: 'unprotected', alg: 'PS256' });
  });
  it.each([
    ['another tag', encodeCbor(new Tag(98, body))],
    ['a short array', encodeCbor([1, 2])],
    ['not CBOR', Uint8Array.of(0xff, 0x00)],
  ])('rejects %s', (_name, bytes) => {
    expect(() => decodeCose(bytes)).toThrow(CoseError);
  });
});

describe('sign and verify', () => {
  it('verifies ES256 and PS256 and rejects a changed payload', async () => {
    const ec = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const rsa = await crypto.subtle.generateKey(
      { name: 'RSA-PSS', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    for (const [alg, keys] of [
      ['ES256', ec],
      ['PS256', rsa],
    ] as const) {
      const bytes = await signCose({
        payload: Uint8Array.of(1, 2, 3),
        kid: kidA,
        alg,
        privateKey: keys.privateKey,
      });
      const cose = decodeCose(bytes);
      expect(await verifySignature(cose, keys.publicKey)).toBe(true);
      expect(await verifySignature({ ...cose, payload: Uint8Array.of(1, 2, 4) }, keys.publicKey)).toBe(false);
    }
    const es = decodeCose(
      await signCose({ payload: Uint8Array.of(1), kid: kidA, alg: 'ES256', privateKey: ec.privateKey }),
    );
    expect(await verifySignature(es, rsa.publicKey)).toBe(false);
  });
});
