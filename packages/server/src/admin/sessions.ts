/**
 * Session oversight for security officers (and province administrators): every live session of
 * officials, and revoking one or all of an account's. Province-level `session:manage` only.
 */
import { AppError, canManageSessions } from '@epilink/core';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { revokeUserSessions, SESSION_IDLE_MS } from '../auth/session.ts';
import { sessions, users } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';

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
    summary: 'Live sessions of officials (security officers)',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'session:manage' },
    personalData: false,
    query: z.strictObject({ userId: z.uuid().optional() }),
    response: z.object({ items: z.array(liveSession) }),
    async handler({ deps, access, query }) {
      requireSessionAdmin(access);
      const now = new Date();
      const items = await deps.database.db
        .select({
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
          ),
        )
        .orderBy(desc(sessions.lastSeenAt))
        .limit(1000);
      return { items };
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
