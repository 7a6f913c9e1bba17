/**
 * Incremental degree updates for changes that can only lower degrees: an edge confirmed, edges
 * proposed, a person becoming an F0. Starting from the people whose incoming edges (or own case)
 * changed, each round re-derives their state from ALL their incoming edges and the stored states
 * of the sources (core `edgeCounts` / `betterState`, the same rules as the full search), stores
 * what improved and moves on to the out-neighbours of what changed. If any state would get
 * worse (a change that is not purely additive, e.g. a lower degree with a later exposure date),
 * the whole component is recomputed instead (under the disease's exclusive graph lock).
 *
 * Locking (PostgreSQL; on PGlite transactions are serial anyway). Inside `withEpiGraphRetry`, an
 * incremental update holds the disease's graph lock SHARED (a full recompute holds it exclusive,
 * so the two never overlap) and locks people, not the disease: exclusive for each person whose
 * state or incoming edges it may write (the start people, every person of a round), shared for
 * each source it reads, each taken before the reads it protects. Every writer of an edge u → v
 * holds v exclusive and u at least shared, so holding v exclusive also keeps v's out-edges still.
 * Locks are tried, never waited for: a person held by another update makes the whole transaction
 * roll back and run again (`EpiGraphBusyError`), so two updates never wait on each other in a
 * cycle; the last attempt (and every caller outside `withEpiGraphRetry`) takes the disease lock
 * exclusive, as a full recompute does. Two tracers working in distant parts of one component thus
 * proceed in parallel, and two touching the same people are applied one after the other.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { betterState, edgeCounts, localDate } from '@epilink/core';
import type { DegreeSeed, DegreeState } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import type { LiveEvent } from '../events/publish.ts';
import type { EpiRow } from './graph.ts';
import {
  epiGraphKey,
  lockEpiGraph,
  recomputeComponent,
  seedsOf,
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
    const r = [...new Set(read)].filter(
      (id) => !this.exclusive.has(id) && !this.shared.has(id) && !w.includes(id),
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

interface Stored {
  degree: number | null;
  proposedDegree: number | null;
  exposedOn: string | null;
}

interface InEdge {
  v: string;
  u: string;
  status: 'proposed' | 'confirmed';
  d: string | null;
}

/** -1: a better than b, 0: same, 1: worse. Null (unreached) is the worst. */
function compare(a: DegreeState | undefined, b: DegreeState | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (a.degree === b.degree && a.exposedOn === b.exposedOn) return 0;
  return betterState(a, b) === a ? -1 : 1;
}

const asState = (degree: number | null, exposedOn: string | null): DegreeState | undefined =>
  degree === null ? undefined : { degree, exposedOn };

async function storedStates(db: DbOrTx, people: readonly string[], diseaseCode: string) {
  const rows = await queryRows<{
    person_id: string;
    degree: number | null;
    proposed_degree: number | null;
    e: string | null;
  }>(
    db,
    sql`select person_id, degree, proposed_degree, to_char(exposed_on, 'YYYY-MM-DD') as e from person_epi_status
      where disease_code = ${diseaseCode} and person_id = any(${uuidArray(people)})`,
  );
  return new Map<string, Stored>(
    rows.map((r) => [r.person_id, { degree: r.degree, proposedDegree: r.proposed_degree, exposedOn: r.e }]),
  );
}

/**
 * Apply an additive change whose effects start at `starts` (the exposed people of new or newly
 * confirmed edges, a new F0). Returns the live events of changed rows.
 */
