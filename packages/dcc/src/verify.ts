/**
 * Verifying an HC1 code, one step at a time, reporting the first step that fails.
 */
import { base45Decode } from './base45.ts';
import { bufferSource, toBase64 } from './bytes.ts';
import {
  checkKeyUsage,
  checkSignerValidity,
  importSignerPublicKey,
  parseSignerCertificate,
} from './certificate.ts';
import type { SignerCertificate } from './certificate.ts';
import type { CoseSign1 } from './cose.ts';
import { decodeCose, sigStructure, verifySignature } from './cose.ts';
import type { DccCwt } from './cwt.ts';
import { checkExpiry, decodeCwt } from './cwt.ts';
import type { HealthCertificate } from './hcert.ts';
import { certificateTypeOf } from './hcert.ts';
import type { CertificateView } from './present.ts';
import { presentCertificate } from './present.ts';
import { checkContent } from './rules.ts';
import { validateSchema } from './schema.ts';
import type { SchemaError } from './schema.ts';
import { decompress, unprefix } from './transport.ts';
import { findByKid } from './trust-list.ts';
import type { TrustList, TrustListEntry } from './trust-list.ts';

/** The verification steps, in order; a failure names the first one that failed. */
export type VerifyStep =
  | 'prefix'
  | 'base45'
  | 'decompress'
  | 'cose'
  | 'kid'
  | 'signature'
  | 'cbor'
  | 'schema'
  | 'sampleTime'
  | 'testResult'
  | 'recoveryPeriod'
  | 'expired'
  | 'notYetValid'
  | 'signerValidity'
  | 'keyUsage'
  | 'revoked';

/** What a revocation check receives (hashes as in the EU DCC revocation lists: base64, first 16 bytes of SHA-256). */
export interface RevocationInfo {
  /** The UVCI (`ci`) of the certificate. */
  uvci: string;
  /** Issuing country (CWT `iss`). */
  issuer: string | undefined;
  /** kid of the signer, base64. */
  kid: string;
  /** SHA-256(UVCI), first 16 bytes, base64. */
  uciHash: string;
  /** SHA-256(issuer country ‖ UVCI), first 16 bytes, base64. */
  countryCodeUciHash: string;
  /** SHA-256 of the signature (ES256: of r only), first 16 bytes, base64. */
  signatureHash: string;
  hcert: HealthCertificate;
}

/** Options of {@link verifyHc1}. */
export interface VerifyOptions {
  trustList: TrustList;
  /** The time to verify at. */
  now: Date;
  /** Optional revocation check; true means revoked. */
  isRevoked?: (info: RevocationInfo) => boolean | Promise<boolean>;
  /** Optional faster primitives of the platform (e.g. node:zlib, node:crypto on a server). */
  platform?: VerifyPlatform;
}

/**
 * Platform primitives a verifier may supply instead of the pure defaults (fflate, WebCrypto).
 * They must give the same answers; `verify` may return undefined to fall back to WebCrypto.
 */
export interface VerifyPlatform {
  /** Inflate a whole zlib stream (header and checksum included). */
  inflate?: (zlib: Uint8Array) => Uint8Array;
  /** Verify `signature` over `data` with the entry's key (ES256: raw r‖s). */
  verify?: (
    entry: TrustListEntry,
    alg: 'ES256' | 'PS256',
    signature: Uint8Array,
    data: Uint8Array,
  ) => boolean | undefined;
  /** SHA-256 of bytes. */
  sha256?: (bytes: Uint8Array) => Uint8Array;
}

/** The outcome of {@link verifyHc1}. What was decoded before a failure is still reported. */
export interface VerifyResult {
  valid: boolean;
  failedStep?: VerifyStep;
  /** Message key for the UI, e.g. "dcc.valid", "dcc.invalid.signature". */
  reasonKey: string;
  /** Technical detail of the failure (not for end users). */
  detail?: string;
  certificate?: CertificateView;
  /** Issuing country (CWT `iss`). */
  issuer?: string;
  issuedAt?: Date;
  expiresAt?: Date;
  /** kid, base64. */
  kid?: string;
  /** The trust list entry whose key verified the signature. */
  signer?: TrustListEntry;
  schemaErrors?: SchemaError[];
}

