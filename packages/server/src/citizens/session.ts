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
import { HOT_PATH_LINGER, MicroBatcher } from '../db/microBatch.ts';
import { citizenSessions, persons } from '../db/schema/index.ts';
import { today } from '../registry/units/repository.ts';

export const CITIZEN_COOKIE = 'epilink_citizen';
/**
 * A readable companion of the citizen cookie, value `1`, set and cleared with it: the citizen
 * pages ask for the citizen's records only when it is there, so a visitor who never signed in
 * sees no refused request (#19 item 14). It carries nothing: the session is the HttpOnly cookie.
 */
export const CITIZEN_HINT_COOKIE = 'epilink_citizen_hint';

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
  reply.setCookie(CITIZEN_HINT_COOKIE, '1', {
    ...cookieOptions(request.protocol === 'https', SESSION_ABSOLUTE_MS),
    httpOnly: false,
  });
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
  reply.clearCookie(CITIZEN_HINT_COOKIE, { path: '/' });
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
export interface Member {
  id: string;
  dateOfBirth: string | null;
}
/** One session found by a lookup statement (also the session part of a carrying check-in statement). */
export interface SessionRow {
  /** The province's day the batch was looked up on (the guardianship rule's ages are on it). */
  on: string;
  token_hash: string;
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
 * The session lookup of `authenticateCitizen` for a batch of requests ($1 token hashes, $2 now,
 * $3 idle limit): the live sessions of verified bindings, each one's person resolved through
 * merges (at most 10 hops, as `resolvePersonId`) and that person's household in the order the
 * guardianship rule reads it — what `resolvePersonId` + `visiblePersonIds` read in three to four
 * queries per request — with the once-a-minute touch of `last_seen_at` (the idle timeout) in the
 * same statement. The touch skips a session row another batch is touching at that moment (`skip
 * locked`: no waits, no deadlock between two batches holding the same sessions in another order;
 * that batch touches it) and commits asynchronously (`synchronous_commit` off for this statement's
 * transaction only): lost in a crash it makes the session expire sooner, never later, and nothing
 * else is written here. Every join by id is a lateral lookup (`offset 0` keeps it one): a
 * nested loop over the primary keys whatever the batch size and statistics — as a plain join,
 * a batch of ~60 tokens (20,000 people, 4 Dec) or a recursive step (estimated at ten times its
 * rows) was hash-joined against every citizen or person (EXPLAIN ANALYZE: 13 ms against 1.3 ms).
 */
const SESSION_CTES = `live as (
    select cs.token_hash, c.id as citizen_id, c.person_id, cs.last_seen_at
    from citizen_sessions cs
      cross join lateral (select c.id, c.person_id, c.verified_at from citizens c where c.id = cs.citizen_id offset 0) c
    where cs.token_hash = any($1::text[]) and cs.revoked_at is null
      -- Only a verified phone binding signs in (issue #9 item 6): older guessed bindings end.
      and c.verified_at is not null
      and cs.expires_at > $2::timestamptz
      and cs.last_seen_at > $3::timestamptz),
  chain (token_hash, id, merged_into, hop) as (
    select live.token_hash, p.id, p.merged_into, 0
    from live cross join lateral (select p.id, p.merged_into from persons p where p.id = live.person_id offset 0) p
    union all
    select chain.token_hash, p.id, p.merged_into, chain.hop + 1
    from chain cross join lateral (select p.id, p.merged_into from persons p where p.id = chain.merged_into offset 0) p
    where chain.hop < 9),
  stale as (
    select t.token_hash from citizen_sessions t join live on live.token_hash = t.token_hash
    where live.last_seen_at < $2::timestamptz - interval '${TOUCH_EVERY_S} seconds'
    order by t.token_hash
    for update of t skip locked),
  touched as (
    update citizen_sessions t set last_seen_at = $2::timestamptz from stale
    where t.token_hash = stale.token_hash
    returning 1)`;

/** The session rows ($touched: how the touch is counted, which makes the statement run it). */
const sessionSelect = (touched: string): string => `select live.token_hash, live.citizen_id,
       ${touched}::int as touched,
       me.id as person_id, me.date_of_birth::text as date_of_birth, me.household_id,
       case when me.household_id is null then '[]'::json else (
         select coalesce(json_agg(json_build_object('id', m.id, 'dateOfBirth', m.date_of_birth::text)
                                  order by m.date_of_birth, m.id), '[]'::json)
         from persons m where m.household_id = me.household_id and m.merged_into is null) end as household
from live join chain on chain.token_hash = live.token_hash and chain.merged_into is null
  join persons me on me.id = chain.id`;

const SESSIONS_SQL = `with recursive ${SESSION_CTES},
  lazy as (select set_config('synchronous_commit', 'off', true) from (select 1 from touched limit 1) one)
${sessionSelect('(select count(*) from lazy)')}`;

/**
 * The session lookup carried by a statement that also records check-ins (checkin/batch.ts): the
 * same CTEs and rows, each row tagged `o_kind = 's'`, followed by that statement's check-in rows.
 * No asynchronous commit here: the statement stores check-ins, so its commit is synchronous (the
 * touch is then durable too, which is harmless).
 */
export const SESSION_RIDE_CTES = SESSION_CTES;
/** The session rows of a carried lookup, with `o_kind = 's'` (see SESSION_RIDE_CTES). */
export const SESSION_RIDE_SELECT = sessionSelect('(select count(*) from touched)');

/**
 * Concurrent session lookups of this process share one statement (db/microBatch.ts): on the
 * check-in hot path, 70 % of the requests are citizens', and a round trip per request cost more
 * than the lookup itself. Nothing is cached: each lookup is answered by a statement sent after the
 * request arrived, so a session revoked, logged out or expired before is refused.
 */
const lookups = new WeakMap<Database, MicroBatcher<string, SessionRow | null>>();

/** The parameters of a lookup of these token hashes: $1 hashes, $2 now, $3 idle limit. */
function sessionParams(hashes: string[]): unknown[] {
  const now = new Date();
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
  return [[...new Set(hashes)], now.toISOString(), idleSince.toISOString()];
}

/** One answer per token hash, in order: its session row or null. */
function sessionAnswers(hashes: string[], rows: Omit<SessionRow, 'on'>[]): (SessionRow | null)[] {
  const on = today();
  const byHash = new Map(rows.map((r) => [r.token_hash, { ...r, on }]));
  return hashes.map((h) => byHash.get(h) ?? null);
}

/**
 * What sends a session lookup ($1-$3) together with the check-ins waiting at that moment and
 * returns its session rows, or null when no check-in waits (checkin/batch.ts registers it).
 */
export type CheckinCarrier = (params: unknown[]) => Promise<Omit<SessionRow, 'on'>[] | null>;

const carriers = new WeakMap<Database, CheckinCarrier>();

/** Let this database's session statements carry the check-ins waiting when they leave. */
export function carryCheckinsWith(database: Database, carrier: CheckinCarrier): void {
  carriers.set(database, carrier);
}

/** Session lookups taken off the queue to ride on another statement (checkin/batch.ts). */
export interface SessionRide {
  /** $1-$3 of SESSION_RIDE_CTES. */
  params: unknown[];
  /** Answer the lookups with the rows the carrying statement returned. */
  answer(rows: Omit<SessionRow, 'on'>[]): void;
  /** The carrying statement failed: send the lookups on their own (nothing was committed). */
  retry(): void;
}

/**
 * The session lookups waiting at this moment (none: null), to be answered by a statement that the
 * check-in batcher sends anyway: one round trip instead of two. A lookup is never delayed for it,
 * it only leaves the queue earlier than it would have.
 */
export function takeWaitingSessionLookups(database: Database, max: number): SessionRide | null {
  const batcher = lookupsFor(database);
  const taken = batcher.takeWaiting(max);
  if (taken.length === 0) return null;
  const hashes = taken.map((p) => p.item);
  return {
    params: sessionParams(hashes),
    answer: (rows) => {
      batcher.settle(taken, sessionAnswers(hashes, rows));
    },
    retry: () => {
      void batcher.answerTaken(taken);
    },
  };
}

function lookupsFor(database: Database): MicroBatcher<string, SessionRow | null> {
  let b = lookups.get(database);
  if (!b) {
    b = new MicroBatcher(
      async (hashes: string[]) => {
        const params = sessionParams(hashes);
        const carried = await carriers.get(database)?.(params);
        if (carried) return sessionAnswers(hashes, carried);
        const rows = await rawQuery<SessionRow>(database, 'citizen_sessions_v2', SESSIONS_SQL, params);
        return sessionAnswers(hashes, rows);
      },
      database.kind === 'postgres'
        ? { maxInFlight: 2, maxItems: 500, linger: HOT_PATH_LINGER }
        : { maxInFlight: 1, maxItems: 500 },
    );
    lookups.set(database, b);
  }
  return b;
}

/**
 * Session lookup batches answered by this process on a database so far (`carried`: of those, the ones
 * a check-in statement carried, no statement of their own), and lookups answered.
 */
export function citizenSessionLookupStats(database: Database): {
  batches: number;
  items: number;
  carried: number;
} {
  return { ...lookupsFor(database).stats };
}

/**
 * Resolve the citizen cookie to a live session, or null: the live session of a verified binding,
 * its person resolved through merges and the records the citizen may see (self + wards), looked up
 * with the concurrent requests' lookups in one statement (see above). Nothing is cached: a revoked
 * or expired session is refused on its next request.
 */
export async function authenticateCitizen(
  database: Database,
  request: FastifyRequest,
): Promise<CitizenSession | null> {
  const token = request.cookies[CITIZEN_COOKIE];
  if (!token || token.length > 100) return null;
  const tokenHash = hashToken(token);
  const row = await lookupsFor(database).submit(tokenHash);
  if (!row) return null;
  const household: Member[] =
    typeof row.household === 'string' ? (JSON.parse(row.household) as Member[]) : row.household;
  const personIds = citizenVisiblePersonIds(
    { id: row.person_id, dateOfBirth: row.date_of_birth },
    household,
    row.on,
  );
  return {
    citizenId: row.citizen_id,
    personId: row.person_id,
    personIds,
    tokenHash,
    access: citizenAccess({ id: row.citizen_id, personId: row.person_id, personIds }),
  };
}
