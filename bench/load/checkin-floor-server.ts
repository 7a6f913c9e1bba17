/**
 * The floor of a check-in under issue #11's conditions (`npm run bench -- checkin-floor`): a bare
 * Fastify server with the real server's HTTP settings (as the hello-world baseline,
 * test/checkin/hello.ts) that does only what the rules make every check-in do, in the cheapest
 * design we know — and none of the product's framework (no route chain, no zod, no rate limiters,
 * no security headers, no request log, no error vocabulary):
 *
 * - a citizen (`POST /api/me/checkins`): the session cookie's SHA-256, then in the database the live
 *   session of a verified binding (not revoked, not expired, not idle), its person (one merge hop),
 *   the once-a-minute touch of `last_seen_at` (the idle timeout), and the check-in;
 * - a guest (`POST /api/checkin/:token/guest`): the visitor key (phone + folded name), the
 *   check-in, and the check-out token's HMAC for the tap that created the stay;
 * - the check-in itself through the product's `checkin_record_many` (venue by token, open-stay
 *   probe, the insert with the partition's indexes the overlap search and idempotency need),
 *   committed durably (synchronous commit) before the answer.
 *
 * Everything waiting at a moment leaves in ONE statement — sessions resolved, touched and checked
 * in together (the product needs two stages: its per-caller rate limit sits between the session
 * and the handler) — at most two statements in flight, as the product's batcher. Not a product:
 * no validation, no error answers beyond 401/400; it measures what the database and the HTTP work
 * cost at their least, against the same load generator and hello-world.
 *
 * Env: PORT, DATABASE_URL, TRUST_PROXY, DB_POOL_SIZE (4).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { guestVisitorKey } from '../../packages/core/src/checkin/venue.ts';
import { fastifyTrustProxy, parseTrustProxy } from '../../packages/server/src/http/trustProxy.ts';

const BODY_LIMIT_BYTES = 1024 * 1024;
const MAX_IN_FLIGHT = 2;
const MAX_ITEMS = 500;
/**
 * `FLOOR_STAGES=2`: the product's shape instead — the citizens' sessions first in a statement of
 * their own (batched), then every check-in in a second batched statement — to measure what the
 * second stage costs beside the one-statement floor.
 */
const TWO_STAGES = process.env.FLOOR_STAGES === '2';

const trust = parseTrustProxy(process.env.TRUST_PROXY);
if (trust !== false && typeof trust === 'object' && !Array.isArray(trust)) throw new Error(trust.problem);
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 4),
  options: '-c jit=off',
});
const hmacKey = randomBytes(32);

/**
 * The sessions of `req` (columns i, token_hash; null for a guest): `live` (the live session of a
 * verified binding, not revoked, expired or idle, and its person through one merge hop) and
 * `touched` (the once-a-minute touch of last_seen_at). Both statements below use it.
 */
const SESSION_CTES = `live as (
    select req.i, s.token_hash, s.person_id, s.last_seen_at from req
      cross join lateral (
        select cs.token_hash, coalesce(p.merged_into, p.id) as person_id, cs.last_seen_at
        from citizen_sessions cs
          cross join lateral (select c.person_id, c.verified_at from citizens c where c.id = cs.citizen_id offset 0) c
          cross join lateral (select p.id, p.merged_into from persons p where p.id = c.person_id offset 0) p
        where cs.token_hash = req.token_hash and cs.revoked_at is null and c.verified_at is not null
          and cs.expires_at > now() and cs.last_seen_at > now() - interval '30 minutes'
        offset 0) s
    where req.token_hash is not null),
  touched as (
    update citizen_sessions t set last_seen_at = now() from live
    where t.token_hash = live.token_hash and live.last_seen_at < now() - interval '60 seconds'
    returning 1)`;

/**
 * The statement below, as the product's hot-path functions are (0019): a plpgsql function whose
 * plan is made once per connection (no planning per call: a custom plan of this statement cost
 * ~1.5 ms per call here) and pinned to index probes and nested loops whatever the batch size (a
 * plain generic plan was measured 3-5 times dearer per check-in for large batches).
 */
const FLOOR_FUNCTION = (body: string): string => `create or replace function bench_checkin_floor(
    p_venue_tokens text[], p_token_hashes text[], p_keys text[], p_phones text[], p_names text[])
  returns table (k text, i int, a text, j json, id bigint, t_in timestamptz, t_out timestamptz)
  language plpgsql volatile
  set plan_cache_mode = force_generic_plan set jit = off set enable_seqscan = off
  set enable_hashjoin = off set enable_mergejoin = off set max_parallel_workers_per_gather = 0
as $fn$
#variable_conflict use_column
begin return query ${body.replace(/\$(\d)/gu, (_, n: string) => ['', 'p_venue_tokens', 'p_token_hashes', 'p_keys', 'p_phones', 'p_names'][Number(n)]!)}; end; $fn$`;

