/**
 * CBOR Web Token claims of the EU DCC: `{1: iss, 4: exp, 6: iat, -260: {1: hcert}}`.
 */
import { CborStructureError, asInteger, asMap, decodeCbor, encodeCbor, fromJson, toJson } from './cbor.ts';
import type { JsonValue } from './cbor.ts';

const CLAIM_ISS = 1;
const CLAIM_EXP = 4;
const CLAIM_IAT = 6;
const CLAIM_HCERT = -260;
const HCERT_EU_DCC_V1 = 1;

/** The decoded claims of a DCC CWT. Times are Date objects (the CWT holds seconds). */
export interface DccCwt {
  /** Issuer country (ISO 3166-1 alpha-2), when present. */
  issuer: string | undefined;
  issuedAt: Date | undefined;
  expiresAt: Date | undefined;
  /** The health certificate payload as JSON (not yet schema-validated). */
  hcert: JsonValue;
}

/** Error raised when the CWT payload is not the expected structure. */
export class CwtError extends Error {
  override readonly name = 'CwtError';
}

function readTime(claims: Map<unknown, unknown>, key: number, what: string): Date | undefined {
  const raw = claims.get(key);
  if (raw === undefined) return undefined;
  if (typeof raw === 'number' && Number.isFinite(raw)) return new Date(Math.floor(raw) * 1000);
  return new Date(asInteger(raw, what) * 1000);
}

/**
 * Decodes the COSE payload into the DCC claims.
 * @throws {CwtError} when it is not a claims map holding `-260: {1: hcert}` with JSON-compatible content.
 */
export function decodeCwt(payload: Uint8Array): DccCwt {
  try {
    const claims = asMap(decodeCbor(payload), 'CWT claims');
    const iss = claims.get(CLAIM_ISS);
    if (iss !== undefined && typeof iss !== 'string') throw new CwtError('iss is not a text string');
    const hcertClaim = asMap(claims.get(CLAIM_HCERT), 'hcert claim (-260)');
    const hcertRaw = hcertClaim.get(HCERT_EU_DCC_V1);
    if (hcertRaw === undefined) throw new CwtError('hcert claim has no EU DCC v1 entry (1)');
    return {
      issuer: iss,
      issuedAt: readTime(claims, CLAIM_IAT, 'iat'),
      expiresAt: readTime(claims, CLAIM_EXP, 'exp'),
      hcert: toJson(asMap(hcertRaw, 'hcert')),
    };
  } catch (e) {
    if (e instanceof CborStructureError) throw new CwtError(e.message);
    throw e;
  }
}

/** Input of {@link encodeCwt}. */
export interface EncodeCwtInput {
  issuer: string;
  issuedAt: Date;
  expiresAt: Date;
  hcert: JsonValue;
}

/** Serialises the DCC claims to CBOR (the COSE payload). */
export function encodeCwt({ issuer, issuedAt, expiresAt, hcert }: EncodeCwtInput): Uint8Array {
  const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);
  return encodeCbor(
    new Map<number, unknown>([
      [CLAIM_ISS, issuer],
      [CLAIM_EXP, seconds(expiresAt)],
      [CLAIM_IAT, seconds(issuedAt)],
      [CLAIM_HCERT, new Map([[HCERT_EU_DCC_V1, fromJson(hcert)]])],
    ]),
  );
}

/** Result of {@link checkExpiry}. */
export type ExpiryResult = { ok: true } | { ok: false; reason: 'expired' | 'notYetValid' | 'missingExpiry' };

/**
 * Checks the validity window of the CWT at a given time: `iat <= at <= exp` (a certificate is
 * still valid at exactly its `exp` second, as the official test files expect).
 * A missing `exp` fails (the DCC requires it); a missing `iat` is tolerated.
 */
export function checkExpiry(cwt: Pick<DccCwt, 'issuedAt' | 'expiresAt'>, at: Date): ExpiryResult {
  if (cwt.expiresAt === undefined) return { ok: false, reason: 'missingExpiry' };
  // CWT times are whole seconds: compare the second `at` falls in.
  const second = Math.floor(at.getTime() / 1000) * 1000;
  if (cwt.issuedAt !== undefined && second < cwt.issuedAt.getTime())
    return { ok: false, reason: 'notYetValid' };
  if (second > cwt.expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true };
}
