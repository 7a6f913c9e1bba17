/**
 * Group commit for the check-in hot path. Concurrent check-in requests of this process are
 * collected and recorded together by ONE call of the SQL function `checkin_record_many`
 * (migration 0013): one statement and one commit (one WAL flush) for the whole batch, instead of
 * one round trip and one commit per request.
 *
 * A request arriving while fewer than `maxInFlight` batches run is sent at the next turn of the
 * event loop (with whatever else arrived in the same turn); under load the requests arriving while
 * batches run wait for the next one, so batches grow with the load. On PostgreSQL, once arrivals
 * pass ~500/s, a batch whose slot is free may also wait up to 4 ms to fill (`HOT_PATH_LINGER`,
 * db/microBatch.ts): each statement's fixed cost is then shared by more check-ins.
 *
 * Durability is unchanged: a caller is answered only after the statement holding its check-in has
 * committed (autocommit, `synchronous_commit` on). A process killed meanwhile answers nobody.
 * A (token, visitor) pair appears at most once per batch (a second tap waits for the next batch,
 * where it finds the open stay). If a batch fails, its requests are retried one by one, so one
 * bad request cannot fail the others (a retry of a committed batch finds the open stays: nothing
 * is stored twice).
 */
import {
  carryCheckinsWith,
  SESSION_RIDE_CTES,
  SESSION_RIDE_SELECT,
  takeWaitingSessionLookups,
} from '../citizens/session.ts';
import type { SessionRide, SessionRow } from '../citizens/session.ts';
import type { Database } from '../db/client.ts';
import { HOT_PATH_LINGER, SendClock } from '../db/microBatch.ts';
import type { Linger } from '../db/microBatch.ts';
import { rawQuery } from './raw.ts';

/** One visitor of a check-in request (see record.ts). */
export interface BatchVisitor {
  visitorKey: string;
  personId: string | null;
  method: string;
  guestPhone?: string | null;
  guestName?: string | null;
}

/** What the batch gives back for one request: the venue of its token, and its inserted check-ins. */
export interface BatchAnswer<V> {
  venue: V | null;
  inserted: Map<string, { id: string; in: string | Date; out: string | Date }>;
}

interface Pending<V> {
  token: string;
  visitors: BatchVisitor[];
  recordedBy: string | null;
  /** When it was queued (`performance.now()`). */
  at: number;
  resolve(answer: BatchAnswer<V>): void;
  reject(e: unknown): void;
}

interface ManyRow<V> {
  o_token: string | null;
  o_venue: V | null;
  o_venue_id: string | null;
  o_visitor_key: string | null;
  o_id: string | null;
  o_in: string | Date | null;
  o_out: string | Date | null;
}

const MANY_SQL =
  'select * from checkin_record_many($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[])';

/**
 * A check-in batch carrying the citizen session lookups waiting when it is sent ($1-$3 theirs,
 * $4-$10 the check-ins'): one round trip and one statement for both (docs/checkin.md, "Session
 * lookups ride on check-in batches"). Rows with `o_kind = 's'` are sessions, `'c'` check-ins. The
 * session part is the lookup's own SQL without its asynchronous commit: this statement stores
 * check-ins and commits synchronously.
 */
export const RIDE_SQL = `with recursive ${SESSION_RIDE_CTES},
  rec as (select * from checkin_record_many($4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::uuid[]))
select 's'::text as o_kind, s.token_hash, s.citizen_id, s.touched, s.person_id, s.date_of_birth, s.household_id,
       s.household, null::text as o_token, null::json as o_venue, null::uuid as o_venue_id,
       null::text as o_visitor_key, null::bigint as o_id, null::timestamptz as o_in, null::timestamptz as o_out
from (${SESSION_RIDE_SELECT}) s
union all
select 'c', null::text, null::uuid, null::int, null::uuid, null::text, null::uuid, null::json,
       rec.o_token, rec.o_venue, rec.o_venue_id, rec.o_visitor_key, rec.o_id, rec.o_in, rec.o_out
from rec`;

