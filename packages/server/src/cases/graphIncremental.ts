/**
 * Incremental degree updates: after the incoming edges of some people changed (an edge confirmed,
 * proposed or dismissed, a person becoming an F0), core `updateDegrees` visits only the people
 * whose degree can change — lower degrees spread down from where the change happened, raised
 * ones (a dismissed edge, an exposure that now comes too late) re-derive the people who got their
 * degree through it — with exactly the result of a search over the whole component. The graph is
 * read in batches of people (their edges, the stored degrees of their neighbours, the F0s among
 * them) and the changed rows are written in one statement. Nothing reloads the whole component.
 *
 * Locking (PostgreSQL; on PGlite transactions are serial anyway). Inside `withEpiGraphRetry`, an
 * update holds the disease's graph lock SHARED (a full recompute holds it exclusive, so the two
 * never overlap) and locks people, not the disease: exclusive for each person whose edges it reads
 * (everyone whose degree or status it may write), shared for each neighbour whose stored degree it
 * reads, each taken before the reads it protects. Every writer of an edge u → v holds v exclusive
 * and u at least shared, so holding a person exclusive keeps its edges still. Two updates thus
 * never read what the other writes, and every stored degree stays the best its sources give —
 * which, degree by degree, is the search from scratch.
 * Locks are tried, never waited for: a person held by another update makes the whole transaction
 * roll back and run again (`EpiGraphBusyError`), so two updates never wait on each other in a
 * cycle; the last attempt (and every caller outside `withEpiGraphRetry`) takes the disease lock
 * exclusive, as a full recompute does. Two tracers working in distant parts of one component thus
 * proceed in parallel, and two touching the same people are applied one after the other.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DegreeUpdateError, localDate, updateDegrees } from '@epilink/core';
import type { DegreeSeed, Degrees, Neighbourhood, UpdateEdge } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import type { LiveEvent } from '../events/publish.ts';
import type { EpiRow } from './graph.ts';
import {
  epiGraphKey,
  lockEpiGraph,
  recomputeComponent,
  statusFacts,
  storeEpiRows,
  uuidArray,
} from './graph.ts';

/**
 * Another transaction holds one of the people an incremental update needs (or the update must run
 * under the exclusive lock): the transaction is rolled back and run again by `withEpiGraphRetry`.
 */
export class EpiGraphBusyError extends Error {
  constructor(readonly exclusive: boolean) {
    super(exclusive ? 'the degree update needs the exclusive graph lock' : 'a person of the graph is busy');
    this.name = 'EpiGraphBusyError';
  }
}

/** Whether degree updates of the running transaction may lock people (inside `withEpiGraphRetry`). */
const lockMode = new AsyncLocalStorage<{ perPerson: boolean }>();

/** Attempts with per-person locks before the last, exclusive one. */
const FINE_ATTEMPTS = 12;

/**
 * Run a transaction that updates degrees (`run` opens it) so that its incremental update may lock
 * people instead of the whole disease: when a person is busy the transaction is rolled back and
 * run again after a short random pause; the last attempt takes the exclusive graph lock (it always
 * succeeds, after the updates before it).
 */
