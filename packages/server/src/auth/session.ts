import { createHash, randomBytes } from 'node:crypto';
import { isRole, requiresTwoFactor, today } from '@epilink/core';
import type { JurisdictionLevel } from '@epilink/core';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { userAccess } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { AppDeps } from '../deps.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { sessions, users } from '../db/schema/index.ts';

export const SESSION_COOKIE = 'epilink_session';
/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** …and at the latest this long after sign-in. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** A session waiting for its second factor lives this long at most. */
export const PENDING_2FA_MS = 10 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

/** SHA-256 of a token, hex: what the database stores instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh random token (256 bits, base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Stages of an official's session: `totp`/`enrol` wait for the second factor. */
export type SessionStage = 'active' | 'totp' | 'enrol';

/** The signed-in official behind a request, with the access context built for them. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
  jurisdiction: { code: string; name: string; level: JurisdictionLevel };
  facilityId: string | null;
  twoFactor: { required: boolean; enrolled: boolean };
}

export interface Session {
  id: string;
  user: SessionUser;
  access: Access;
  tokenHash: string;
  stage: SessionStage;
}

/** The stage a new session starts at, for a user: second factor first where required. */
export function initialStage(user: SessionUser): SessionStage {
  if (!user.twoFactor.required) return 'active';
  return user.twoFactor.enrolled ? 'totp' : 'enrol';
}

/** Cookie options: HttpOnly, SameSite=Strict, Secure on HTTPS, path `/`. */
export function cookieOptions(secure: boolean, maxAgeMs: number) {
  return { httpOnly: true, sameSite: 'strict' as const, secure, path: '/', maxAge: maxAgeMs / 1000 };
}

/** Create a session for a user at a stage and set its cookie. Returns the session id. */
export async function startSession(
  db: DbOrTx,
  userId: string,
  reply: FastifyReply,
  request: FastifyRequest,
  stage: SessionStage = 'active',
): Promise<string> {
  const token = newToken();
  const lifetime = stage === 'active' ? SESSION_ABSOLUTE_MS : PENDING_2FA_MS;
  const [row] = await db
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      userId,
      stage,
      ip: request.ip,
      userAgent: (request.headers['user-agent'] ?? '').slice(0, 200) || null,
      expiresAt: new Date(Date.now() + lifetime),
    })
    .returning({ id: sessions.id });
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(request.protocol === 'https', SESSION_ABSOLUTE_MS));
  return row!.id;
}

/**
 * Finish the second factor: the pending session is revoked and a new, active one issued under a
 * new token (so a token seen before the second factor is worth nothing after it).
 */
export async function promoteSession(
  db: DbOrTx,
  session: Session,
  reply: FastifyReply,
  request: FastifyRequest,
): Promise<string> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.tokenHash, session.tokenHash));
  return startSession(db, session.user.id, reply, request, 'active');
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

/** Revoke every live session of a user (sign out everywhere, deactivation, 2FA reset). */
export async function revokeUserSessions(db: DbOrTx, userId: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

/**
 * Load a user with their jurisdiction as a session user (null if inactive or unknown). The unit is
 * the latest version of the code that has begun, in force today or not: an official whose commune
 * closed in a reform keeps their session until re-homing moves them. A district-level code that
 * names a health area (registry/units/areas.ts) is shown as that area.
 */
export async function loadSessionUser(db: DbOrTx, userId: string): Promise<SessionUser | null> {
  const rows = await db
    .select(sessionUserColumns())
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)))
    .limit(1);
  return toSessionUser(rows[0]);
}

