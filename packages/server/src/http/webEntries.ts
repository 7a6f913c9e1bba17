/**
 * How the built web app (packages/web/dist) is served: which HTML entry answers a deep link,
 * and how long browsers may keep each file.
 */
import type { FastifyReply } from 'fastify';

/**
 * Paths of the light citizen entry (citizen.html): the check-in QR page, the certificate
 * verifier, the health book, quarantine forms, declarations. Mirrors CITIZEN_PATH in
 * packages/web/src/citizenRoutes.tsx; every other path gets the officials' app (index.html).
 */
export const CITIZEN_PATH = /^\/(?:c|q|me|declare|verify|demo\/inbox)(?:\/|$)/u;

/** The HTML entry of a path the router of the web app handles. */
export function htmlEntryFor(pathname: string): 'citizen.html' | 'index.html' {
  return CITIZEN_PATH.test(pathname) ? 'citizen.html' : 'index.html';
}

/** Files under /assets/ carry a content hash in their name: they never change. */
const HASHED_ASSET = /\/assets\/[^/]+-[\w-]{8}\.[a-z0-9]+$/iu;

/**
 * Cache headers of a static file (the @fastify/static `setHeaders` hook): hashed assets are
 * immutable for a year; everything else (the HTML entries, icons) is revalidated on each visit so
 * a new release is picked up at once.
 */
export function setStaticCacheHeaders(reply: FastifyReply, filePath: string): void {
  const path = filePath.replace(/\.(?:br|gz)$/u, '');
  reply.header('cache-control', HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/** A venue's QR path (`/c/:token`); the token's own checks are the API's. */
const CHECKIN_PATH = /^\/c\/([A-Za-z0-9_-]{1,128})$/u;

/**
 * A `Link` preload header for the API read a page starts with, so a phone on a slow network
 * fetches it while the code downloads instead of after (one round trip less): the check-in page
 * reads its venue (GET /api/checkin/:token, the same request `checkinApi.venueOf` makes; the
 * token's characters are the only ones let through), the verifier its trust list. Undefined for
 * other paths.
 */
export function preloadLinkFor(pathname: string): string | undefined {
  // The verifier cannot check anything before it has the trust list.
  if (pathname === '/verify') return '</api/certificates/trust-list>; rel=preload; as=fetch; crossorigin';
  const token = CHECKIN_PATH.exec(pathname)?.[1];
  if (!token) return undefined;
  return `</api/checkin/${token}>; rel=preload; as=fetch; crossorigin`;
}
