/**
 * Per-account throttling of password sign-ins (beside the per-source buckets of rateLimit.ts).
 * The buckets stop one address; an attacker with many addresses could still guess one account's
 * password without end. So failures are also counted per account name, in the database
 * (`sign_in_throttles`, shared by every process): ACCOUNT_MAX_FAILURES failures within
 * ACCOUNT_WINDOW_MS lock password sign-in under that name for ACCOUNT_LOCK_MS, doubled at each
 * further lock without a success in between, at most ACCOUNT_LOCK_MAX_MS — always time-limited.
 *
 * Unknown names are counted exactly like known ones (the key is the name as typed, hashed), so
 * the lock and its answer say nothing about which names exist. The owner is not locked out by a
 * stranger: an address this account signed in from within KNOWN_SOURCE_DAYS is not held by the
 * lock (it still has its per-source buckets). A successful password step clears the count.
 */
import { createHash } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { systemAccess } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { sessions, signInThrottles } from '../db/schema/index.ts';

/** Failures under one name within the window that lock it. */
export const ACCOUNT_MAX_FAILURES = 10;
/** The window the failures are counted in. */
export const ACCOUNT_WINDOW_MS = 15 * 60 * 1000;
/** The first lock's length; each further lock in a row doubles it, up to the maximum. */
export const ACCOUNT_LOCK_MS = 15 * 60 * 1000;
export const ACCOUNT_LOCK_MAX_MS = 2 * 60 * 60 * 1000;
/** An address the account signed in from within this many days is not held by the lock. */
export const KNOWN_SOURCE_DAYS = 30;
/** Rows idle this long are swept at the next failure. */
const IDLE_MS = 24 * 60 * 60 * 1000;

/** The throttle's key for a name as typed: SHA-256 of it trimmed and lower-cased. */
export function throttleKey(username: string): string {
  return createHash('sha256').update(username.trim().toLowerCase()).digest('hex');
}

/**
 * Until when password sign-in under this name is refused from this address, or null. One query
 * for the lock and one for the known address, whether or not the name exists (`userId` null), so
 * the timing says nothing either.
 */
export async function accountLockedUntil(
  db: DbOrTx,
  key: string,
  userId: string | null,
  ip: string,
  now = new Date(),
): Promise<Date | null> {
  const [row] = await db
    .select({ lockedUntil: signInThrottles.lockedUntil })
    .from(signInThrottles)
    .where(and(eq(signInThrottles.keyHash, key), gt(signInThrottles.lockedUntil, now)));
  const since = new Date(now.getTime() - KNOWN_SOURCE_DAYS * 24 * 60 * 60 * 1000);
  const known = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId ?? '00000000-0000-0000-0000-000000000000'),
        eq(sessions.ip, ip),
        gt(sessions.createdAt, since),
      ),
    )
    .limit(1);
  if (!row?.lockedUntil || (userId !== null && known.length > 0)) return null;
  return row.lockedUntil;
}

/**
 * Count a failed password under this name, in its own transaction. When it reaches the limit the
 * name is locked and a `login_locked` audit row is written (the user's id when the name exists).
 * Returns the lock's end when this failure locked it, else null.
 */
export async function recordAccountFailure(
  db: DbOrTx,
  key: string,
  userId: string | null,
  origin: AuditOrigin,
  now = new Date(),
): Promise<Date | null> {
  return db.transaction(async (tx) => {
    await tx
      .insert(signInThrottles)
      .values({ keyHash: key, failures: 0, windowStartedAt: now })
      .onConflictDoNothing();
    const [row] = await tx
      .select()
      .from(signInThrottles)
      .where(eq(signInThrottles.keyHash, key))
      .for('update');
    if (!row) return null;
    const idle = now.getTime() - row.windowStartedAt.getTime();
    const windowOver = idle >= ACCOUNT_WINDOW_MS;
    const failures = windowOver ? 1 : row.failures + 1;
    // A day without failures forgets the earlier locks.
    const locks = idle >= IDLE_MS ? 0 : row.locks;
    if (failures < ACCOUNT_MAX_FAILURES) {
      await tx
        .update(signInThrottles)
        .set({ failures, locks, windowStartedAt: windowOver ? now : row.windowStartedAt })
        .where(eq(signInThrottles.keyHash, key));
      await sweepIdle(tx, now);
      return null;
    }
    const lockMs = Math.min(ACCOUNT_LOCK_MS * 2 ** locks, ACCOUNT_LOCK_MAX_MS);
    const lockedUntil = new Date(now.getTime() + lockMs);
    await tx
      .update(signInThrottles)
      .set({ failures: 0, locks: locks + 1, windowStartedAt: now, lockedUntil })
      .where(eq(signInThrottles.keyHash, key));
    await writeAudit(tx, systemAccess('auth'), origin, {
      action: 'login_locked',
      entity: 'user',
      ...(userId ? { entityId: userId } : {}),
      details: { reason: 'password_failures', failedAttempts: failures, lockMinutes: lockMs / 60_000 },
    });
    return lockedUntil;
  });
}

/** A successful password step: the name's count and locks are forgotten. */
export async function clearAccountFailures(db: DbOrTx, key: string): Promise<void> {
  await db.delete(signInThrottles).where(eq(signInThrottles.keyHash, key));
}

async function sweepIdle(tx: DbOrTx, now: Date): Promise<void> {
  const before = new Date(now.getTime() - IDLE_MS);
  await tx
    .delete(signInThrottles)
    .where(
      and(
        lt(signInThrottles.windowStartedAt, before),
        sql`(${signInThrottles.lockedUntil} is null or ${signInThrottles.lockedUntil} < ${now})`,
      ),
    );
}
