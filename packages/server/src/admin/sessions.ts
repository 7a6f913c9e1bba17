/**
 * Session oversight for security officers (and province administrators): every live session of
 * officials, and revoking one or all of an account's. Province-level `session:manage` only.
 */
import { AppError, canManageSessions } from '@epilink/core';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { revokeUserSessions, SESSION_IDLE_MS } from '../auth/session.ts';
import { sessions, users } from '../db/schema/index.ts';
import { afterCursor, keyText, nextCursorSchema, orderByKey, pageOf, pageQuery } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';

/** The session list's order: newest sign-in first (a stable key: last-seen moves while paging). */
const SESSION_KEY: KeyPart[] = [
  { column: sessions.createdAt, type: 'timestamptz' },
  { column: sessions.id, type: 'uuid' },
];

function requireSessionAdmin(access: Access): void {
  const { actor } = access;
  if (actor.kind !== 'user' || !canManageSessions(actor.role, actor.jurisdiction.level))
    throw new AppError('FORBIDDEN');
}

const liveSession = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  role: z.string(),
  stage: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  expiresAt: z.date(),
});

export const adminSessionRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/sessions',
    summary: 'Live sessions of officials (security officers), newest sign-in first, keyset-paginated',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'session:manage' },
    personalData: false,
    query: z.strictObject({ userId: z.uuid().optional(), ...pageQuery(200, 1000) }),
    response: z.object({ items: z.array(liveSession), nextCursor: nextCursorSchema }),
    async handler({ deps, access, query }) {
      requireSessionAdmin(access);
      const now = new Date();
      const [k0, k1] = keyText(SESSION_KEY);
      const rows = await deps.database.db
        .select({
          k0: k0!,
          k1: k1!,
          id: sessions.id,
          userId: sessions.userId,
          username: users.username,
          role: users.role,
          stage: sessions.stage,
          ip: sessions.ip,
          userAgent: sessions.userAgent,
          createdAt: sessions.createdAt,
          lastSeenAt: sessions.lastSeenAt,
          expiresAt: sessions.expiresAt,
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(
          and(
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, now),
            gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
            query.userId ? eq(sessions.userId, query.userId) : undefined,
            afterCursor(SESSION_KEY, query.cursor, 'desc'),
          ),
        )
        .orderBy(...orderByKey(SESSION_KEY, 'desc'))
        .limit(query.limit + 1);
      const page = pageOf(rows, query.limit, (r) => [r.k0, r.k1]);
      return { items: page.items.map(({ k0: _k0, k1: _k1, ...s }) => s), nextCursor: page.nextCursor };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/sessions/:id/revoke',
    summary: 'Revoke one session',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'session:manage' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    response: null,
    successStatus: 204,
    async handler({ deps, access, params, origin }) {
      requireSessionAdmin(access);
      await deps.database.db.transaction(async (tx) => {
        const rows = await tx
          .update(sessions)
          .set({ revokedAt: new Date() })
          .where(and(eq(sessions.id, params.id), isNull(sessions.revokedAt)))
          .returning({ userId: sessions.userId });
        if (rows.length === 0) throw new AppError('NOT_FOUND');
        await writeAudit(tx, access, origin, {
          action: 'session_revoke',
          entity: 'session',
          entityId: params.id,
          details: { userId: rows[0]!.userId },
        });
      });
      return undefined;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/users/:id/revoke-sessions',
    summary: 'Revoke every session of an account (sign it out everywhere)',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'session:manage' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    response: z.object({ revoked: z.number() }),
    async handler({ deps, access, params, origin }) {
      requireSessionAdmin(access);
      return deps.database.db.transaction(async (tx) => {
        const revoked = await revokeUserSessions(tx, params.id);
        await writeAudit(tx, access, origin, {
          action: 'logout_all',
          entity: 'user',
          entityId: params.id,
          details: { revoked },
        });
        return { revoked };
      });
    },
  }),
];