/**
 * $1 venue tokens, $2 session token hashes (null for a guest), $3 guest visitor keys, $4 phones,
 * $5 names — one element per request. Rows: kind 'l' (request i's person, a live session),
 * 'v' (a venue), 'r' (an inserted check-in).
 */
const FLOOR_SQL = `with req as (
    select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) with ordinality
      as r(venue_token, token_hash, visitor_key, phone, name, i)),
  ${SESSION_CTES},
  batch as (
    select req.i, req.venue_token, 'p:' || live.person_id as visitor_key, live.person_id, 'self' as method,
           null::text as phone, null::text as name
    from req join live on live.i = req.i
    union all
    select req.i, req.venue_token, req.visitor_key, null::uuid, 'guest', req.phone, req.name
    from req where req.token_hash is null),
  rec as (
    select * from checkin_record_many(
      (select array_agg(venue_token order by i) from batch), (select array_agg(visitor_key order by i) from batch),
      (select array_agg(person_id order by i) from batch), (select array_agg(method order by i) from batch),
      (select array_agg(phone order by i) from batch), (select array_agg(name order by i) from batch),
      (select array_agg(null::uuid) from batch)))
select 'l' as k, i::int as i, visitor_key as a, null::json as j, null::bigint as id, null::timestamptz as t_in,
       null::timestamptz as t_out from batch
union all
select 'v', null, o_token, o_venue, null, null, null from rec where o_token is not null
union all
select 'r', null, o_visitor_key, null, o_id, o_in, o_out from rec where o_token is null`;

interface Row {
  k: 'l' | 'v' | 'r';
  i: number | null;
  a: string;
  j: { id: string; name: string } | null;
  id: string | null;
  t_in: Date | null;
  t_out: Date | null;
}

interface Pending {
  venueToken: string;
  tokenHash: string | null;
  visitorKey: string | null;
  phone: string | null;
  name: string | null;
  resolve(answer: Answer): void;
  reject(e: unknown): void;
}
type Answer = {
  venue: { id: string; name: string } | null;
  visitorKey: string | null;
  visit: Row | null;
};

/** Concurrent items leave together: at most MAX_IN_FLIGHT statements at once, MAX_ITEMS each. */
class Batcher<I, O> {
  private queue: { item: I; resolve(o: O): void; reject(e: unknown): void }[] = [];
  private inFlight = 0;
  private scheduled = false;
  constructor(private readonly send: (items: I[]) => Promise<O[]>) {}

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.queue.length > 0 && this.inFlight < MAX_IN_FLIGHT) {
        const batch = this.queue.splice(0, MAX_ITEMS);
        this.inFlight++;
        void this.send(batch.map((b) => b.item))
          .then(
            (out) => {
              batch.forEach((b, n) => {
                b.resolve(out[n]!);
              });
            },
            (e: unknown) => {
              for (const b of batch) b.reject(e);
            },
          )
          .finally(() => {
            this.inFlight--;
            this.schedule();
          });
      }
    });
  }
}

type Item = Omit<Pending, 'resolve' | 'reject'>;

/** One statement: sessions, touch and check-ins together. */
async function sendFused(batch: Item[]): Promise<Answer[]> {
  const res = await pool.query<Row>({
    name: 'checkin_floor',
    text: 'select * from bench_checkin_floor($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])',
    values: [
      batch.map((p) => p.venueToken),
      batch.map((p) => p.tokenHash),
      batch.map((p) => p.visitorKey),
      batch.map((p) => p.phone),
      batch.map((p) => p.name),
    ],
  });
  const keyOf = new Map<number, string>();
  const venues = new Map<string, { id: string; name: string }>();
  const visits = new Map<string, Row>();
  for (const r of res.rows) {
    if (r.k === 'l') keyOf.set(r.i!, r.a);
    else if (r.k === 'v') venues.set(r.a, r.j!);
    else visits.set(r.a, r);
  }
  return batch.map((p, n) => {
    const visitorKey = keyOf.get(n + 1) ?? null;
    return {
      venue: venues.get(p.venueToken) ?? null,
      visitorKey,
      visit: visitorKey ? (visits.get(visitorKey) ?? null) : null,
    };
  });
}

/** Stage 1 of the two-stage shape: the sessions (live, verified, touched) → person ids. */
const SESSIONS_SQL = `with req as (select * from unnest($1::text[]) with ordinality as r(token_hash, i)),
  ${SESSION_CTES}
select i::int as i, person_id from live`;

const sessions = new Batcher<string, string | null>(async (hashes) => {
  const res = await pool.query<{ i: number; person_id: string }>({
    name: 'checkin_floor_sessions',
    text: SESSIONS_SQL,
    values: [hashes],
  });
  const byI = new Map(res.rows.map((r) => [r.i, r.person_id]));
  return hashes.map((_, n) => byI.get(n + 1) ?? null);
});

