import { createHash, randomBytes } from 'node:crypto';
import { isRole } from '@epilink/core';
import type { JurisdictionLevel } from '@epilink/core';
import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { userAccess } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { AppDeps } from '../deps.ts';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits, sessions, users } from '../db/schema/index.ts';

export const SESSION_COOKIE = 'epilink_session';
/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** …and at the latest this long after sign-in. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The signed-in official behind a request, with the access context built for them. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
  jurisdiction: { code: string; name: string; level: JurisdictionLevel };
}

export interface Session {
  user: SessionUser;
  access: Access;
  tokenHash: string;
}

/** Create a session for a user and set its cookie (HttpOnly, SameSite=Strict). */
export async function startSession(
  db: DbOrTx,
  userId: string,
  reply: FastifyReply,
  secure: boolean,
): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    expiresAt: new Date(Date.now() + SESSION_ABSOLUTE_MS),
  });
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

/** Revoke the request's session and clear its cookie. */
export async function endSession(db: DbOrTx, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  if (token) {
    await db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(eq(sessions.tokenHash, hashToken(token)));
  }
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Load a user with their jurisdiction unit as a session user (null if inactive or unknown). */
export async function loadSessionUser(db: DbOrTx, userId: string): Promise<SessionUser | null> {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      code: users.jurisdictionCode,
      name: adminUnits.name,
      level: adminUnits.level,
    })
    .from(users)
    .innerJoin(
      adminUnits,
      and(
        eq(adminUnits.code, users.jurisdictionCode),
        lte(adminUnits.validFrom, sql`current_date`),
        or(isNull(adminUnits.validTo), gt(adminUnits.validTo, sql`current_date`)),
      ),
    )
    .where(and(eq(users.id, userId), eq(users.active, true)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    jurisdiction: { code: row.code, name: row.name, level: row.level },
  };
}

/** Resolve the session cookie to a live session (not revoked, not idle, not expired), or null. */
export async function authenticate(deps: AppDeps, request: FastifyRequest): Promise<Session | null> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token || token.length > 100) return null;
  const tokenHash = hashToken(token);
  const now = new Date();
  const { db } = deps.database;
  const [live] = await db
    .select({ userId: sessions.userId, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    )
    .limit(1);
  if (!live) return null;
  const user = await loadSessionUser(db, live.userId);
  if (!user || !isRole(user.role)) return null;
  if (now.getTime() - live.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    tokenHash,
    user,
    access: userAccess({
      id: user.id,
      username: user.username,
      role: user.role,
      jurisdiction: user.jurisdiction,
    }),
  };
}