interface RideRow<V> extends ManyRow<V>, Omit<SessionRow, 'on'> {
  o_kind: 's' | 'c';
}

/** The session columns of a carrying statement's rows (`o_kind = 's'`). */
export type SessionRideRow = Omit<RideRow<never>, keyof ManyRow<never> | 'o_kind'>;

/** $1-$7 of checkin_record_many for a batch: one array per column, one element per visitor. */
function checkinParams<V>(batch: Pending<V>[]): unknown[] {
  const flat = batch.flatMap((p) => p.visitors.map((v) => ({ p, v })));
  return [
    flat.map((x) => x.p.token),
    flat.map((x) => x.v.visitorKey),
    flat.map((x) => x.v.personId),
    flat.map((x) => x.v.method),
    flat.map((x) => x.v.guestPhone ?? null),
    flat.map((x) => x.v.guestName ?? null),
    flat.map((x) => x.p.recordedBy),
  ];
}

/** Batching limits: batches running at once (connections used) and visitors per batch. */
export interface BatchOptions {
  maxInFlight: number;
  maxVisitors: number;
  /** Carry the citizen session lookups waiting when a batch is sent (see RIDE_SQL). */
  carrySessions: boolean;
  /** Wait a little for a fuller batch under load (db/microBatch.ts); none when absent. */
  linger?: Linger;
}

/** Collects concurrent check-ins and records them in batches (see module comment). */
export class CheckinBatcher<V extends { id: string }> {
  private queue: Pending<V>[] = [];
  private inFlight = 0;
  private readonly clock: SendClock;
  /** Batches answered by a session statement that carried them (what a test reads). */
  readonly stats = { carriedBySessions: 0 };

  constructor(
    private readonly database: Database,
    private readonly options: BatchOptions,
  ) {
    this.clock = new SendClock(options.linger);
  }