export async function applyAdditiveChange(
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
  const touched = new Set<string>(starts);
  const finalRows = new Map<string, Stored>();
  const known = new Map<string, Stored>();
  let pending = [...new Set(starts)];
  for (let round = 0; pending.length > 0; round++) {
    await locks?.take(pending, []);
    const inEdges = await queryRows<InEdge>(
      db,
      sql`select person_id as v, source_person_id as u, status, to_char(exposure_date, 'YYYY-MM-DD') as d
        from contacts where disease_code = ${diseaseCode} and status <> 'dismissed'
          and person_id = any(${uuidArray(pending)})`,
    );
    const sources = [...new Set(inEdges.map((e) => e.u))];
    await locks?.take([], sources);
    const involved = [...new Set([...pending, ...sources])];
    const stored = await storedStates(db, involved, diseaseCode);
    for (const [id, st] of stored) if (!known.has(id)) known.set(id, st);
    for (const [id, st] of finalRows) stored.set(id, st);
    const seeds = new Map<string, DegreeSeed>(
      (await seedsOf(db, involved, diseaseCode)).map((s) => [s.personId, s]),
    );
    const stateOf = (id: string) =>
      seeds.has(id)
        ? { degree: 0, exposedOn: null }
        : asState(stored.get(id)?.degree ?? null, stored.get(id)?.exposedOn ?? null);
    const proposedOf = (id: string) => (seeds.has(id) ? 0 : (stored.get(id)?.proposedDegree ?? null));
    const changed: string[] = [];
    for (const v of pending) {
      let confirmed: DegreeState | undefined = seeds.has(v) ? { degree: 0, exposedOn: null } : undefined;
      let proposed: number | null = seeds.has(v) ? 0 : null;
      if (!seeds.has(v)) {
        for (const e of inEdges) {
          if (e.v !== v || e.u === v) continue;
          const su = stateOf(e.u);
          if (e.status === 'confirmed' && su !== undefined && edgeCounts(e.d, su, seeds.get(e.u))) {
            confirmed = betterState(confirmed, { degree: su.degree + 1, exposedOn: e.d });
          }
          const pu = proposedOf(e.u);
          if (pu !== null && edgeCounts(e.d, { degree: 0, exposedOn: null }, seeds.get(e.u))) {
            proposed = proposed === null ? pu + 1 : Math.min(proposed, pu + 1);
          }
        }
      }
      const before = stored.get(v);
      const c = compare(confirmed, asState(before?.degree ?? null, before?.exposedOn ?? null));
      const beforeProposed = before?.proposedDegree ?? null;
      const proposedWorse = beforeProposed !== null && (proposed === null || proposed > beforeProposed);
      if (c > 0 || proposedWorse) {
        // Not additive after all: recompute the whole component (correct, slower) under the
        // exclusive lock — run again from the start rather than upgrading the shared one here.
        if (perPerson) throw new EpiGraphBusyError(true);
        return recomputeComponent(db, starts, diseaseCode, today);
      }
      if (c < 0 || proposed !== beforeProposed) {
        const next = {
          degree: confirmed?.degree ?? null,
          proposedDegree: proposed,
          exposedOn: confirmed?.exposedOn ?? null,
        };
        finalRows.set(v, next);
        changed.push(v);
      }
    }
    if (round > 100_000) throw new Error('degree relaxation did not converge');
    for (const id of changed) touched.add(id);
    if (changed.length === 0) break;
    const out = await queryRows<{ p: string }>(
      db,
      sql`select distinct person_id as p from contacts where disease_code = ${diseaseCode} and status <> 'dismissed'
        and source_person_id = any(${uuidArray(changed)})`,
    );
    pending = out.map((r) => r.p);
  }
  // Nothing was stored before this point, so a fallback recompute above started from a consistent
  // table. Statuses of everything touched (a newly confirmed edge may start monitoring at an unchanged degree).
  const people = [...touched];
  const stored = new Map(known);
  for (const [id, st] of finalRows) stored.set(id, st);
  const statusOf = await statusFacts(db, people, diseaseCode, today);
  const rows = people.map((personId): EpiRow => {
    const s = stored.get(personId) ?? { degree: null, proposedDegree: null, exposedOn: null };
    return {
      person_id: personId,
      degree: s.degree,
      proposed_degree: s.proposedDegree,
      exposed_on: s.exposedOn,
      status: statusOf(personId, s),
    };
  });
  return storeEpiRows(db, diseaseCode, rows);
}
