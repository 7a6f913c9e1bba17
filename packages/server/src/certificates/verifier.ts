/**
 * The verifier used by the API and the benchmark: `@epilink/dcc` verifyHc1 over a trust list and a
 * revocation set held in memory (refreshed by the caller), so a verification touches no database.
 * On the server the pure defaults (fflate, WebCrypto) are swapped for node:zlib and node:crypto,
 * which give the same answers faster.
 */
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { parseSignerCertificate, verifyHc1 } from '@epilink/dcc';
import type { TrustList, TrustListEntry, VerifyPlatform, VerifyResult } from '@epilink/dcc';

/** What a verifier checks against: trusted signers and revoked UVCI hashes (base64, 16 bytes). */
export interface VerifierState {
  trustList: TrustList;
  revokedUciHashes: ReadonlySet<string>;
}

const keys = new WeakMap<TrustListEntry, KeyObject | null>();

function keyOf(entry: TrustListEntry): KeyObject | null {
  let key = keys.get(entry);
  if (key === undefined) {
    try {
      const cert = parseSignerCertificate(entry.certificateDer);
      key = createPublicKey({ key: Buffer.from(cert.spki), format: 'der', type: 'spki' });
    } catch {
      key = null;
    }
    keys.set(entry, key);
  }
  return key;
}

/** node:zlib and node:crypto versions of the verifier's primitives. */
export const NODE_PLATFORM: VerifyPlatform = {
  inflate: (bytes) => inflateSync(bytes),
  sha256: (bytes) => createHash('sha256').update(bytes).digest(),
  verify(entry, alg, signature, data) {
    const key = keyOf(entry);
    if (!key) return undefined;
    if (alg === 'ES256') {
      if (key.asymmetricKeyType !== 'ec') return false;
      return nodeVerify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    }
    return undefined;
  },
};

/** Verify an HC1 text at `now` against the state (decode, signature, schema, expiry, key usage, revocation). */
export function verifyWithState(qr: string, state: VerifierState, now: Date): Promise<VerifyResult> {
  return verifyHc1(qr, {
    trustList: state.trustList,
    now,
    platform: NODE_PLATFORM,
    isRevoked: (info) =>
      state.revokedUciHashes.has(info.uciHash) || state.revokedUciHashes.has(info.countryCodeUciHash),
  });
}
