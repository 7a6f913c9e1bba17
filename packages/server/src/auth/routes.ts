import { AppError } from '@epilink/core';
import { z } from 'zod';
import { systemAccess, userAccess } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { defineRoute } from '../http/route.ts';
import {
  accountLockedUntil,
  clearAccountFailures,
  recordAccountFailure,
  throttleKey,
} from './accountThrottle.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { authenticate, endSession, initialStage, loadSessionUser, revokeUserSessions } from './session.ts';
import type { SessionStage, SessionUser } from './session.ts';
import {
  changeOwnPassword,
  liveSessionsOf,
  openSignInSession,
  revokeOwnSession,
  userById,
  userByUsername,
} from './signIn.ts';
import { checkPasswordStrength } from './users.ts';

export { LOCKOUT_MS, MAX_FAILED_LOGINS } from './signIn.ts';
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
/** `GET /api/auth/me`: the session's official, or nobody (`user: null`, stage `anonymous`). */
export const meOrNobodySchema = z.union([
  meSchema,
  z.object({ user: z.null(), stage: z.literal('anonymous') }),
]);

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
      // No caller yet: the account, its counters and the new session are the sign-in's own work.
      const { db } = deps.system('official sign-in: the account by username (no access yet)');
      // Throttled by source: (address, name) and address buckets in this process.
      const pairKey = `${request.ip}|${body.username.trim().toLowerCase()}`;
      const limits = deps.limits;
      const throttled =
        limits !== undefined &&
        (!limits.signInFailuresPerPair.available(pairKey) ||
          !limits.signInFailuresPerIp.available(request.ip));
      const found = await userByUsername(db, body.username);
      // And by account name, across processes and addresses (accountThrottle.ts): known and
      // unknown names alike, so neither the lock nor its answer tells which names exist.
      const accountKey = throttleKey(body.username);
      const lockedUntil = await accountLockedUntil(db, accountKey, found?.id ?? null, request.ip);
      // The same work whatever the outcome: unknown users are checked against a dummy hash.
      const passwordOk = await verifyPassword(
        found?.passwordHash ?? (await dummyPasswordHash()),
        body.password,
      );
      const reason = lockedUntil ? 'account_throttled' : signInRefusal(found, passwordOk, throttled);
      if (reason !== null || !found) {
        if (!throttled && limits) {
          limits.signInFailuresPerPair.take(pairKey);
          limits.signInFailuresPerIp.take(request.ip);
        }
        // A failure while the name is locked does not lengthen the lock (it ends when it said).
        const lockedNow =
          throttled || lockedUntil
            ? null
            : await recordAccountFailure(db, accountKey, found?.id ?? null, origin);
        await writeAudit(db, systemAccess('auth'), origin, {
          action: 'login_failed',
          entity: 'user',
          ...(found ? { entityId: found.id } : {}),
          details: { reason: reason ?? 'unknown_or_inactive' },
        });
        const until = lockedUntil ?? lockedNow;
        if (until) {
          const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
          throw new AppError('SIGN_IN_THROTTLED', { params: { minutes } });
        }
        // Unknown, inactive, wrong, locked or throttled: one answer (status, message), so it tells nothing.
        throw new AppError('SIGN_IN_FAILED');
      }
      await clearAccountFailures(db, accountKey);
      const sessionUser = await loadSessionUser(db, found.id);
      if (!sessionUser) throw new AppError('UNAUTHENTICATED');
      const stage = initialStage(sessionUser);
      await openSignInSession(db, { access: accessOf(sessionUser), origin, request, reply }, found.id, stage);
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
    async handler({ deps, tx, request, reply, origin }) {
      const session = await authenticate(deps, request);
      await endSession(tx, request, reply);
      if (session) {
        await writeAudit(tx, session.access, origin, {
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
    async handler({ deps, tx, audit, request, reply }) {
      const session = (await authenticate(deps, request))!;
      const revoked = await revokeUserSessions(tx, session.user.id);
      await audit({
        action: 'logout_all',
        entity: 'user',
        entityId: session.user.id,
        details: { revoked },
      });
      reply.clearCookie('epilink_session', { path: '/' });
      return { revoked };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/me',
    summary:
      'The signed-in official and the stage of the session; nobody signed in is an answer (user null), not an error',
    tags: ['auth'],
    auth: { kind: 'public' },
    personalData: false,
    response: meOrNobodySchema,
    async handler({ deps, request }) {
      const session = await authenticate(deps, request);
      // "Who am I" for a visitor without a session is "nobody": the sign-in page asks it on every
      // visit and a 401 there is a console error in every browser. No other route changes.
      if (!session) return { user: null, stage: 'anonymous' as const };
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
    async handler({ deps, tx, request }) {
      const session = (await authenticate(deps, request))!;
      const rows = await liveSessionsOf(tx, session.user.id);
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
    async handler({ deps, tx, audit, request, params }) {
      const session = (await authenticate(deps, request))!;
      if (!(await revokeOwnSession(tx, session.user.id, params.id))) throw new AppError('NOT_FOUND');
      await audit({ action: 'session_revoke', entity: 'session', entityId: params.id });
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
    ownTransaction:
      'password change: a wrong current password is counted and audited although the request fails',
    rateLimit: SIGN_IN_RATE_LIMIT,
    body: z.strictObject({
      currentPassword: z.string().min(1).max(200),
      newPassword: z.string().min(1).max(200),
    }),
    response: null,
    successStatus: 204,
    async handler({ deps, tx, request, body, origin }) {
      const session = (await authenticate(deps, request))!;
      // A stolen session guessing the password it lacks is throttled like a sign-in guesser: by
      // source (IP, and IP with this account), and per account name in the database — the same
      // count as sign-in's, so guesses from many addresses lock the name (accountThrottle.ts);
      // an address the owner signed in from is not held, so she is never locked out by it.
      const pairKey = `${request.ip}|${session.user.username.toLowerCase()}`;
      const accountKey = throttleKey(session.user.username);
      const limits = deps.limits;
      const throttled =
        (limits !== undefined &&
          (!limits.signInFailuresPerPair.available(pairKey) ||
            !limits.signInFailuresPerIp.available(request.ip))) ||
        (await accountLockedUntil(tx, accountKey, session.user.id, request.ip)) !== null;
      const user = await userById(tx, session.user.id);
      const passwordOk =
        user !== undefined && (await verifyPassword(user.passwordHash, body.currentPassword));
      if (throttled || !passwordOk) {
        if (!throttled) {
          limits?.signInFailuresPerPair.take(pairKey);
          limits?.signInFailuresPerIp.take(request.ip);
          await recordAccountFailure(tx, accountKey, session.user.id, origin);
        }
        // Outside any transaction: the refusal below must not roll the count and its audit back.
        await writeAudit(tx, session.access, origin, {
          action: 'login_failed',
          entity: 'user',
          entityId: session.user.id,
          details: { reason: throttled ? 'throttled' : 'wrong_current_password' },
        });
        throw new AppError('FORBIDDEN');
      }
      checkPasswordStrength(body.newPassword);
      await changeOwnPassword(
        tx,
        { access: session.access, origin },
        user.id,
        await hashPassword(body.newPassword),
        session.tokenHash,
      );
      // The current password was proven: the name's failure count is forgotten, as at sign-in.
      await clearAccountFailures(tx, accountKey);
      return undefined;
    },
  }),
];
