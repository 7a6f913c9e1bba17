/**
 * The database work of officials' sign-in (the services behind auth/routes.ts and twoFactor.ts):
 * the account by name, failed attempts and the lock, the session opened at the password step, an
 * official's own sessions and password. Sign-in runs before there is an access, so these take
 * the database the route named with `deps.system(reason)`, or the chain's transaction.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { systemAccess } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { sessions, users } from '../db/schema/index.ts';
import { SESSION_IDLE_MS, startSession } from './session.ts';
import type { SessionStage } from './session.ts';

/** Failed attempts (password or second factor) before an account locks, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** An account by its exact username (undefined when there is none). */
export async function userByUsername(db: DbOrTx, username: string) {
  const [found] = await db.select().from(users).where(eq(users.username, username));
  return found;
}

/** An account by id (undefined when there is none). */
export async function userById(db: DbOrTx, id: string) {
  const [found] = await db.select().from(users).where(eq(users.id, id));
  return found;
}

/**
 * The password step passed: open the session at its stage and audit the sign-in, in one
 * transaction. The failure counter resets only when sign-in completes (stage `active`).
 */
export async function openSignInSession(
  db: DbOrTx,
  args: { access: Access; origin: AuditOrigin; request: FastifyRequest; reply: FastifyReply },
  userId: string,
  stage: SessionStage,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (stage === 'active')
      await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
    await startSession(tx, userId, args.reply, args.request, stage);
    await writeAudit(tx, args.access, args.origin, {
      action: 'login',
      entity: 'user',
      entityId: userId,
      details: { stage },
    });
  });
}

/**
 * Count a failed attempt (password or second factor); the account locks for LOCKOUT_MS at
 * MAX_FAILED_LOGINS. Returns true when this attempt locked it.
 */
export async function recordFailedAttempt(
  db: DbOrTx,
  userId: string,
  origin: AuditOrigin,
  action: 'login_failed' | 'login_2fa_failed',
): Promise<boolean> {
  const lockUntil = new Date(Date.now() + LOCKOUT_MS);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({
        // A lock that has run out starts the count again: one failure must not re-lock at once.
        failedLogins: sql`case when ${users.lockedUntil} <= now() then 1 else ${users.failedLogins} + 1 end`,
        lockedUntil: sql`case when ${users.lockedUntil} <= now() then null when ${users.failedLogins} + 1 >= ${MAX_FAILED_LOGINS} then ${lockUntil} else ${users.lockedUntil} end`,
      })
      .where(eq(users.id, userId))
      .returning({ failed: users.failedLogins });
    const locked = (row?.failed ?? 0) >= MAX_FAILED_LOGINS;
    await writeAudit(tx, systemAccess('auth'), origin, {
      action: locked ? 'login_locked' : action,
      entity: 'user',
      entityId: userId,
      details: { failedAttempts: row?.failed ?? null },
    });
    if (locked) {
      // A lock also ends sessions waiting for their second factor.
      await tx
        .update(sessions)
        .set({ revokedAt: new Date() })
        .where(and(eq(sessions.userId, userId), ne(sessions.stage, 'active'), isNull(sessions.revokedAt)));
    }
    return locked;
  });
}

/** Live sessions of one user (not revoked, not idle, not expired), newest first. */
export async function liveSessionsOf(db: DbOrTx, userId: string) {
  const now = new Date();
  return db
    .select({
      id: sessions.id,
      tokenHash: sessions.tokenHash,
      stage: sessions.stage,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    )
    .orderBy(desc(sessions.createdAt));
}

/** End one of the official's own sessions; false when it is not theirs or already ended. */
export async function revokeOwnSession(tx: DbOrTx, userId: string, sessionId: string): Promise<boolean> {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Store a new password hash and end the official's other sessions (the current one stays). */
export async function changePassword(
  tx: DbOrTx,
  userId: string,
  passwordHash: string,
  currentTokenHash: string,
): Promise<void> {
  await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
  await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(sessions.userId, userId), ne(sessions.tokenHash, currentTokenHash), isNull(sessions.revokedAt)),
    );
}

/**
 * The signed-in official's own password change, in one transaction with its audit row: the new
 * hash, and every other session of theirs ended.
 */
export async function changeOwnPassword(
  db: DbOrTx,
  who: { access: Access; origin: AuditOrigin },
  userId: string,
  passwordHash: string,
  currentTokenHash: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await changePassword(tx, userId, passwordHash, currentTokenHash);
    await writeAudit(tx, who.access, who.origin, {
      action: 'password_change',
      entity: 'user',
      entityId: userId,
    });
  });
}
