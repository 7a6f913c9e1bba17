/**
 * Citizens' sessions: a cookie of its own (`epilink_citizen`), HttpOnly and SameSite=Strict, a
 * random token stored as SHA-256; idle 30 min, absolute 12 h, like officials'. Each request
 * recomputes which records the citizen may see (self + wards by the household rule), so a
 * child turning 16 or a household change takes effect at once.
 */
import { citizenVisiblePersonIds } from '@epilink/core';
import { and, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { citizenAccess } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { cookieOptions, hashToken, newToken, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../auth/session.ts';
import type { DbOrTx } from '../db/client.ts';
import { citizenSessions, citizens, persons } from '../db/schema/index.ts';
import { resolvePersonId } from '../registry/persons/repository.ts';
import { today } from '../registry/units/repository.ts';

export const CITIZEN_COOKIE = 'epilink_citizen';

/** A signed-in citizen. */
export interface CitizenSession {
  citizenId: string;
  personId: string;
  personIds: string[];
  access: Access;
  tokenHash: string;
}

/** Start a citizen session and set its cookie. */
export async function startCitizenSession(
  db: DbOrTx,
  citizenId: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const token = newToken();
  await db.insert(citizenSessions).values({
    tokenHash: hashToken(token),
    citizenId,
    expiresAt: new Date(Date.now() + SESSION_ABSOLUTE_MS),
  });
  reply.setCookie(CITIZEN_COOKIE, token, cookieOptions(request.protocol === 'https', SESSION_ABSOLUTE_MS));
}

/** End the request's citizen session. */
export async function endCitizenSession(
  db: DbOrTx,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const token = request.cookies[CITIZEN_COOKIE];
  if (token) {
    await db
      .update(citizenSessions)
      .set({ revokedAt: new Date() })
      .where(eq(citizenSessions.tokenHash, hashToken(token)));
  }
  reply.clearCookie(CITIZEN_COOKIE, { path: '/' });
}

/** Self + the household members under 16 when the citizen is an adult (core guardianship rule). */
export async function visiblePersonIds(db: DbOrTx, personId: string): Promise<string[]> {
  const [self] = await db
    .select({ id: persons.id, dateOfBirth: persons.dateOfBirth, householdId: persons.householdId })
    .from(persons)
    .where(eq(persons.id, personId));
  if (!self) return [];
  const household = self.householdId
    ? await db
        .select({ id: persons.id, dateOfBirth: persons.dateOfBirth })
        .from(persons)
        .where(and(eq(persons.householdId, self.householdId), isNull(persons.mergedInto)))
        .orderBy(persons.dateOfBirth, persons.id)
    : [];
  return citizenVisiblePersonIds(self, household, today());
}

/** Resolve the citizen cookie to a live session, or null. */
export async function authenticateCitizen(
  db: DbOrTx,
  request: FastifyRequest,
): Promise<CitizenSession | null> {
  const token = request.cookies[CITIZEN_COOKIE];
  if (!token || token.length > 100) return null;
  const tokenHash = hashToken(token);
  const now = new Date();
  const [row] = await db
    .select({
      citizenId: citizens.id,
      personId: citizens.personId,
      lastSeenAt: citizenSessions.lastSeenAt,
    })
    .from(citizenSessions)
    .innerJoin(citizens, eq(citizens.id, citizenSessions.citizenId))
    .where(
      and(
        eq(citizenSessions.tokenHash, tokenHash),
        isNull(citizenSessions.revokedAt),
        // Only a verified phone binding signs in (issue #9 item 6): older guessed bindings end.
        isNotNull(citizens.verifiedAt),
        gt(citizenSessions.expiresAt, now),
        gt(citizenSessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    )
    .limit(1);
  if (!row) return null;
  // A merged record resolves to its survivor.
  const resolved = await resolvePersonId(db, row.personId);
  if (!resolved) return null;
  const personIds = await visiblePersonIds(db, resolved.id);
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(citizenSessions).set({ lastSeenAt: now }).where(eq(citizenSessions.tokenHash, tokenHash));
  }
  return {
    citizenId: row.citizenId,
    personId: resolved.id,
    personIds,
    tokenHash,
    access: citizenAccess({ id: row.citizenId, personId: resolved.id, personIds }),
  };
}
