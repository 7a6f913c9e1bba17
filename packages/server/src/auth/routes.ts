import { AppError } from '@epilink/core';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { systemAccess } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { users } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { authenticate, endSession, loadSessionUser, startSession } from './session.ts';
import type { SessionUser } from './session.ts';

/** Failed attempts before an account locks, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  jurisdiction: z.object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['province', 'district', 'commune']),
  }),
});
const meSchema = z.object({ user: userSchema });

function present(user: SessionUser): z.input<typeof meSchema> {
  return { user };
}

export const authRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Sign in with username and password',
    tags: ['auth'],
    auth: { kind: 'public' },
    personalData: false,
    body: z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
    response: meSchema,
    async handler({ body, deps, reply, request, ip }) {
      const { db } = deps.database;
      const [user] = await db.select().from(users).where(eq(users.username, body.username));
      const now = new Date();
      if (!user || !user.active) {
        await verifyPassword(await dummyPasswordHash(), body.password);
        throw new AppError('UNAUTHENTICATED');
      }
      if (user.lockedUntil && user.lockedUntil > now) {
        await writeAudit(
          db,
          systemAccess('auth'),
          { ip },
          { action: 'login_failed', entity: 'user', entityId: user.id, details: { reason: 'locked' } },
        );
        throw new AppError('RATE_LIMITED');
      }
      if (!(await verifyPassword(user.passwordHash, body.password))) {
        await db.transaction(async (tx) => {
          await tx
            .update(users)
            .set({
              failedLogins: sql`${users.failedLogins} + 1`,
              lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${MAX_FAILED_LOGINS} then ${new Date(now.getTime() + LOCKOUT_MS)} else ${users.lockedUntil} end`,
            })
            .where(eq(users.id, user.id));
          await writeAudit(
            tx,
            systemAccess('auth'),
            { ip },
            { action: 'login_failed', entity: 'user', entityId: user.id },
          );
        });
        throw new AppError('UNAUTHENTICATED');
      }
      await db.transaction(async (tx) => {
        await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
        await startSession(tx, user.id, reply, request.protocol === 'https');
        await writeAudit(
          tx,
          systemAccess('auth'),
          { ip },
          { action: 'login', entity: 'user', entityId: user.id },
        );
      });
      const sessionUser = await loadSessionUser(db, user.id);
      if (!sessionUser) throw new AppError('FORBIDDEN');
      return present(sessionUser);
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
    async handler({ deps, request, reply }) {
      await endSession(deps.database.db, request, reply);
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/me',
    summary: 'The signed-in official',
    tags: ['auth'],
    auth: { kind: 'public' },
    personalData: false,
    response: meSchema,
    async handler({ deps, request }) {
      const session = await authenticate(deps, request);
      if (!session) throw new AppError('UNAUTHENTICATED');
      return present(session.user);
    },
  }),
];
