/**
 * A verifier's trust list: the Document Signer Certificates it accepts, looked up by kid.
 */
import { fromBase64, toBase64 } from './bytes.ts';
import { kidOf } from './certificate.ts';

/** One trusted signer certificate. */
export interface TrustListEntry {
  /** The DCC kid, base64 (first 8 bytes of SHA-256 of the DER). */
  kid: string;
  /** The signer certificate, DER. */
  certificateDer: Uint8Array;
  /** Country of the signer, ISO 3166-1 alpha-2, when known. */
  country?: string;
}

/** The trusted signers (the product's own issuer keys are one entry). */
export type TrustList = readonly TrustListEntry[];

/** Makes a trust list entry from a certificate, computing its kid. */
export async function trustListEntry(certificateDer: Uint8Array, country?: string): Promise<TrustListEntry> {
  const entry: TrustListEntry = { kid: toBase64(await kidOf(certificateDer)), certificateDer };
  if (country !== undefined) entry.country = country;
  return entry;
}

/** Makes a trust list entry from a base64 DER certificate (the gateway's and test data's form). */
export async function trustListEntryFromBase64(
  certificateBase64: string,
  country?: string,
): Promise<TrustListEntry> {
  return trustListEntry(fromBase64(certificateBase64), country);
}

/** The entries whose kid matches (a kid is not unique: several may match). */
export function findByKid(trustList: TrustList, kid: Uint8Array): TrustListEntry[] {
  const wanted = toBase64(kid);
  return trustList.filter((entry) => entry.kid === wanted);
}
