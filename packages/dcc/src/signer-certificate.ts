/**
 * Creating a Document Signer Certificate (X.509 v3, ECDSA P-256) with the DCC key usage OIDs,
 * self-signed or signed by a country signing CA (CSCA). WebCrypto only.
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
} from '@peculiar/asn1-x509';
import { DCC_KEY_USAGE_OIDS } from './certificate.ts';
import type { CertificateType } from './hcert.ts';

const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/** Distinguished name fields of a signer or CSCA. */
export interface DistinguishedName {
  /** ISO 3166-1 alpha-2, e.g. "VN". */
  country: string;
  organization?: string;
  commonName: string;
}

/** Input of {@link createSignerCertificate}. */
export interface CreateSignerCertificateInput {
  subject: DistinguishedName;
  /** The signer's public key (ECDSA P-256). */
  publicKey: CryptoKey;
  notBefore: Date;
  notAfter: Date;
  /** Certificate types the signer may sign; omitted = no DCC key usage OID (valid for all types). */
  types?: readonly CertificateType[];
  /** The CSCA that signs the certificate; omitted = self-signed with `selfSigningKey`. */
  issuer?: { name: DistinguishedName; privateKey: CryptoKey };
  /** The signer's own private key, needed for a self-signed certificate. */
  selfSigningKey?: CryptoKey;
  /** Serial number bytes; random 16 bytes when omitted. */
  serialNumber?: Uint8Array;
}

/** Generates an extractable ECDSA P-256 key pair for a signer (ES256). */
export async function generateSignerKeyPair(): Promise<CryptoKeyPair> {
  return globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
}

function toName(dn: DistinguishedName): Name {
  const rdn = (type: string, value: AttributeValue): RelativeDistinguishedName =>
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
  const parts = [rdn('2.5.4.6', new AttributeValue({ printableString: dn.country }))];
  if (dn.organization !== undefined)
    parts.push(rdn('2.5.4.10', new AttributeValue({ utf8String: dn.organization })));
  parts.push(rdn('2.5.4.3', new AttributeValue({ utf8String: dn.commonName })));
  return new Name(parts);
}

function derInteger(unsigned: Uint8Array): Uint8Array {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const body = unsigned.slice(start);
  const pad = (body[0] ?? 0) & 0x80 ? 1 : 0;
  const out = new Uint8Array(2 + pad + body.length);
  out[0] = 0x02;
  out[1] = pad + body.length;
  out.set(body, 2 + pad);
  return out;
}

/** Converts a raw r‖s ECDSA signature (WebCrypto) to the DER form X.509 uses. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const r = derInteger(raw.slice(0, half));
  const s = derInteger(raw.slice(half));
  const out = new Uint8Array(2 + r.length + s.length);
  out[0] = 0x30;
  out[1] = r.length + s.length;
  out.set(r, 2);
  out.set(s, 2 + r.length);
  return out;
}

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/**
 * Creates a DER X.509 signer certificate for the given public key.
 * @throws {Error} when neither `issuer` nor `selfSigningKey` is given.
 */
export async function createSignerCertificate(input: CreateSignerCertificateInput): Promise<Uint8Array> {
  const signingKey = input.issuer?.privateKey ?? input.selfSigningKey;
  if (!signingKey) throw new Error('createSignerCertificate needs issuer.privateKey or selfSigningKey');
  const subtle = globalThis.crypto.subtle;
  const spki = AsnConvert.parse(
    new Uint8Array(await subtle.exportKey('spki', input.publicKey)),
    SubjectPublicKeyInfo,
  );
  const serial = input.serialNumber ?? globalThis.crypto.getRandomValues(new Uint8Array(16));
  const masked = new Uint8Array(serial);
  masked[0] = (masked[0] ?? 0) & 0x7f;
  // DER wants the shortest encoding: a leading zero byte is allowed only before a byte with its top
  // bit set. A random serial starting 0x00 or 0x80, then a byte below 0x80 (1 in 256), was encoded
  // with a redundant zero, and OpenSSL (node:crypto's X509Certificate) refused the certificate.
  let start = 0;
  while (start < masked.length - 1 && masked[start] === 0 && (masked[start + 1] ?? 0) < 0x80) start++;
  const serialPositive = masked.slice(start);
  const extensions = new Extensions([
    extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })),
    extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature)),
  ]);
  if (input.types && input.types.length > 0) {
    const oids = input.types.flatMap((t) => DCC_KEY_USAGE_OIDS[t].slice(0, 1));
    extensions.push(extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage(oids)));
  }
  const signatureAlgorithm = new AlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialPositive.buffer,
    signature: signatureAlgorithm,
    issuer: toName(input.issuer?.name ?? input.subject),
    validity: new Validity({ notBefore: input.notBefore, notAfter: input.notAfter }),
    subject: toName(input.subject),
    subjectPublicKeyInfo: spki,
    extensions,
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const raw = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, signingKey, tbsDer));
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm,
    signatureValue: ecdsaRawToDer(raw).slice().buffer,
  });
  return new Uint8Array(AsnConvert.serialize(cert));
}
