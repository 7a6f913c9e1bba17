/**
 * One-time enrolment codes (issue #9, low: "whoever holds an initial or reset password can bind
 * the authenticator first"). When an administrator creates an account or resets its two-factor
 * or password, the account gets a one-time enrolment code, shown to the administrator once (as a
 * code and a link `/login?enrol=CODE`) and handed to the official by another way than the
 * password. While a code is set, `POST /api/auth/2fa/enrol` shows a secret only with it; a wrong
 * code counts as a failed second-factor attempt (five lock the account). Completing enrolment
 * clears it. Only its SHA-256 is stored.
 */
import { createHash, randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { users } from '../db/schema/index.ts';

/** How long an enrolment code stays valid. */
export const ENROLMENT_CODE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Crockford-style alphabet: no 0/O, 1/I/L to misread when typed from a paper slip. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function normalize(code: string): string {
  return code.toUpperCase().replace(/[\s-]/gu, '');
}

function hashCode(code: string): string {
  return createHash('sha256')
    .update(`enrol:${normalize(code)}`)
    .digest('hex');
}

/** A fresh code: 16 characters (≈ 79 bits) in four groups, e.g. `K7QF-2MZD-WXHP-9RTA`. */
export function newEnrolmentCode(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Give the account a new enrolment code (the previous one stops working); returns it once. */
export async function issueEnrolmentCode(
  tx: DbOrTx,
  userId: string,
): Promise<{ code: string; expiresAt: Date }> {
  const code = newEnrolmentCode();
  const expiresAt = new Date(Date.now() + ENROLMENT_CODE_TTL_MS);
  await tx
    .update(users)
    .set({ enrolmentCodeHash: hashCode(code), enrolmentCodeExpiresAt: expiresAt })
    .where(eq(users.id, userId));
  return { code, expiresAt };
}

/**
 * True when the account may bind an authenticator with the code given: no code was issued
 * (an account made on the server's command line, whose operator chose the password), or the code
 * matches and has not expired.
 */
export function enrolmentAllowed(
  user: { enrolmentCodeHash: string | null; enrolmentCodeExpiresAt: Date | null },
  code: string | undefined,
): boolean {
  if (user.enrolmentCodeHash === null) return true;
  if (code === undefined || user.enrolmentCodeExpiresAt === null) return false;
  return user.enrolmentCodeExpiresAt > new Date() && hashCode(code) === user.enrolmentCodeHash;
}