function fail(
  step: VerifyStep,
  partial: Omit<VerifyResult, 'valid' | 'reasonKey' | 'failedStep'>,
): VerifyResult {
  return { ...partial, valid: false, failedStep: step, reasonKey: `dcc.invalid.${step}` };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const parsedCache = new WeakMap<TrustListEntry, SignerCertificate>();
const keyCache = new WeakMap<TrustListEntry, Map<string, Promise<CryptoKey | undefined>>>();

/** The parsed certificate of a trust list entry, parsed once per entry object. */
function parsedOf(entry: TrustListEntry): SignerCertificate {
  let parsed = parsedCache.get(entry);
  if (!parsed) {
    parsed = parseSignerCertificate(entry.certificateDer);
    parsedCache.set(entry, parsed);
  }
  return parsed;
}

/** The entry's public key for an algorithm, imported once per entry object (a verifier's hot path). */
function keyOf(entry: TrustListEntry, alg: 'ES256' | 'PS256'): Promise<CryptoKey | undefined> {
  let byAlg = keyCache.get(entry);
  if (!byAlg) {
    byAlg = new Map();
    keyCache.set(entry, byAlg);
  }
  let key = byAlg.get(alg);
  if (!key) {
    key = importSignerPublicKey(parsedOf(entry), alg);
    byAlg.set(alg, key);
  }
  return key;
}

/**
 * Finds the trusted signer whose key verifies the message. The kid is the protected one; an
 * unprotected kid counts only when the protected header has none.
 */
export async function findVerifyingSigner(
  cose: CoseSign1,
  trustList: TrustList,
  platform: VerifyPlatform = {},
): Promise<{ step: 'kid' | 'signature'; detail: string } | { signer: TrustListEntry }> {
  if (!cose.kid) return { step: 'kid', detail: 'no kid in the COSE headers' };
  const candidates = findByKid(trustList, cose.kid);
  if (candidates.length === 0)
    return { step: 'kid', detail: `kid ${toBase64(cose.kid)} is not in the trust list` };
  if (!cose.alg) return { step: 'signature', detail: `unsupported algorithm ${String(cose.algId)}` };
  const data = platform.verify ? sigStructure(cose.protectedBytes, cose.payload) : undefined;
  for (const signer of candidates) {
    try {
      const fast = data ? platform.verify!(signer, cose.alg, cose.signature, data) : undefined;
      if (fast === true) return { signer };
      if (fast === false) continue;
      const key = await keyOf(signer, cose.alg);
      if (key && (await verifySignature(cose, key))) return { signer };
    } catch {
      // An unreadable trust list entry cannot verify; try the next one.
    }
  }
  return { step: 'signature', detail: 'signature does not verify with any trusted key for this kid' };
}

async function hash16(bytes: Uint8Array, platform: VerifyPlatform = {}): Promise<string> {
  if (platform.sha256) return toBase64(platform.sha256(bytes).slice(0, 16));
  return toBase64(
    new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bufferSource(bytes))).slice(0, 16),
  );
}

/** Builds the revocation look-up data of a verified certificate. */
export async function revocationInfo(
  cose: CoseSign1,
  cwt: DccCwt,
  hcert: HealthCertificate,
  kid: string,
  platform: VerifyPlatform = {},
): Promise<RevocationInfo> {
  const type = certificateTypeOf(hcert as unknown as Record<string, unknown>);
  const uvci = (type && hcert[type]?.[0]?.ci) ?? '';
  const text = new TextEncoder();
  const sig = cose.alg === 'ES256' ? cose.signature.slice(0, cose.signature.length / 2) : cose.signature;
  const [uciHash, countryCodeUciHash, signatureHash] = await Promise.all([
    hash16(text.encode(uvci), platform),
    hash16(text.encode((cwt.issuer ?? '') + uvci), platform),
    hash16(sig, platform),
  ]);
  return { uvci, issuer: cwt.issuer, kid, uciHash, countryCodeUciHash, signatureHash, hcert };
}