  /** Record the visitors at the venue of a token; resolves after the commit. */
  submit(token: string, visitors: BatchVisitor[], recordedBy: string | null): Promise<BatchAnswer<V>> {
    return new Promise((resolve, reject) => {
      const at = performance.now();
      this.queue.push({ token, visitors, recordedBy, at, resolve, reject });
      this.clock.arrived(at, this.queue.length);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.clock.pending || this.inFlight >= this.options.maxInFlight || this.queue.length === 0) return;
    this.clock.schedule(this.queue.length, this.queue[0]!.at, () => {
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.take();
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  /** The next batch: queue order, each (token, visitor) once, at most maxVisitors visitors. */
  private take(): Pending<V>[] {
    const batch: Pending<V>[] = [];
    const rest: Pending<V>[] = [];
    const seen = new Set<string>();
    let visitors = 0;
    for (const p of this.queue) {
      const keys = p.visitors.map((v) => `${p.token}|${v.visitorKey}`);
      const full = batch.length > 0 && visitors + p.visitors.length > this.options.maxVisitors;
      if (full || keys.some((k) => seen.has(k))) {
        rest.push(p);
        continue;
      }
      for (const k of keys) seen.add(k);
      visitors += p.visitors.length;
      batch.push(p);
    }
    this.queue = rest;
    return batch;
  }

  private async run(batch: Pending<V>[]): Promise<void> {
    let rows: ManyRow<V>[];
    try {
      rows = await this.call(batch);
    } catch (e) {
      if (batch.length === 1) {
        batch[0]!.reject(e);
        return;
      }
      // One by one, so the failure stays with the request that caused it.
      await Promise.all(batch.map((p) => this.run([p])));
      return;
    }
    this.dispatch(batch, rows);
  }

  /** Answer each request of a batch from the statement's check-in rows. */
  private dispatch(batch: Pending<V>[], rows: ManyRow<V>[]): void {
    const venues = new Map<string, V | null>();
    const inserted = new Map<string, { id: string; in: string | Date; out: string | Date }>();
    for (const r of rows) {
      if (r.o_token !== null) venues.set(r.o_token, r.o_venue);
      else
        inserted.set(`${r.o_venue_id}|${r.o_visitor_key}`, {
          id: String(r.o_id),
          in: r.o_in!,
          out: r.o_out!,
        });
    }
    for (const p of batch) {
      const venue = venues.get(p.token) ?? null;
      const mine = new Map<string, { id: string; in: string | Date; out: string | Date }>();
      if (venue) {
        for (const v of p.visitors) {
          const key = `${venue.id}|${v.visitorKey}`;
          const row = inserted.get(key);
          if (row) {
            mine.set(v.visitorKey, row);
            inserted.delete(key); // two tokens of one venue in a batch: the second sees a duplicate
          }
        }
      }
      p.resolve({ venue, inserted: mine });
    }
  }

  /**
   * Send the session lookups of `sessionParams` (a session statement about to leave) with the
   * check-ins waiting at this moment, in one statement; null when none wait (the lookups then go on
   * their own). The check-ins are answered here; if the statement fails they are sent as a batch of
   * their own (one by one if that fails too) and the error goes back to the lookups.
   */
  async carryWithSessions(sessionParams: unknown[]): Promise<SessionRideRow[] | null> {
    if (!this.options.carrySessions || this.queue.length === 0) return null;
    const batch = this.take();
    if (batch.length === 0) return null;
    let rows: RideRow<V>[];
    try {
      rows = await rawQuery<RideRow<V>>(this.database, 'checkin_ride_sessions', RIDE_SQL, [
        ...sessionParams,
        ...checkinParams(batch),
      ]);
    } catch (e) {
      void this.run(batch);
      throw e;
    }
    this.stats.carriedBySessions++;
    this.dispatch(
      batch,
      rows.filter((r) => r.o_kind === 'c'),
    );
    return rows.filter((r) => r.o_kind === 's');
  }

  private async call(batch: Pending<V>[]): Promise<ManyRow<V>[]> {
    const params = checkinParams(batch);
    const ride: SessionRide | null = this.options.carrySessions
      ? takeWaitingSessionLookups(this.database, this.options.maxVisitors)
      : null;
    if (!ride) return rawQuery<ManyRow<V>>(this.database, 'checkin_record_many', MANY_SQL, params);
    let rows: RideRow<V>[];
    try {
      rows = await rawQuery<RideRow<V>>(this.database, 'checkin_ride_sessions', RIDE_SQL, [
        ...ride.params,
        ...params,
      ]);
    } catch (e) {
      // Nothing of the statement committed: the lookups go on their own, the check-ins fail over
      // to one by one (run).
      ride.retry();
      throw e;
    }
    ride.answer(rows.filter((r) => r.o_kind === 's'));
    return rows.filter((r) => r.o_kind === 'c');
  }
}

const batchers = new WeakMap<Database, CheckinBatcher<{ id: string }>>();

/**
 * Two batches at once on PostgreSQL (one commit flushing while the next batch fills), one on
 * PGlite (a single connection). Interleaved on the shared 2-core machine (load 6-8), 8 in flight
 * gave ~11 % more check-ins/s than 2 but a ~20 % higher p99; 4 was within the noise of 2.
 */
function defaultOptions(database: Database): BatchOptions {
  return {
    maxInFlight: database.kind === 'postgres' ? 2 : 1,
    maxVisitors: 500,
    carrySessions: true,
    ...(database.kind === 'postgres' ? { linger: HOT_PATH_LINGER } : {}),
  };
}

/** The batcher of a database (one per database per process). */
export function batcherFor<V extends { id: string }>(database: Database): CheckinBatcher<V> {
  let b = batchers.get(database);
  if (!b) {
    const created = new CheckinBatcher(database, defaultOptions(database));
    // A session statement leaving before the next check-in batch carries the check-ins waiting.
    carryCheckinsWith(database, (params) => created.carryWithSessions(params));
    b = created;
    batchers.set(database, b);
  }
  return b as unknown as CheckinBatcher<V>;
}
