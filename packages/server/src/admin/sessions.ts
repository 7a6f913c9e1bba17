/**
 * Session oversight for security officers (and province administrators): every live session of
 * officials, and revoking one or all of an account's. Province-level `session:manage` only.
 */
import { AppError, canManageSessions } from '@epilink/core';
import { z } from 'zod';
import type { Access } from '../access/context.ts';
import { revokeUserSessions } from '../auth/session.ts';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { listLiveSessions, revokeSession } from './liveSessions.ts';

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
    async handler({ tx, access, query }) {
      requireSessionAdmin(access);
      return listLiveSessions(tx, query);
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
    async handler({ tx, access, params, audit }) {
      requireSessionAdmin(access);
      const userId = await revokeSession(tx, params.id);
      if (userId === null) throw new AppError('NOT_FOUND');
      await audit({ action: 'session_revoke', entity: 'session', entityId: params.id, details: { userId } });
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
    async handler({ tx, access, params, audit }) {
      requireSessionAdmin(access);
      const revoked = await revokeUserSessions(tx, params.id);
      await audit({ action: 'logout_all', entity: 'user', entityId: params.id, details: { revoked } });
      return { revoked };
    },
  }),
];
