/**
 * The status QR's signing key (STATUS_SIGNING_KEY, config.ts): an EC P-256 private key, base64
 * PKCS#8 DER or PEM. Parsed once per key text; the public half (SPKI DER, base64) and its key id
 * are published in the trust list (`GET /api/certificates/trust-list`, `statusKeys`) so the offline
 * verifier and the venue scanner check a card with no network.
 */
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { AppError } from '@epilink/core';
import { statusKeyId } from '@epilink/core/healthbook/statusQr';
import type { StatusQrPublicKey } from '@epilink/core/healthbook/statusQr';
import type { Config } from '../config.ts';

/** A loaded signing key: the private half and what is published of it. */
export interface StatusSigningKey {
  privateKey: KeyObject;
  published: StatusQrPublicKey;
  /** Raw ES256 signature (r‖s) of the bytes. */
  sign: (data: Uint8Array) => Uint8Array;
}

const loaded = new Map<string, Promise<StatusSigningKey>>();

async function load(text: string): Promise<StatusSigningKey> {
  const privateKey = text.includes('-----BEGIN')
    ? createPrivateKey(text)
    : createPrivateKey({
        key: Buffer.from(text.replace(/\s+/gu, ''), 'base64'),
        format: 'der',
        type: 'pkcs8',
      });
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new Error('STATUS_SIGNING_KEY must be an EC P-256 private key');
  const spki = new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  return {
    privateKey,
    published: { kid: await statusKeyId(spki), publicKey: Buffer.from(spki).toString('base64') },
    sign: (data) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}

/** The configured signing key, or SIGNING_NOT_CONFIGURED (503) when none is set. */
export function statusSigningKey(config: Config): Promise<StatusSigningKey> {
  const text = config.statusQr.signingKey;
  if (!text) return Promise.reject(new AppError('SIGNING_NOT_CONFIGURED'));
  let key = loaded.get(text);
  if (!key) {
    key = load(text);
    loaded.set(text, key);
  }
  return key;
}

/** The public keys to publish (none when no key is configured). */
export async function publishedStatusKeys(config: Config): Promise<StatusQrPublicKey[]> {
  return config.statusQr.signingKey ? [(await statusSigningKey(config)).published] : [];
}
