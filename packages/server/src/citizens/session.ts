/**
 * Citizens' sessions: a cookie of its own (`epilink_citizen`), HttpOnly and SameSite=Strict, a
 * random token stored as SHA-256; idle 30 min, absolute 12 h, like officials'. Each request
 * recomputes which records the citizen may see (self + wards by the household rule), so a
 * child turning 16 or a household change takes effect at once.
 */
import { citizenVisiblePersonIds } from '@epilink/core';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { citizenAccess } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { cookieOptions, hashToken, newToken, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../auth/session.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import { rawQuery } from '../checkin/raw.ts';
import { citizenSessions, persons } from '../db/schema/index.ts';
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

/** A household member as the guardianship rule reads it. */
interface Member {
  id: string;
  dateOfBirth: string | null;
}
interface SessionRow {
  citizen_id: string;
  touched: number;
  person_id: string;
  date_of_birth: string | null;
  household_id: string | null;
  household: string | Member[];
}

/** `last_seen_at` is written at most once a minute per session. */
const TOUCH_EVERY_S = 60;

/**
 * The session lookup of `authenticateCitizen` ($1 token hash, $2 now, $3 idle limit), with the
 * once-a-minute touch of `last_seen_at` (the idle timeout) in the same statement: one round trip
 * instead of a second autocommitted UPDATE on most citizen requests (a citizen checks in minutes
 * or hours apart). The touch commits asynchronously (`synchronous_commit` off for this statement's
 * transaction only): lost in a crash it makes the session expire sooner, never later, and nothing
 * else is written here.
 */
const SESSION_SQL = `with recursive live as (
    select c.id as citizen_id, c.person_id, cs.last_seen_at
    from citizen_sessions cs join citizens c on c.id = cs.citizen_id
    where cs.token_hash = $1::text and cs.revoked_at is null
      -- Only a verified phone binding signs in (issue #9 item 6): older guessed bindings end.
      and c.verified_at is not null
      and cs.expires_at > $2::timestamptz
      and cs.last_seen_at > $3::timestamptz
    limit 1),
  chain (id, merged_into, hop) as (
    select p.id, p.merged_into, 0 from persons p join live on p.id = live.person_id
    union all
    select p.id, p.merged_into, chain.hop + 1 from chain join persons p on p.id = chain.merged_into
    where chain.hop < 9),
  survivor as (select id from chain where merged_into is null limit 1),
  touched as (
    update citizen_sessions t set last_seen_at = $2::timestamptz
    from live where t.token_hash = $1::text and live.last_seen_at < $2::timestamptz - interval '${TOUCH_EVERY_S} seconds'
    returning 1),
  lazy as (select set_config('synchronous_commit', 'off', true) from touched)
select live.citizen_id, (select count(*) from lazy)::int as touched,
       me.id as person_id, me.date_of_birth::text as date_of_birth, me.household_id,
       case when me.household_id is null then '[]'::json else (
         select coalesce(json_agg(json_build_object('id', m.id, 'dateOfBirth', m.date_of_birth::text)
                                  order by m.date_of_birth, m.id), '[]'::json)
         from persons m where m.household_id = me.household_id and m.merged_into is null) end as household
from live join survivor on true join persons me on me.id = survivor.id`;

/**
 * Resolve the citizen cookie to a live session, or null. One round trip on the hot path (a
 * check-in per visitor): the live session of a verified binding, its person resolved through
 * merges (at most 10 hops, as `resolvePersonId`), and that person's household in the order the
 * guardianship rule reads it — what `resolvePersonId` + `visiblePersonIds` read in three to four.
 * Nothing is cached: a revoked or expired session is refused on its next request.
 */
export async function authenticateCitizen(
  database: Database,
  request: FastifyRequest,
): Promise<CitizenSession | null> {
  const token = request.cookies[CITIZEN_COOKIE];
  if (!token || token.length > 100) return null;
  const tokenHash = hashToken(token);
  const now = new Date();
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
  // A named prepared statement straight on the driver (checkin/raw.ts): parsed and planned once per
  // connection instead of on every citizen request, and no query builder on the hot path.
  const [row] = await rawQuery<SessionRow>(database, 'citizen_session_v1', SESSION_SQL, [
    tokenHash,
    now.toISOString(),
    idleSince.toISOString(),
  ]);
  if (!row) return null;
  const household: Member[] =
    typeof row.household === 'string' ? (JSON.parse(row.household) as Member[]) : row.household;
  const personIds = citizenVisiblePersonIds(
    { id: row.person_id, dateOfBirth: row.date_of_birth },
    household,
    today(),
  );
  return {
    citizenId: row.citizen_id,
    personId: row.person_id,
    personIds,
    tokenHash,
    access: citizenAccess({ id: row.citizen_id, personId: row.person_id, personIds }),
  };
}
