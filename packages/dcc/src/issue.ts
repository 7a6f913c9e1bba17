/**
 * Issuing an HC1 code: payload → CWT → COSE_Sign1 → zlib → Base45 → "HC1:".
 */
import { base45Encode } from './base45.ts';
import type { JsonValue } from './cbor.ts';
import { checkSignerValidity, kidOf, parseSignerCertificate } from './certificate.ts';
import type { SignerCertificate, SignerValidityProblem } from './certificate.ts';
import type { CoseAlgorithm } from './cose.ts';
import { signCose } from './cose.ts';
import { encodeCwt } from './cwt.ts';
import type { HealthCertificate } from './hcert.ts';
import { checkContent } from './rules.ts';
import type { ContentFailure, ContentProblem } from './rules.ts';
import { validateSchema } from './schema.ts';
import type { SchemaError } from './schema.ts';
import { compress, prefix } from './transport.ts';

/** The signer: its private key (ECDSA P-256 → ES256, RSA-PSS → PS256) and its certificate. */
export interface Signer {
  privateKey: CryptoKey;
  certificateDer: Uint8Array;
}

/** Input of {@link issueHc1}. */
export interface IssueInput {
  hcert: HealthCertificate;
  /** Issuing country, ISO 3166-1 alpha-2 ("VN"). */
  issuer: string;
  issuedAt: Date;
  expiresAt: Date;
  signer: Signer;
}

/**
 * Error raised when a payload cannot be issued: it does not match the schema (`schemaErrors`),
 * breaks the content rules (`problem`: sample time, test result, recovery period), the signer
 * certificate is not valid at the issue time (`problem`: signerExpired / signerNotYetValid), or
 * the times are wrong.
 */
export class IssueError extends Error {
  override readonly name = 'IssueError';
  constructor(
    message: string,
    readonly schemaErrors: SchemaError[] = [],
    readonly problem?: ContentProblem | SignerValidityProblem,
    /** The payload field a content rule failure points at. */
    readonly field?: ContentFailure['field'],
  ) {
    super(message);
  }
}

const parsedSigners = new WeakMap<Uint8Array, SignerCertificate>();

function signerCertificateOf(der: Uint8Array): SignerCertificate {
  let parsed = parsedSigners.get(der);
  if (!parsed) {
    parsed = parseSignerCertificate(der);
    parsedSigners.set(der, parsed);
  }
  return parsed;
}

function algorithmOf(key: CryptoKey): CoseAlgorithm {
  if (key.algorithm.name === 'ECDSA') return 'ES256';
  if (key.algorithm.name === 'RSA-PSS') return 'PS256';
  throw new IssueError(`unsupported signing key algorithm ${key.algorithm.name}`);
}

/**
 * Signs a health certificate and returns the text to put in the QR code ("HC1:…").
 * @throws {IssueError} when the payload does not match the DCC schema or the content rules, the
 *   signer certificate is not valid at `issuedAt`, or expiresAt ≤ issuedAt.
 */
export async function issueHc1(input: IssueInput): Promise<string> {
  const schemaErrors = validateSchema(input.hcert);
  if (schemaErrors.length > 0) throw new IssueError('payload does not match the DCC schema', schemaErrors);
  if (input.expiresAt.getTime() <= input.issuedAt.getTime())
    throw new IssueError('expiresAt must be after issuedAt');
  const content = checkContent(input.hcert, input.issuedAt);
  if (content) throw new IssueError(content.detail, [], content.problem, content.field);
  const signerProblem = checkSignerValidity(signerCertificateOf(input.signer.certificateDer), input.issuedAt);
  if (signerProblem) throw new IssueError(`signer certificate: ${signerProblem}`, [], signerProblem);
  const payload = encodeCwt({
    issuer: input.issuer,
    issuedAt: input.issuedAt,
    expiresAt: input.expiresAt,
    hcert: input.hcert as unknown as JsonValue,
  });
  const cose = await signCose({
    payload,
    kid: await kidOf(input.signer.certificateDer),
    alg: algorithmOf(input.signer.privateKey),
    privateKey: input.signer.privateKey,
  });
  return prefix(base45Encode(compress(cose)));
}
