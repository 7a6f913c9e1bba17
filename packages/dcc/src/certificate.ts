/**
 * Reading the Document Signer Certificate (X.509, DER): public key, validity, DCC key usage, kid.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { ECParameters } from '@peculiar/asn1-ecc';
import { Certificate, ExtendedKeyUsage, id_ce_extKeyUsage } from '@peculiar/asn1-x509';
import type { CertificateType } from './hcert.ts';
import { bufferSource } from './bytes.ts';

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_P256 = '1.2.840.10045.3.1.7';
const OID_RSA = '1.2.840.113549.1.1.1';
const OID_RSA_PSS = '1.2.840.113549.1.1.10';

/** Extended key usage OIDs that restrict a signer to certificate types (both published variants). */
export const DCC_KEY_USAGE_OIDS: Readonly<Record<CertificateType, readonly string[]>> = {
  t: ['1.3.6.1.4.1.1847.2021.1.1', '1.3.6.1.4.1.0.1847.2021.1.1'],
  v: ['1.3.6.1.4.1.1847.2021.1.2', '1.3.6.1.4.1.0.1847.2021.1.2'],
  r: ['1.3.6.1.4.1.1847.2021.1.3', '1.3.6.1.4.1.0.1847.2021.1.3'],
};

/** What the verifier needs from a signer certificate. */
export interface SignerCertificate {
  der: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo, DER. */
  spki: Uint8Array;
  keyType: 'EC-P256' | 'RSA' | 'unsupported';
  /** Every extended key usage OID of the certificate. */
  extendedKeyUsages: string[];
}

/** Error raised when bytes are not a readable X.509 certificate. */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
}

/**
 * Parses a DER X.509 certificate.
 * @throws {CertificateError} when it cannot be parsed.
 */
export function parseSignerCertificate(der: Uint8Array): SignerCertificate {
  let cert: Certificate;
  try {
    cert = AsnConvert.parse(der, Certificate);
  } catch (e) {
    throw new CertificateError(`invalid X.509 certificate: ${e instanceof Error ? e.message : String(e)}`);
  }
  const tbs = cert.tbsCertificate;
  const spkiAlg = tbs.subjectPublicKeyInfo.algorithm;
  let keyType: SignerCertificate['keyType'] = 'unsupported';
  if (spkiAlg.algorithm === OID_EC_PUBLIC_KEY && spkiAlg.parameters) {
    const curve = AsnConvert.parse(spkiAlg.parameters, ECParameters).namedCurve;
    if (curve === OID_P256) keyType = 'EC-P256';
  } else if (spkiAlg.algorithm === OID_RSA || spkiAlg.algorithm === OID_RSA_PSS) {
    keyType = 'RSA';
  }
  const ekuExt = tbs.extensions?.find((ext) => ext.extnID === id_ce_extKeyUsage);
  const extendedKeyUsages = ekuExt ? [...AsnConvert.parse(ekuExt.extnValue, ExtendedKeyUsage)] : [];
  return {
    der,
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    spki: new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo)),
    keyType,
    extendedKeyUsages,
  };
}

/**
 * Imports the certificate's public key for the given COSE algorithm with WebCrypto.
 * Returns undefined when the key type does not fit the algorithm.
 */
export async function importSignerPublicKey(
  cert: SignerCertificate,
  alg: 'ES256' | 'PS256',
): Promise<CryptoKey | undefined> {
  const subtle = globalThis.crypto.subtle;
  try {
    if (alg === 'ES256' && cert.keyType === 'EC-P256') {
      return await subtle.importKey(
        'spki',
        bufferSource(cert.spki),
        { name: 'ECDSA', namedCurve: 'P-256' },
        true,
        ['verify'],
      );
    }
    if (alg === 'PS256' && cert.keyType === 'RSA') {
      return await subtle.importKey(
        'spki',
        bufferSource(cert.spki),
        { name: 'RSA-PSS', hash: 'SHA-256' },
        true,
        ['verify'],
      );
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The DCC key identifier of a signer certificate: the first 8 bytes of SHA-256 of its DER. */
export async function kidOf(certDer: Uint8Array): Promise<Uint8Array> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bufferSource(certDer));
  return new Uint8Array(digest).slice(0, 8);
}

/** The DCC certificate types the signer may sign, by its key usage OIDs (all when it has none). */
export function allowedTypes(cert: Pick<SignerCertificate, 'extendedKeyUsages'>): CertificateType[] {
  const types = (Object.keys(DCC_KEY_USAGE_OIDS) as CertificateType[]).filter((type) =>
    DCC_KEY_USAGE_OIDS[type].some((oid) => cert.extendedKeyUsages.includes(oid)),
  );
  return types.length === 0 ? ['v', 't', 'r'] : types;
}

/**
 * Checks that the signer certificate may sign this kind of certificate: a signer with one or more
 * DCC key usage OIDs may sign only those types; one with none may sign every type.
 * Fails when the hcert holds no (or more than one) of `v`, `t`, `r`.
 */
export function checkKeyUsage(
  cert: Pick<SignerCertificate, 'extendedKeyUsages'>,
  hcert: Readonly<Record<string, unknown>>,
): boolean {
  const present = (['v', 't', 'r'] as const).filter((type) => hcert[type] !== undefined);
  if (present.length !== 1) return false;
  const [type] = present;
  return type !== undefined && allowedTypes(cert).includes(type);
}

/** Why a signer certificate cannot vouch for a certificate issued at a given time. */
export type SignerValidityProblem = 'signerNotYetValid' | 'signerExpired';

/**
 * Checks that the signer certificate was valid when the health certificate was issued:
 * `notBefore` ≤ `issuedAt` ≤ `notAfter` (a signer that expired cannot have signed later).
 * @returns undefined when valid, else which bound was broken.
 */
export function checkSignerValidity(
  cert: Pick<SignerCertificate, 'notBefore' | 'notAfter'>,
  issuedAt: Date,
): SignerValidityProblem | undefined {
  if (issuedAt.getTime() < cert.notBefore.getTime()) return 'signerNotYetValid';
  if (issuedAt.getTime() > cert.notAfter.getTime()) return 'signerExpired';
  return undefined;
}
