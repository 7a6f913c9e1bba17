import { AppError } from '@epilink/core';
import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { systemAccess, userAccess } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { sessions, users } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import {
  authenticate,
  endSession,
  initialStage,
  loadSessionUser,
  revokeUserSessions,
  SESSION_IDLE_MS,
  startSession,
} from './session.ts';
import type { SessionStage, SessionUser } from './session.ts';
import { checkPasswordStrength } from './users.ts';

/** Failed attempts (password or second factor) before an account locks, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** Per-IP limit on the sign-in endpoints (besides the per-account lockout). */
export const SIGN_IN_RATE_LIMIT = { max: 30, perSeconds: 60 };

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  jurisdiction: z.object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['province', 'district', 'commune']),
  }),
  twoFactor: z.object({ required: z.boolean(), enrolled: z.boolean() }),
});
/** The signed-in official and the stage of their session (`totp`/`enrol`: second factor pending). */
export const meSchema = z.object({ user: userSchema, stage: z.enum(['active', 'totp', 'enrol']) });

/** The present of a session user (only what the schema declares leaves). */
export function presentMe(user: SessionUser, stage: SessionStage): z.input<typeof meSchema> {
  return { user, stage };
}

/** The access used to audit an official's own sign-in events. */
export function accessOf(user: SessionUser): Access {
  return userAccess({
    id: user.id,
    username: user.username,
    role: user.role as Parameters<typeof userAccess>[0]['role'],
    jurisdiction: user.jurisdiction,
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

/**
 * Why a password sign-in is refused, or null when it may proceed: the source is throttled, the
 * user is unknown or inactive, the account is locked (second-factor failures), or the password is
 * wrong. Recorded in the audit trail only — the caller gets the same answer for all of them.
 */
export function signInRefusal(
  user: { active: boolean; lockedUntil: Date | null } | undefined,
  passwordOk: boolean,
  throttled: boolean,
): 'throttled' | 'unknown_or_inactive' | 'locked' | 'wrong_password' | null {
  if (throttled) return 'throttled';
  if (!user?.active) return 'unknown_or_inactive';
  if (user.lockedUntil && user.lockedUntil > new Date()) return 'locked';
  return passwordOk ? null : 'wrong_password';
}

/** Throw RATE_LIMITED when the account is locked. */
export function assertNotLocked(user: { lockedUntil: Date | null }): void {
  if (user.lockedUntil && user.lockedUntil > new Date()) throw new AppError('RATE_LIMITED');
}

const sessionSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  stage: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  expiresAt: z.date(),
});

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

export const authRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Sign in with username and password (then the second factor where required)',
    tags: ['auth'],
    auth: { kind: 'public' },
    personalData: false,
    ownTransaction: 'sign-in: a failed attempt is counted and audited although the request fails',
    rateLimit: SIGN_IN_RATE_LIMIT,
    body: z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
    response: meSchema,
    async handler({ body, deps, reply, request, origin }) {
      const { db } = deps.database;
      // Throttled by source, not by account: a guesser elsewhere cannot lock the owner out.
      const pairKey = `${request.ip}|${body.username.trim().toLowerCase()}`;
      const limits = deps.limits;
      const throttled =
        limits !== undefined &&
        (!limits.signInFailuresPerPair.available(pairKey) ||
          !limits.signInFailuresPerIp.available(request.ip));
      const [found] = await db.select().from(users).where(eq(users.username, body.username));
      // The same work whatever the outcome: unknown users are checked against a dummy hash.
      const passwordOk = await verifyPassword(
        found?.passwordHash ?? (await dummyPasswordHash()),
        body.password,
      );
      const reason = signInRefusal(found, passwordOk, throttled);
      if (reason !== null || !found) {
        if (!throttled && limits) {
          limits.signInFailuresPerPair.take(pairKey);
          limits.signInFailuresPerIp.take(request.ip);
        }
        await writeAudit(db, systemAccess('auth'), origin, {
          action: 'login_failed',
          entity: 'user',
          ...(found ? { entityId: found.id } : {}),
          details: { reason: reason ?? 'unknown_or_inactive' },
        });
        // Unknown, inactive, wrong, locked or throttled: one answer (status, message), so it tells nothing.
        throw new AppError('SIGN_IN_FAILED');
      }
      const user = found;
      const sessionUser = await loadSessionUser(db, user.id);
      if (!sessionUser) throw new AppError('UNAUTHENTICATED');
      const stage = initialStage(sessionUser);
      await db.transaction(async (tx) => {
        // The password counter resets only when sign-in completes (after the second factor).
        if (stage === 'active')
          await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
        await startSession(tx, user.id, reply, request, stage);
        await writeAudit(tx, accessOf(sessionUser), origin, {
          action: 'login',
          entity: 'user',
          entityId: user.id,
          details: { stage },
        });
      });
      return presentMe(sessionUser, stage);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'Sign out (revokes this session)',
    tags: ['auth'],
    auth: { kind: 'public' },
    personalData: false,
    response: null,
    successStatus: 204,
    async handler({ deps, request, reply, origin }) {
      const session = await authenticate(deps, request);
      await endSession(deps.database.db, request, reply);
      if (session) {
        await writeAudit(deps.database.db, session.access, origin, {
          action: 'logout',
          entity: 'session',
          entityId: session.id,
        });
      }
      return undefined;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/logout-all',
    summary: 'Sign out everywhere: revoke every session of the signed-in official',
    tags: ['auth'],
    auth: { kind: 'official' },
    personalData: false,
    response: z.object({ revoked: z.number() }),
    async handler({ deps, access, origin, request, reply }) {
      const session = (await authenticate(deps, request))!;
      const revoked = await deps.database.db.transaction(async (tx) => {
        const n = await revokeUserSessions(tx, session.user.id);
        await writeAudit(tx, access, origin, {
          action: 'logout_all',
          entity: 'user',
          entityId: session.user.id,
          details: { revoked: n },
        });
        return n;
      });
      reply.clearCookie('epilink_session', { path: '/' });
      return { revoked };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/me',
    summary: 'The signed-in official and the stage of the session',
    tags: ['auth'],
    auth: { kind: 'public' },
    personalData: false,
    response: meSchema,
    async handler({ deps, request }) {
      const session = await authenticate(deps, request);
      if (!session) throw new AppError('UNAUTHENTICATED');
      return presentMe(session.user, session.stage);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/sessions',
    summary: 'My live sessions (where I am signed in)',
    tags: ['auth'],
    auth: { kind: 'official' },
    personalData: false,
    response: z.object({ items: z.array(sessionSchema) }),
    async handler({ deps, request }) {
      const session = (await authenticate(deps, request))!;
      const rows = await liveSessionsOf(deps.database.db, session.user.id);
      return { items: rows.map((r) => ({ ...r, current: r.tokenHash === session.tokenHash })) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/sessions/:id/revoke',
    summary: 'End one of my sessions',
    tags: ['auth'],
    auth: { kind: 'official' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    response: null,
    successStatus: 204,
    async handler({ deps, request, params, access, origin }) {
      const session = (await authenticate(deps, request))!;
      const { db } = deps.database;
      await db.transaction(async (tx) => {
        const rows = await tx
          .update(sessions)
          .set({ revokedAt: new Date() })
          .where(
            and(eq(sessions.id, params.id), eq(sessions.userId, session.user.id), isNull(sessions.revokedAt)),
          )
          .returning({ id: sessions.id });
        if (rows.length === 0) throw new AppError('NOT_FOUND');
        await writeAudit(tx, access, origin, {
          action: 'session_revoke',
          entity: 'session',
          entityId: params.id,
        });
      });
      return undefined;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/password',
    summary: 'Change my password (ends my other sessions)',
    tags: ['auth'],
    auth: { kind: 'official' },
    personalData: false,
    rateLimit: SIGN_IN_RATE_LIMIT,
    body: z.strictObject({
      currentPassword: z.string().min(1).max(200),
      newPassword: z.string().min(1).max(200),
    }),
    response: null,
    successStatus: 204,
    async handler({ deps, request, body, access, origin }) {
      const session = (await authenticate(deps, request))!;
      const { db } = deps.database;
      const [user] = await db.select().from(users).where(eq(users.id, session.user.id));
      if (!user || !(await verifyPassword(user.passwordHash, body.currentPassword))) {
        await recordFailedAttempt(db, session.user.id, origin, 'login_failed');
        throw new AppError('FORBIDDEN');
      }
      checkPasswordStrength(body.newPassword);
      const passwordHash = await hashPassword(body.newPassword);
      await db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
        await tx
          .update(sessions)
          .set({ revokedAt: new Date() })
          .where(
            and(
              eq(sessions.userId, user.id),
              ne(sessions.tokenHash, session.tokenHash),
              isNull(sessions.revokedAt),
            ),
          );
        await writeAudit(tx, access, origin, {
          action: 'password_change',
          entity: 'user',
          entityId: user.id,
        });
      });
      return undefined;
    },
  }),
];
