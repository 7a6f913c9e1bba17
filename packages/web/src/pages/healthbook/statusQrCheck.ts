/**
 * Checking a status card's QR on this device (#17 item 2): the status keys and colours come with
 * the trust list the offline verifier already keeps (`/api/certificates/trust-list`, stored in
 * localStorage under the verifier's key), so a venue's scanner and the verifier work with no
 * network once the list has been downloaded.
 */
import { verifyStatusQr } from '@epilink/core/healthbook/statusQr';
import type { StatusQrCheck, StatusQrPublicKey } from '@epilink/core/healthbook/statusQr';

/** The trust list's storage key (shared with the verifier page). */
export const TRUST_LIST_STORAGE_KEY = 'epilink.dcc.trustList';

/** A colour of today's rule as published. */
export interface PublishedColour {
  colour: string;
  hex: string;
  label: { vi: string; en: string };
}

/** The status part of the published trust list. */
export interface StatusTrust {
  statusKeys?: StatusQrPublicKey[];
  statusColours?: PublishedColour[];
}

/** The stored trust list's status part (null when never downloaded or unreadable). */
export function storedStatusTrust(): StatusTrust | null {
  try {
    const raw = localStorage.getItem(TRUST_LIST_STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StatusTrust) : null;
  } catch {
    return null;
  }
}

/** Download the trust list (and keep it); the stored copy when the network is gone. */
export async function loadStatusTrust(): Promise<StatusTrust | null> {
  try {
    const res = await fetch('/api/certificates/trust-list', { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(String(res.status));
    const text = await res.text();
    localStorage.setItem(TRUST_LIST_STORAGE_KEY, text);
    return JSON.parse(text) as StatusTrust;
  } catch {
    return storedStatusTrust();
  }
}

/** What the result card shows: the verdict, the colour's display, whether any key was known. */
export interface StatusQrView {
  check: StatusQrCheck;
  colour: PublishedColour | null;
  noKeys: boolean;
}

/** Check a scanned status QR against the trust list's status keys at `now`. */
export async function checkStatusQr(
  text: string,
  trust: StatusTrust | null,
  now: Date = new Date(),
): Promise<StatusQrView> {
  const keys = trust?.statusKeys ?? [];
  const check = await verifyStatusQr(text, keys, now);
  const colour = check.valid ? (trust?.statusColours?.find((c) => c.colour === check.colour) ?? null) : null;
  return { check, colour, noKeys: keys.length === 0 };
}
