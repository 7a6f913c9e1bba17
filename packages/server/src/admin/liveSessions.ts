/**
 * The database work of session oversight (the services behind admin/sessions.ts): live sessions
 * of officials keyset-paginated, and revoking one.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { SESSION_IDLE_MS } from '../auth/session.ts';
import type { DbOrTx } from '../db/client.ts';
import { sessions, users } from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';

/** The session list's order: newest sign-in first (a stable key: last-seen moves while paging). */
const SESSION_KEY: KeyPart[] = [
  { column: sessions.createdAt, type: 'timestamptz' },
  { column: sessions.id, type: 'uuid' },
];

/** One page of live sessions (not revoked, not expired, not idle), newest sign-in first. */
export async function listLiveSessions(
  db: DbOrTx,
  query: { userId?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const now = new Date();
  const [k0, k1] = keyText(SESSION_KEY);
  const rows = await db
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
}

/** Revoke a live session; the account it belonged to, or null when there is none. */
export async function revokeSession(tx: DbOrTx, id: string): Promise<string | null> {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .returning({ userId: sessions.userId });
  return rows[0]?.userId ?? null;
}