interface Visit {
  venueToken: string;
  visitorKey: string;
  personId: string | null;
  phone: string | null;
  name: string | null;
}
/** Stage 2 of the two-stage shape: the check-ins, by the product's checkin_record_many. */
const checkins = new Batcher<Visit, Omit<Answer, 'visitorKey'>>(async (batch) => {
  const res = await pool.query<{
    o_token: string | null;
    o_venue: { id: string; name: string } | null;
    o_visitor_key: string | null;
    o_id: string | null;
    o_in: Date | null;
    o_out: Date | null;
  }>({
    name: 'checkin_floor_many',
    text: 'select * from checkin_record_many($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[])',
    values: [
      batch.map((v) => v.venueToken),
      batch.map((v) => v.visitorKey),
      batch.map((v) => v.personId),
      batch.map((v) => (v.personId ? 'self' : 'guest')),
      batch.map((v) => v.phone),
      batch.map((v) => v.name),
      batch.map(() => null),
    ],
  });
  const venues = new Map<string, { id: string; name: string }>();
  const visits = new Map<string, Row>();
  for (const r of res.rows) {
    if (r.o_token !== null) venues.set(r.o_token, r.o_venue!);
    else
      visits.set(r.o_visitor_key!, {
        k: 'r',
        i: null,
        a: r.o_visitor_key!,
        j: null,
        id: r.o_id,
        t_in: r.o_in,
        t_out: r.o_out,
      });
  }
  return batch.map((v) => ({
    venue: venues.get(v.venueToken) ?? null,
    visit: visits.get(v.visitorKey) ?? null,
  }));
});

const fused = new Batcher<Item, Answer>(sendFused);

async function submit(item: Item): Promise<Answer> {
  if (!TWO_STAGES) return fused.submit(item);
  let visitorKey = item.visitorKey;
  let personId: string | null = null;
  if (item.tokenHash) {
    personId = await sessions.submit(item.tokenHash);
    if (!personId) return { venue: null, visitorKey: null, visit: null };
    visitorKey = `p:${personId}`;
  }
  const a = await checkins.submit({
    venueToken: item.venueToken,
    visitorKey: visitorKey!,
    personId,
    phone: item.phone,
    name: item.name,
  });
  return { ...a, visitorKey };
}

const app = Fastify({
  logger: false,
  trustProxy: fastifyTrustProxy(trust),
  bodyLimit: BODY_LIMIT_BYTES,
  routerOptions: { maxParamLength: 200 },
});
app.get('/healthz', () => ({ ok: true }));

const COOKIE = /(?:^|;\s*)epilink_citizen=([^;]{1,100})/u;

app.post('/api/me/checkins', async (request, reply) => {
  const token = COOKIE.exec(request.headers.cookie ?? '')?.[1];
  const body = request.body as { token?: unknown };
  if (!token || typeof body.token !== 'string') return reply.code(401).send({ error: 'unauthenticated' });
  const a = await submit({
    venueToken: body.token,
    tokenHash: createHash('sha256').update(token).digest('hex'),
    visitorKey: null,
    phone: null,
    name: null,
  });
  if (!a.visitorKey) return reply.code(401).send({ error: 'unauthenticated' });
  if (!a.venue) return reply.code(404).send({ error: 'not found' });
  return {
    venue: { name: a.venue.name },
    visits: a.visit
      ? [
          {
            id: a.visit.id,
            checkedInAt: a.visit.t_in,
            checkedOutAt: a.visit.t_out,
            personId: a.visitorKey.slice(2),
          },
        ]
      : [],
  };
});

app.post<{ Params: { token: string } }>('/api/checkin/:token/guest', async (request, reply) => {
  const body = request.body as { phone?: unknown; fullName?: unknown };
  if (typeof body.phone !== 'string' || typeof body.fullName !== 'string')
    return reply.code(400).send({ error: 'invalid' });
  const visitorKey = guestVisitorKey(body.phone, body.fullName);
  const a = await submit({
    venueToken: request.params.token,
    tokenHash: null,
    visitorKey,
    phone: body.phone,
    name: body.fullName,
  });
  if (!a.venue) return reply.code(404).send({ error: 'not found' });
  const visit = a.visit;
  return {
    venue: { name: a.venue.name },
    visits: visit ? [{ id: visit.id, checkedInAt: visit.t_in, checkedOutAt: visit.t_out }] : [],
    checkoutToken: visit
      ? `${visit.id}.${createHmac('sha256', hmacKey).update(`${a.venue.id}|${visit.id}|${visitorKey}`).digest('base64url')}`
      : null,
  };
});

await pool.query(FLOOR_FUNCTION(FLOOR_SQL));
await app.listen({ port: Number(process.env.PORT ?? 3998), host: '127.0.0.1' });
