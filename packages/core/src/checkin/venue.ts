/**
 * Venue check-in: the pure rules shared by server, web and CLI — venue types, stay limits, the
 * venue token format, the visitor key that makes a duplicate tap store nothing twice, and the
 * overlap of two stays.
 */
import { foldText, normalizeText } from '../text/normalize.ts';

/** Kinds of venue, for activity indicators by type. */
export const VENUE_TYPES = [
  'restaurant',
  'cafe',
  'market',
  'shop',
  'supermarket',
  'office',
  'factory',
  'school',
  'health',
  'religious',
  'transport',
  'hotel',
  'event',
  'public_office',
  'other',
] as const;
export type VenueType = (typeof VENUE_TYPES)[number];

/** Review states of a venue: only an approved venue accepts check-ins. */
export const VENUE_STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const;
export type VenueStatus = (typeof VENUE_STATUSES)[number];

/** How a check-in was recorded. */
export const CHECKIN_METHODS = ['self', 'household', 'guest', 'scan'] as const;
export type CheckinMethod = (typeof CHECKIN_METHODS)[number];

/** Default stay when a venue does not say (automatic check-out after it). */
export const DEFAULT_STAY_MINUTES = 60;
/** Longest stay a check-in can cover: bounds the overlap search's look-back. */
export const MAX_STAY_MINUTES = 720;
/** A venue with no check-in for this many days counts as inactive ("gone quiet"). */
export const ACTIVE_WINDOW_DAYS = 7;

/** Venue tokens: 22 base64url characters (128 random bits), unguessable and printable. */
export const VENUE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/u;

/** True when a string has the shape of a venue token (a cheap filter before any lookup). */
export function isVenueTokenShape(value: string): boolean {
  return VENUE_TOKEN_PATTERN.test(value);
}

/** The check-in URL a venue's QR code opens: short, so the code stays coarse and easy to scan. */
export function checkinUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/u, '')}/c/${token}`;
}

/** The token from a scanned check-in URL (or a bare token); null when it is not one. */
export function tokenFromCheckinUrl(text: string): string | null {
  const trimmed = text.trim();
  const m = /\/c\/([A-Za-z0-9_-]{22})(?:[?#].*)?$/u.exec(trimmed);
  const token = m ? m[1]! : trimmed;
  return isVenueTokenShape(token) ? token : null;
}

/**
 * The visitor key of a check-in: the same person at the same venue within an open stay is the
 * same visit, so a second tap or a retried request stores nothing twice.
 * - a person in the registry: `p:<personId>`;
 * - a guest: `g:<mobile>:<folded name>` (the same phone may be shared by a family).
 */
export function personVisitorKey(personId: string): string {
  return `p:${personId}`;
}

/** The visitor key of a guest (phone already normalised to `0xxxxxxxxx`). */
export function guestVisitorKey(phone: string, fullName: string): string {
  return `g:${phone}:${foldText(fullName)}`;
}

/** A guest's name as stored: NFC, single spaces; null when empty or implausible. */
export function cleanGuestName(raw: string): string | null {
  const name = normalizeText(raw);
  if (name.length === 0 || name.length > 100) return null;
  return /^[\p{L}\p{M}][\p{L}\p{M} '.-]*$/u.test(name) ? name : null;
}

/** Minutes two stays [aIn, aOut) and [bIn, bOut) overlap (0 when they do not). */
export function overlapMinutes(aIn: Date, aOut: Date, bIn: Date, bOut: Date): number {
  const start = Math.max(aIn.getTime(), bIn.getTime());
  const end = Math.min(aOut.getTime(), bOut.getTime());
  return end > start ? Math.round((end - start) / 60_000) : 0;
}

/** Days of check-ins are local days of the province: the one clock's `localDay`. */
export { localDay } from '../time/clock.ts';

/** Opening hours as typed by owners: `07:00-22:00`, several ranges separated by commas. */
export function isOpeningHours(value: string): boolean {
  return /^([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d(, ?([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d)*$/u.test(
    value,
  );
}
