/// <reference lib="dom" />
/**
 * @epilink/dcc — the EU Digital COVID Certificate (HC1) protocol: issue and verify.
 * Pure (no I/O, no Node built-ins): WebCrypto, fflate, cbor2, asn1 and ajv only.
 */
export { Base45Error, base45Decode, base45Encode } from './base45.ts';
export { HC1_PREFIX, TransportError, compress, decompress, prefix, unprefix } from './transport.ts';
export { COSE_ALG, CoseError, decodeCose, sigStructure, signCose, verifySignature } from './cose.ts';
export type { CoseAlgorithm, CoseSign1, SignCoseInput } from './cose.ts';
export { CwtError, checkExpiry, decodeCwt, encodeCwt } from './cwt.ts';
export type { DccCwt, EncodeCwtInput, ExpiryResult } from './cwt.ts';
export type { JsonValue } from './cbor.ts';
export {
  CertificateError,
  DCC_KEY_USAGE_OIDS,
  allowedTypes,
  checkKeyUsage,
  checkSignerValidity,
  importSignerPublicKey,
  kidOf,
  parseSignerCertificate,
} from './certificate.ts';
export type { SignerCertificate, SignerValidityProblem } from './certificate.ts';
export { DCC_CONTENT_RULES, checkContent, contentRulesOn } from './rules.ts';
export type { ContentFailure, ContentProblem, DccContentRuleVersion } from './rules.ts';
export { createSignerCertificate, ecdsaRawToDer, generateSignerKeyPair } from './signer-certificate.ts';
export type { CreateSignerCertificateInput, DistinguishedName } from './signer-certificate.ts';
export { findByKid, trustListEntry, trustListEntryFromBase64 } from './trust-list.ts';
export type { TrustList, TrustListEntry } from './trust-list.ts';
export { SCHEMA_VERSION, validateSchema } from './schema.ts';
export type { SchemaError } from './schema.ts';
export { displayName } from './valuesets.ts';
export type { ValueSetName } from './valuesets.ts';
export {
  ISSUED_SCHEMA_VERSION,
  TARGET_DISEASE_COVID19,
  TEST_RESULT,
  TEST_TYPE,
  VACCINE_PRODUCTS,
  buildRecoveryCertificate,
  buildTestCertificate,
  buildVaccinationCertificate,
  certificateTypeOf,
  doseEncoding,
  makeUvci,
  transliterate,
  uvciChecksum,
} from './hcert.ts';
export type {
  CertificateType,
  EntryCommon,
  HealthCertificate,
  Holder,
  PersonName,
  RecoveryEntry,
  RecoveryInput,
  TestEntry,
  TestInput,
  VaccinationEntry,
  VaccinationInput,
  VaccineProductCode,
} from './hcert.ts';
export { presentCertificate } from './present.ts';
export type { CertificateView, HolderView, RecoveryView, TestView, VaccinationView } from './present.ts';
export { IssueError, issueHc1 } from './issue.ts';
export type { IssueInput, Signer } from './issue.ts';
export { findVerifyingSigner, revocationInfo, verifyHc1 } from './verify.ts';
export type { RevocationInfo, VerifyOptions, VerifyPlatform, VerifyResult, VerifyStep } from './verify.ts';