export async function withEpiGraphRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const perPerson = attempt < FINE_ATTEMPTS;
    try {
      return await lockMode.run({ perPerson }, run);
    } catch (e) {
      if (!(e instanceof EpiGraphBusyError) || !perPerson) throw e;
      if (e.exclusive) {
        return lockMode.run({ perPerson: false }, run);
      }
      const pause = Math.random() * Math.min(100, 4 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** The person locks one incremental update holds, taken as it goes. */
class PersonLocks {
  private readonly exclusive = new Set<string>();
  private readonly shared = new Set<string>();
  constructor(
    private readonly db: DbOrTx,
    private readonly diseaseCode: string,
  ) {}

  /** Try to lock `write` exclusive and `read` shared; throws `EpiGraphBusyError` if any is held. */
  async take(write: readonly string[], read: readonly string[]): Promise<void> {
    const w = [...new Set(write)].filter((id) => !this.exclusive.has(id));
    const writing = new Set(w);
    const r = [...new Set(read)].filter(
      (id) => !this.exclusive.has(id) && !this.shared.has(id) && !writing.has(id),
    );
    if (w.length === 0 && r.length === 0) return;
    const key = (column: ReturnType<typeof sql>) =>
      sql`hashtextextended(${`epilink:epi-person:${this.diseaseCode}:`} || ${column}::text, 0)`;
    const [row] = await queryRows<{ busy: number }>(
      this.db,
      sql`select count(*) filter (where not ok)::int as busy from (
          select pg_try_advisory_xact_lock(${key(sql`w`)}) as ok from unnest(${uuidArray(w)}) w
          union all
          select pg_try_advisory_xact_lock_shared(${key(sql`r`)}) from unnest(${uuidArray(r)}) r) x`,
    );
    if ((row?.busy ?? 0) > 0) throw new EpiGraphBusyError(false);
    for (const id of w) this.exclusive.add(id);
    for (const id of r) this.shared.add(id);
  }
}

/** Read a batch of people for `updateDegrees`, locking them (and then their neighbours) first. */
async function readNeighbourhood(
  db: DbOrTx,
  diseaseCode: string,
  locks: PersonLocks | null,
  people: readonly string[],
): Promise<Neighbourhood> {
  await locks?.take(people, []);
  const edges = await queryRows<UpdateEdge>(
    db,
    sql`select source_person_id as "from", person_id as "to", status,
        to_char(exposure_date, 'YYYY-MM-DD') as "exposureDate"
      from contacts where disease_code = ${diseaseCode} and status <> 'dismissed'
        and (person_id = any(${uuidArray(people)}) or source_person_id = any(${uuidArray(people)}))`,
  );
  const asked = new Set(people);
  const neighbours = [...new Set(edges.flatMap((e) => [e.from, e.to]))].filter((id) => !asked.has(id));
  await locks?.take([], neighbours);
  const everyone = uuidArray([...people, ...neighbours]);
  // Stored degrees and the F0s in one statement (the F0s as `seedsOf` reads them).
  const rows = await queryRows<{
    kind: 'stored' | 'seed';
    person_id: string;
    degree: number | null;
    proposed_degree: number | null;
    e: string | null;
    f: number | null;
    t: number | null;
    o: string | null;
  }>(
    db,
    sql`select 'stored' as kind, person_id, degree, proposed_degree, to_char(exposed_on, 'YYYY-MM-DD') as e,
        null::float8 as f, null::float8 as t, null::text as o
      from person_epi_status where disease_code = ${diseaseCode} and person_id = any(${everyone})
      union all
      select * from (select distinct on (person_id) 'seed', person_id, null::int, null::int, null::text,
          extract(epoch from infectious_from)::float8 * 1000, extract(epoch from infectious_to)::float8 * 1000,
          case when status = 'closed' then to_char(outcome_date, 'YYYY-MM-DD') end
        from cases where person_id = any(${everyone}) and disease_code = ${diseaseCode}
          and classification = 'confirmed'
        order by person_id, (status = 'open') desc, created_at desc) c`,
  );
  const stored = new Map<string, Degrees>();
  const seeds: DegreeSeed[] = [];
  const day = (ms: number | null) => (ms === null ? null : localDate(new Date(ms)));
  for (const r of rows) {
    if (r.kind === 'stored') {
      stored.set(r.person_id, { degree: r.degree, proposedDegree: r.proposed_degree, exposedOn: r.e });
    } else {
      seeds.push({ personId: r.person_id, from: day(r.f), to: day(r.t) ?? r.o });
    }
  }
  return { edges, stored, seeds };
}

/**
 * Update degrees and statuses after the incoming edges of `starts` changed (new, confirmed or
 * dismissed edges into them) or they became F0s; a status-only change (monitoring) passes the
 * person alone. Returns the live events of changed rows.
 */
export async function updateDegreesFrom(
  db: DbOrTx,
  starts: readonly string[],
  diseaseCode: string,
  today: string = localDate(new Date()),
): Promise<LiveEvent[]> {
  if (starts.length === 0) return [];
  const perPerson = lockMode.getStore()?.perPerson === true;
  const locks = perPerson ? new PersonLocks(db, diseaseCode) : null;
  if (perPerson) {
    await db.execute(sql`select pg_advisory_xact_lock_shared(${epiGraphKey(diseaseCode)})`);
  } else {
    await lockEpiGraph(db, diseaseCode);
  }
  let update: Awaited<ReturnType<typeof updateDegrees>>;
  try {
    update = await updateDegrees(starts, (people) => readNeighbourhood(db, diseaseCode, locks, people));
  } catch (e) {
    if (!(e instanceof DegreeUpdateError)) throw e;
    // A guard of the update tripped: the whole component, under the exclusive lock.
    if (perPerson) throw new EpiGraphBusyError(true);
    return recomputeComponent(db, starts, diseaseCode, today);
  }
  // Statuses of the starts (a confirmed edge starts monitoring at an unchanged degree) and of
  // everyone whose degrees changed.
  const people = [...new Set([...starts, ...update.changed.keys()])];
  const statusOf = await statusFacts(db, people, diseaseCode, today);
  const rows = people.map((personId): EpiRow => {
    const d = update.changed.get(personId) ??
      update.before.get(personId) ?? { degree: null, proposedDegree: null, exposedOn: null };
    return {
      person_id: personId,
      degree: d.degree,
      proposed_degree: d.proposedDegree,
      exposed_on: d.exposedOn,
      status: statusOf(personId, d),
    };
  });
  return storeEpiRows(db, diseaseCode, rows);
}