/** The columns `toSessionUser` reads: the user and their jurisdiction's name and level. */
function sessionUserColumns(day: SQL = sql`${today()}::date`) {
  const unit = sql`(select u.name, u.level from admin_units u where u.code = ${users.jurisdictionCode} and u.valid_from <= ${day} order by u.valid_from desc limit 1)`;
  return {
    id: users.id,
    username: users.username,
    displayName: users.displayName,
    role: users.role,
    code: users.jurisdictionCode,
    facilityId: users.facilityId,
    totpEnabledAt: users.totpEnabledAt,
    name: sql<
      string | null
    >`coalesce((select h.name from health_areas h where h.code = ${users.jurisdictionCode}), (select x.name from ${unit} x))`,
    level: sql<JurisdictionLevel | null>`case when exists (select 1 from health_areas h where h.code = ${users.jurisdictionCode}) then 'district' else (select x.level from ${unit} x) end`,
  };
}

/** A session user from a row of `sessionUserColumns` (null without a row, a role or a unit). */
function toSessionUser(
  row:
    | {
        id: string;
        username: string;
        displayName: string;
        role: string;
        code: string;
        facilityId: string | null;
        totpEnabledAt: Date | null;
        name: string | null;
        level: JurisdictionLevel | null;
      }
    | undefined,
): SessionUser | null {
  if (!row || !isRole(row.role) || row.name === null || row.level === null) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    jurisdiction: { code: row.code, name: row.name, level: row.level },
    facilityId: row.facilityId,
    twoFactor: { required: requiresTwoFactor(row.role, row.level), enrolled: row.totpEnabledAt !== null },
  };
}

/**
 * The session lookup of `db`, with its values as placeholders (`tokenHash`, `now`, `idleSince`,
 * `today`): every request runs it, so it is built once per database instead of per request, and
 * prepared by name (its text never changes) — the server parses and plans it once per connection.
 */
function buildSessionLookup(db: Db) {
  return db
    .select({
      session: { id: sessions.id, lastSeenAt: sessions.lastSeenAt, stage: sessions.stage },
      user: sessionUserColumns(sql`${sql.placeholder('today')}::date`),
    })
    .from(sessions)
    .innerJoin(users, and(eq(users.id, sessions.userId), eq(users.active, true)))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`${sql.placeholder('now')}::timestamptz`),
        gt(sessions.lastSeenAt, sql`${sql.placeholder('idleSince')}::timestamptz`),
      ),
    )
    .limit(1)
    .prepare('epilink_session_lookup');
}
const sessionLookups = new WeakMap<Db, ReturnType<typeof buildSessionLookup>>();

/** The built session lookup of `db` (see `buildSessionLookup`). */
function sessionLookup(db: Db): ReturnType<typeof buildSessionLookup> {
  let lookup = sessionLookups.get(db);
  if (!lookup) {
    lookup = buildSessionLookup(db);
    sessionLookups.set(db, lookup);
  }
  return lookup;
}

/**
 * Resolve the session cookie to a live session (not revoked, not idle, not expired) at any
 * stage, or null. Callers that need a fully signed-in official check `stage === 'active'`.
 */
export async function authenticate(deps: AppDeps, request: FastifyRequest): Promise<Session | null> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token || token.length > 100) return null;
  const tokenHash = hashToken(token);
  const now = new Date();
  // The live session and its (active) user in one statement, built once per database.
  const [live] = await sessionLookup(deps.database.db).execute({
    tokenHash,
    now: now.toISOString(),
    idleSince: new Date(now.getTime() - SESSION_IDLE_MS).toISOString(),
    today: today(),
  });
  if (!live) return null;
  const user = toSessionUser(live.user);
  if (!user || !isRole(user.role)) return null;
  // A role or level that came to require 2FA after sign-in sends the session back to the 2FA step.
  const stage: SessionStage =
    live.session.stage === 'active' && initialStage(user) === 'enrol' ? 'enrol' : live.session.stage;
  if (now.getTime() - live.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await deps.database.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    id: live.session.id,
    tokenHash,
    stage,
    user,
    access: userAccess({
      id: user.id,
      username: user.username,
      role: user.role,
      jurisdiction: user.jurisdiction,
    }),
  };
}
