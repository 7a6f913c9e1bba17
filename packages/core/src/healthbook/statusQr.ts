/**
 * The status card's QR (#17 item 2), verifiable offline: `EPS1:<kid>.<claims>.<signature>` where
 * claims is base64url JSON `[colour, initials, expiresAt (Unix seconds)]` and signature is ECDSA
 * P-256 / SHA-256 (ES256, raw r‖s, base64url) over the ASCII text before the last dot. It reveals
 * the colour, the name's initials and the expiry, nothing else. Anyone holding the published public
 * keys (the trust list the offline verifier downloads) checks it with WebCrypto — browser or server.
 */

/** What a status QR begins with (a personal QR, a CCCD or an HC1 never does). */
export const STATUS_QR_PREFIX = 'EPS1:';

/** The three facts a status QR carries. */
export interface StatusQrClaims {
  colour: string;
  initials: string;
  /** Unix seconds. */
  expiresAt: number;
}

/** A published verification key: its id and SubjectPublicKeyInfo (DER, base64). */
export interface StatusQrPublicKey {
  kid: string;
  publicKey: string;
}

/** Why a status QR is refused: malformed or forged, signed by a key not in the list, or too old. */
export type StatusQrRefusal = 'invalid' | 'unknownKey' | 'expired';

/** The verdict on a status QR. */
export type StatusQrCheck =
  ({ valid: true; kid: string } & StatusQrClaims) | { valid: false; reason: StatusQrRefusal };

/** A WebCrypto private key (the global `CryptoKey`, named through `crypto.subtle` for every lib). */
export type StatusQrPrivateKey = Parameters<typeof crypto.subtle.sign>[1];

const ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const COLOUR = /^[a-z][a-z0-9-]{0,31}$/u;
const B64URL = /^[A-Za-z0-9_-]+$/u;

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text.replace(/-/gu, '+').replace(/_/gu, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Whether a scanned text is meant as a status QR (its prefix), before any check. */
export function isStatusQr(text: string): boolean {
  return text.trim().startsWith(STATUS_QR_PREFIX);
}

/** The key id of a public key: the first 8 bytes of SHA-256 over its SPKI DER, base64url. */
export async function statusKeyId(spki: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', spki));
  return toBase64Url(digest.subarray(0, 8));
}

/**
 * Make a status QR; `sign` returns the raw ES256 signature (r‖s, 64 bytes) of the bytes given
 * (node:crypto with `dsaEncoding: 'ieee-p1363'` on the server, WebCrypto in tests).
 */
export async function signStatusQr(
  claims: StatusQrClaims,
  kid: string,
  sign: (data: Uint8Array<ArrayBuffer>) => Promise<Uint8Array> | Uint8Array,
): Promise<string> {
  const body = toBase64Url(
    new TextEncoder().encode(JSON.stringify([claims.colour, claims.initials, claims.expiresAt])),
  );
  const signed = `${STATUS_QR_PREFIX}${kid}.${body}`;
  const signature = await sign(new TextEncoder().encode(signed));
  return `${signed}.${toBase64Url(signature)}`;
}

/** A WebCrypto signer for {@link signStatusQr} (tests, and any holder of a CryptoKey). */
export function webCryptoSigner(privateKey: StatusQrPrivateKey) {
  return async (data: Uint8Array<ArrayBuffer>) =>
    new Uint8Array(await crypto.subtle.sign(SIGN, privateKey, data));
}

function parseClaims(body: string): StatusQrClaims | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64(body)));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [colour, initials, expiresAt] = value as unknown[];
    if (typeof colour !== 'string' || !COLOUR.test(colour)) return null;
    if (typeof initials !== 'string' || initials.length > 40) return null;
    if (typeof expiresAt !== 'number' || !Number.isInteger(expiresAt)) return null;
    return { colour, initials, expiresAt };
  } catch {
    return null;
  }
}

/**
 * Check a status QR against the published keys at `now`: its form, a key of the list, the
 * signature over the exact text, then the expiry. Never throws.
 */
export async function verifyStatusQr(
  text: string,
  keys: readonly StatusQrPublicKey[],
  now: Date,
): Promise<StatusQrCheck> {
  const qr = text.trim();
  if (!qr.startsWith(STATUS_QR_PREFIX) || qr.length > 400) return { valid: false, reason: 'invalid' };
  const parts = qr.slice(STATUS_QR_PREFIX.length).split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return { valid: false, reason: 'invalid' };
  const [kid, body, signature] = parts as [string, string, string];
  const key = keys.find((k) => k.kid === kid);
  if (!key) return { valid: false, reason: 'unknownKey' };
  let ok = false;
  try {
    const publicKey = await crypto.subtle.importKey('spki', fromBase64(key.publicKey), ALG, false, [
      'verify',
    ]);
    const sig = fromBase64(signature);
    ok =
      sig.length === 64 &&
      (await crypto.subtle.verify(
        SIGN,
        publicKey,
        sig,
        new TextEncoder().encode(`${STATUS_QR_PREFIX}${kid}.${body}`),
      ));
  } catch {
    ok = false;
  }
  const claims = ok ? parseClaims(body) : null;
  if (!claims) return { valid: false, reason: 'invalid' };
  if (claims.expiresAt * 1000 < now.getTime()) return { valid: false, reason: 'expired' };
  return { valid: true, kid, ...claims };
}