/**
 * Verifies the text of an HC1 QR code: prefix → Base45 → zlib → COSE → kid → signature →
 * CWT/CBOR → schema → content rules (test: sample time, result; recovery: period) → validity
 * window → signer certificate valid at the issue time → key usage → revocation.
 */
export async function verifyHc1(qrText: string, options: VerifyOptions): Promise<VerifyResult> {
  let cose: CoseSign1;
  try {
    const base45 = step('prefix', () => unprefix(qrText));
    const compressed = step('base45', () => base45Decode(base45));
    const coseBytes = step('decompress', () => decompress(compressed, options.platform?.inflate));
    cose = step('cose', () => decodeCose(coseBytes));
  } catch (e) {
    if (e instanceof StepError) return fail(e.step, { detail: e.message });
    throw e;
  }
  const kid = cose.kid ? toBase64(cose.kid) : undefined;
  const found = await findVerifyingSigner(cose, options.trustList, options.platform);
  if ('step' in found) return fail(found.step, { detail: found.detail, ...(kid ? { kid } : {}) });
  const signed = { kid: found.signer.kid, signer: found.signer };

  let cwt: DccCwt;
  try {
    cwt = decodeCwt(cose.payload);
  } catch (e) {
    return fail('cbor', { ...signed, detail: errorText(e) });
  }
  const claims = {
    ...signed,
    ...(cwt.issuer !== undefined ? { issuer: cwt.issuer } : {}),
    ...(cwt.issuedAt ? { issuedAt: cwt.issuedAt } : {}),
    ...(cwt.expiresAt ? { expiresAt: cwt.expiresAt } : {}),
  };
  const schemaErrors = validateSchema(cwt.hcert);
  if (schemaErrors.length > 0) return fail('schema', { ...claims, schemaErrors });
  const hcert = cwt.hcert as unknown as HealthCertificate;
  const type = certificateTypeOf(hcert as unknown as Record<string, unknown>);
  const certificate = type ? presentCertificate(hcert, type) : undefined;
  if (!certificate) return fail('schema', { ...claims, detail: 'no single certificate entry' });
  const shown = { ...claims, certificate };

  const content = checkContent(hcert, options.now);
  if (content) return fail(content.problem, { ...shown, detail: content.detail });

  const expiry = checkExpiry(cwt, options.now);
  if (!expiry.ok) {
    return fail(expiry.reason === 'notYetValid' ? 'notYetValid' : 'expired', {
      ...shown,
      detail: expiry.reason,
    });
  }
  const signerCert = parsedOf(found.signer);
  // The signer must have been valid when it signed (at the certificate's issue time).
  const signerProblem = checkSignerValidity(signerCert, cwt.issuedAt ?? options.now);
  if (signerProblem) {
    return fail('signerValidity', {
      ...shown,
      detail: `${signerProblem}: signer valid ${signerCert.notBefore.toISOString()} to ${signerCert.notAfter.toISOString()}`,
    });
  }
  if (!checkKeyUsage(signerCert, cwt.hcert as Record<string, unknown>)) {
    return fail('keyUsage', { ...shown, detail: `signer may not sign certificates of type ${type ?? '?'}` });
  }
  if (
    options.isRevoked &&
    (await options.isRevoked(await revocationInfo(cose, cwt, hcert, found.signer.kid, options.platform)))
  ) {
    return fail('revoked', shown);
  }
  return { ...shown, valid: true, reasonKey: 'dcc.valid' };
}

class StepError extends Error {
  constructor(
    readonly step: VerifyStep,
    cause: unknown,
  ) {
    super(errorText(cause));
  }
}

function step<T>(name: VerifyStep, run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw new StepError(name, e);
  }
}
