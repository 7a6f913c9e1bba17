/**
 * COSE_Sign1 (RFC 9052) as used by the EU DCC: decode, build the signed structure, sign, verify.
 */
import { CborStructureError, Tag, asBytes, asInteger, asMap, decodeCbor, encodeCbor } from './cbor.ts';
import { bufferSource } from './bytes.ts';

/** COSE algorithm identifiers supported by the DCC. */
export const COSE_ALG = { ES256: -7, PS256: -37 } as const;
/** A supported COSE algorithm name. */
export type CoseAlgorithm = keyof typeof COSE_ALG;

const HEADER_ALG = 1;
const HEADER_KID = 4;
const TAG_COSE_SIGN1 = 18;
const TAG_CWT = 61;

/** A decoded COSE_Sign1 message. */
export interface CoseSign1 {
  /** The protected header as it was signed (a serialised map, possibly empty). */
  protectedBytes: Uint8Array;
  /** The decoded protected header. */
  protectedHeader: Map<unknown, unknown>;
  /** The unprotected header. */
  unprotectedHeader: Map<unknown, unknown>;
  /** The payload: the serialised CWT claims. */
  payload: Uint8Array;
  /** The signature (ES256: raw r‖s, 64 bytes). */
  signature: Uint8Array;
  /** The key identifier: the protected one, else the unprotected one when no protected kid exists. */
  kid: Uint8Array | undefined;
  /** Where the kid was found. */
  kidSource: 'protected' | 'unprotected' | undefined;
  /** The algorithm name, or undefined when the alg header is absent or unsupported. */
  alg: CoseAlgorithm | undefined;
  /** The numeric alg header value as found (protected first). */
  algId: number | undefined;
}

/** Error raised when bytes are not a COSE_Sign1 message. */
export class CoseError extends Error {
  override readonly name = 'CoseError';
}

/**
 * Decodes a COSE_Sign1 message: tag 18, untagged, or CWT tag 61 wrapping tag 18.
 * @throws {CoseError} when the structure is not a COSE_Sign1 message.
 */
export function decodeCose(bytes: Uint8Array): CoseSign1 {
  try {
    return decodeCoseUnchecked(bytes);
  } catch (e) {
    if (e instanceof CborStructureError) throw new CoseError(e.message);
    throw e;
  }
}

function decodeCoseUnchecked(bytes: Uint8Array): CoseSign1 {
  let item = decodeCbor(bytes);
  if (item instanceof Tag && item.tag === TAG_CWT) item = item.contents;
  if (item instanceof Tag && item.tag === TAG_COSE_SIGN1) item = item.contents;
  if (item instanceof Tag) throw new CoseError(`unexpected CBOR tag ${String(item.tag)}`);
  if (!Array.isArray(item) || item.length !== 4) throw new CoseError('not a COSE_Sign1 array of 4 items');
  const [protectedRaw, unprotectedRaw, payloadRaw, signatureRaw] = item as unknown[];
  const protectedBytes = asBytes(protectedRaw, 'protected header');
  const protectedHeader =
    protectedBytes.length === 0
      ? new Map<unknown, unknown>()
      : asMap(decodeCbor(protectedBytes), 'protected header');
  const unprotectedHeader = asMap(unprotectedRaw, 'unprotected header');
  const payload = asBytes(payloadRaw, 'payload');
  const signature = asBytes(signatureRaw, 'signature');

  const protectedKid = protectedHeader.get(HEADER_KID);
  const unprotectedKid = unprotectedHeader.get(HEADER_KID);
  let kid: Uint8Array | undefined;
  let kidSource: CoseSign1['kidSource'];
  if (protectedKid !== undefined) {
    kid = asBytes(protectedKid, 'protected kid');
    kidSource = 'protected';
  } else if (unprotectedKid !== undefined) {
    kid = asBytes(unprotectedKid, 'unprotected kid');
    kidSource = 'unprotected';
  }
  const algRaw = protectedHeader.get(HEADER_ALG) ?? unprotectedHeader.get(HEADER_ALG);
  const algId = algRaw === undefined ? undefined : asInteger(algRaw, 'alg');
  const alg = (Object.keys(COSE_ALG) as CoseAlgorithm[]).find((name) => COSE_ALG[name] === algId);
  return {
    protectedBytes,
    protectedHeader,
    unprotectedHeader,
    payload,
    signature,
    kid,
    kidSource,
    alg,
    algId,
  };
}

/** The bytes that are signed: `["Signature1", protected, h'', payload]` (RFC 9052 §4.4). */
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  // ["Signature1", protected, h'', payload], encoded by hand (hot path of every verification).
  const head = (n: number): number[] =>
    n < 24
      ? [0x40 | n]
      : n < 256
        ? [0x58, n]
        : n < 65536
          ? [0x59, n >> 8, n & 0xff]
          : [0x5a, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const prefix = [0x84, 0x6a, ...new TextEncoder().encode('Signature1')];
  const ph = head(protectedBytes.length);
  const pl = head(payload.length);
  const out = new Uint8Array(
    prefix.length + ph.length + protectedBytes.length + 1 + pl.length + payload.length,
  );
  let o = 0;
  for (const part of [prefix, ph, protectedBytes, [0x40], pl, payload]) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

function webCryptoParams(alg: CoseAlgorithm): EcdsaParams | RsaPssParams {
  return alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSA-PSS', saltLength: 32 };
}

/**
 * Verifies the signature of a decoded COSE_Sign1 message with the signer's public key.
 * Returns false for an unsupported algorithm, a key that does not fit the algorithm, or a bad signature.
 */
export async function verifySignature(cose: CoseSign1, publicKey: CryptoKey): Promise<boolean> {
  if (cose.alg === undefined) return false;
  const expectedKey = cose.alg === 'ES256' ? 'ECDSA' : 'RSA-PSS';
  if (publicKey.algorithm.name !== expectedKey) return false;
  try {
    return await globalThis.crypto.subtle.verify(
      webCryptoParams(cose.alg),
      publicKey,
      bufferSource(cose.signature),
      bufferSource(sigStructure(cose.protectedBytes, cose.payload)),
    );
  } catch {
    return false;
  }
}

/** Input of {@link signCose}. */
export interface SignCoseInput {
  payload: Uint8Array;
  kid: Uint8Array;
  alg: CoseAlgorithm;
  privateKey: CryptoKey;
}

/** Builds and signs a COSE_Sign1 message (tag 18) with alg and kid in the protected header. */
export async function signCose({ payload, kid, alg, privateKey }: SignCoseInput): Promise<Uint8Array> {
  const protectedBytes = encodeCbor(
    new Map<number, unknown>([
      [HEADER_ALG, COSE_ALG[alg]],
      [HEADER_KID, kid],
    ]),
  );
  const signature = new Uint8Array(
    await globalThis.crypto.subtle.sign(
      webCryptoParams(alg),
      privateKey,
      bufferSource(sigStructure(protectedBytes, payload)),
    ),
  );
  return encodeCbor(new Tag(TAG_COSE_SIGN1, [protectedBytes, new Map(), payload, signature]));
}
