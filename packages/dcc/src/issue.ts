/**
 * Issuing an HC1 code: payload → CWT → COSE_Sign1 → zlib → Base45 → "HC1:".
 */
import { base45Encode } from './base45.ts';
import type { JsonValue } from './cbor.ts';
import { kidOf } from './certificate.ts';
import type { CoseAlgorithm } from './cose.ts';
import { signCose } from './cose.ts';
import { encodeCwt } from './cwt.ts';
import type { HealthCertificate } from './hcert.ts';
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

/** Error raised when a payload cannot be issued (it does not match the schema, or bad times). */
export class IssueError extends Error {
  override readonly name = 'IssueError';
  constructor(
    message: string,
    readonly schemaErrors: SchemaError[] = [],
  ) {
    super(message);
  }
}

function algorithmOf(key: CryptoKey): CoseAlgorithm {
  if (key.algorithm.name === 'ECDSA') return 'ES256';
  if (key.algorithm.name === 'RSA-PSS') return 'PS256';
  throw new IssueError(`unsupported signing key algorithm ${key.algorithm.name}`);
}

/**
 * Signs a health certificate and returns the text to put in the QR code ("HC1:…").
 * @throws {IssueError} when the payload does not match the DCC schema or expiresAt ≤ issuedAt.
 */
export async function issueHc1(input: IssueInput): Promise<string> {
  const schemaErrors = validateSchema(input.hcert);
  if (schemaErrors.length > 0) throw new IssueError('payload does not match the DCC schema', schemaErrors);
  if (input.expiresAt.getTime() <= input.issuedAt.getTime())
    throw new IssueError('expiresAt must be after issuedAt');
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
