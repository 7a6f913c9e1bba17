/**
 * Bulk verifier apps (a border post, an event entrance scanning many certificates from one
 * address): configured keys (`CERT_VERIFY_KEYS`, name:SHA-256 of the key) let
 * `POST /api/certificates/verify` be called past the per-IP limits, under a per-key limit
 * (`CERT_VERIFY_KEY_PER_MINUTE`). The key travels in the `x-epilink-verifier-key` header; a
 * missing or unknown key leaves the request under the ordinary per-IP limits.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** The header a bulk verifier app sends its key in. */
export const VERIFIER_KEY_HEADER = 'x-epilink-verifier-key';
/** The only route a verifier key opens. */
export const BULK_VERIFY_ROUTE = { method: 'POST', url: '/api/certificates/verify' } as const;

/** One configured bulk verifier: its name (for limits and logs) and the SHA-256 of its key. */
export interface BulkVerifier {
  name: string;
  keySha256: Buffer;
}

/** The syntax of `CERT_VERIFY_KEYS`: comma-separated `name:<64 hex digits>`. */
export const BULK_VERIFIER_KEYS_PATTERN =
  /^[A-Za-z0-9_-]{1,40}:[0-9a-f]{64}(,[A-Za-z0-9_-]{1,40}:[0-9a-f]{64})*$/u;

/** Parses `CERT_VERIFY_KEYS` (already checked against {@link BULK_VERIFIER_KEYS_PATTERN}). */
export function parseBulkVerifiers(text: string | undefined): BulkVerifier[] {
  if (!text) return [];
  return text.split(',').map((entry) => {
    const [name = '', hex = ''] = entry.split(':');
    return { name, keySha256: Buffer.from(hex, 'hex') };
  });
}

const verified = new WeakMap<FastifyRequest, string>();

/**
 * The bulk verifier a request authenticates as, or null: only on the verify route, only with a
 * configured key (compared as SHA-256, in constant time). Remembered for the request.
 */
export function bulkVerifierOf(request: FastifyRequest, verifiers: readonly BulkVerifier[]): string | null {
  const known = verified.get(request);
  if (known !== undefined) return known;
  if (verifiers.length === 0 || request.method !== BULK_VERIFY_ROUTE.method) return null;
  if ((request.url.split('?')[0] ?? '') !== BULK_VERIFY_ROUTE.url) return null;
  const key = request.headers[VERIFIER_KEY_HEADER];
  if (typeof key !== 'string' || key.length < 16 || key.length > 200) return null;
  const digest = createHash('sha256').update(key).digest();
  const match = verifiers.find((v) => timingSafeEqual(v.keySha256, digest));
  if (!match) return null;
  verified.set(request, match.name);
  return match.name;
}

/** True when {@link bulkVerifierOf} recognised the request's key. */
export function isBulkVerifier(request: FastifyRequest): boolean {
  return verified.has(request);
}
