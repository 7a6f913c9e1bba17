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
import { DegreeUpdateError, localDate, updateDegrees } from '@epilink/core';
import type { DegreeSeed, Degrees, Neighbourhood, UpdateEdge } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { executeTemplate, statementTemplate } from '../db/named.ts';
import type { LiveEvent } from '../events/publish.ts';
import type { EpiRow, StatusFact } from './graph.ts';
import { EpiGraphBusyError, PersonLocks, perPersonLocking } from './graphLocks.ts';
import type { EpiPublish } from './epiPublish.ts';
import { publishWithStatus, storeEpiRowsAndPublish } from './epiPublish.ts';
import {
  lockEpiGraph,
  recomputeComponent,
  statusFactsQuery,
  statusFrom,
  storeEpiRows,
  uuidArray,
} from './graph.ts';

/** The locks' public names, where the update's callers have always imported them. */
export {
  EpiGraphBusyError,
  peopleTaken,
  takePeopleTemplate,
  takePeopleValues,
  withEpiGraphRetry,
} from './graphLocks.ts';

/**
 * The status facts (`statusFactsQuery`) of the people whose status the update writes whatever the
 * degrees do (the starts): read in the statement that reads their stored degrees, once each.
 */
interface StartFacts {
  want: ReadonlySet<string>;
  read: Set<string>;
  got: StatusFact[];
  today: string;
  /**
   * The stored rows (with their status) of the people read under their exclusive lock: nobody
   * else writes them before this transaction ends, so a row computed equal to its stored one
   * needs no write.
   */
  held: Map<string, EpiRow>;
}

/** Local dates of F0 window bounds (epoch ms), memoised: the same few windows are read again and again. */
const dayOfMs = new Map<number, string>();
function dayOf(ms: number | null): string | null {
  if (ms === null) return null;
  let d = dayOfMs.get(ms);
  if (d === undefined) {
    if (dayOfMs.size >= 10_000) dayOfMs.clear();
    d = localDate(new Date(ms));
    dayOfMs.set(ms, d);
  }
  return d;
}

/** A uuid[] placeholder (its value: the ids as array text, `{a,b}`). */
function uuidsOf(name: string): SQL {
  return sql`${sql.placeholder(name)}::uuid[]`;
}

/**
 * The edges of `people` (non-dismissed, of `disease`) and, in the same statement, a shared lock on
 * each neighbour not among them (`locking`: the key hashes `lockPerson` and the id; `free`: none,
 * under the exclusive graph lock), as one last row: how many were refused and which were asked.
 */
function edgesSql(locking: boolean): SQL {
  return sql`with e as materialized (select source_person_id as "from", person_id as "to", status,
          to_char(exposure_date, 'YYYY-MM-DD') as "exposureDate"
        from contacts where disease_code = ${sql.placeholder('disease')} and status <> 'dismissed'
          and (person_id = any(${uuidsOf('people')}) or source_person_id = any(${uuidsOf('people')}))),
      n as materialized (select distinct id from (select "from" as id from e union select "to" from e) x
        where id <> all(${uuidsOf('people')})),
      l as materialized (${
        locking
          ? sql`select id, pg_try_advisory_xact_lock_shared(hashtextextended(${sql.placeholder('lockPerson')} || id::text, 0)) as ok from n`
          : sql`select id, true as ok from n`
      })
      select e.*, null::int as busy, null::text[] as locked from e
      union all
      select null, null, null, null, (select count(*) filter (where not ok) from l)::int,
        (select coalesce(array_agg(id::text), '{}') from l)`;
}

/**
 * The stored degrees of `everyone`, the F0s among them (as `seedsOf` reads them) and, `withFacts`,
 * the status facts of `facts` on `today` (`statusFactsQuery`): one statement.
 */
function storedSql(withFacts: boolean): SQL {
  const disease = sql.placeholder('disease');
  return sql`select 'stored' as kind, person_id, degree, proposed_degree, to_char(exposed_on, 'YYYY-MM-DD') as e,
        null::float8 as f, null::float8 as t, status::text as o
      from person_epi_status where disease_code = ${disease} and person_id = any(${uuidsOf('everyone')})
      union all
      select * from (select distinct on (person_id) 'seed', person_id, null::int, null::int, null::text,
          extract(epoch from infectious_from)::float8 * 1000, extract(epoch from infectious_to)::float8 * 1000,
          case when status = 'closed' then to_char(outcome_date, 'YYYY-MM-DD') end
        from cases where person_id = any(${uuidsOf('everyone')}) and disease_code = ${disease}
          and classification = 'confirmed'
        order by person_id, (status = 'open') desc, created_at desc) c${
          withFacts
            ? sql`
      union all
      select kind, person_id, null::int, null::int, null::text, null::float8, null::float8, outcome::text
      from (${statusFactsQuery(uuidsOf('facts'), disease, sql.placeholder('today'))}) sf`
            : sql``
        }`;
}

/**
 * The degree update's statements, built once (db/named.ts#statementTemplate) and filled per call:
 * building them (the `sql` tree, `sqlToQuery`) on every read cost the Node thread more than
 * sending them.
 */
const edgesTemplates = {
  locking: statementTemplate('epilink_degree_edges', edgesSql(true)),
  free: statementTemplate('epilink_degree_edges', edgesSql(false)),
};
const storedTemplates = {
  withFacts: statementTemplate('epilink_degree_stored', storedSql(true)),
  alone: statementTemplate('epilink_degree_stored', storedSql(false)),
};
/** The status facts of the changed people not read with the starts. */
const statusFactsTemplate = statementTemplate(
  'epilink_status_facts',
  statusFactsQuery(uuidsOf('facts'), sql.placeholder('disease'), sql.placeholder('today')),
);

/** Read a batch of people for `updateDegrees`, locking them (and then their neighbours) first. */
async function readNeighbourhood(
  db: DbOrTx,
  diseaseCode: string,
  locks: PersonLocks | null,
  people: readonly string[],
  facts: StartFacts,
): Promise<Neighbourhood> {
  await locks?.take(people);
  // The edges, and in the same statement a shared lock on each neighbour not yet held: the edges
  // of `people` are still (held exclusive above); the neighbours' stored degrees are read by the
  // next statement, whose snapshot is taken after these locks.
  const read = await executeTemplate<UpdateEdge & { busy: number | null; locked: string[] | null }>(
    db,
    locks ? edgesTemplates.locking : edgesTemplates.free,
    {
      disease: diseaseCode,
      people: `{${people.join(',')}}`,
      ...(locks ? { lockPerson: locks.keyPrefix } : {}),
    },
  );
  // A person held twice by this transaction (already shared or exclusive) is no conflict.
  const summary = read.find((r) => r.busy !== null)!;
  const edges: UpdateEdge[] = read
    .filter((r) => r.busy === null)
    .map(({ from, to, status, exposureDate }) => ({ from, to, status, exposureDate }));
  const asked = new Set(people);
  const neighbours = [...new Set(edges.flatMap((e) => [e.from, e.to]))].filter((id) => !asked.has(id));
  locks?.sharedTaken(summary.locked ?? [], summary.busy ?? 0);
  // The starts' status facts, not read yet (held exclusive above, like their edges).
  const factIds = people.filter((id) => facts.want.has(id) && !facts.read.has(id));
  // Stored degrees, the F0s (as `seedsOf` reads them) and the starts' status facts in one statement.
  const rows = await executeTemplate<{
    kind: 'stored' | 'seed' | StatusFact['kind'];
    person_id: string;
    degree: number | null;
    proposed_degree: number | null;
    e: string | null;
    f: number | null;
    t: number | null;
    o: string | null;
  }>(db, factIds.length > 0 ? storedTemplates.withFacts : storedTemplates.alone, {
    disease: diseaseCode,
    everyone: `{${[...people, ...neighbours].join(',')}}`,
    ...(factIds.length > 0 ? { facts: `{${factIds.join(',')}}`, today: facts.today } : {}),
  });
  for (const id of factIds) facts.read.add(id);
  const stored = new Map<string, Degrees>();
  const seeds: DegreeSeed[] = [];
  for (const r of rows) {
    if (r.kind === 'stored') {
      stored.set(r.person_id, { degree: r.degree, proposedDegree: r.proposed_degree, exposedOn: r.e });
      if (asked.has(r.person_id))
        facts.held.set(r.person_id, {
          person_id: r.person_id,
          degree: r.degree,
          proposed_degree: r.proposed_degree,
          exposed_on: r.e,
          status: r.o ?? '',
        });
    } else if (r.kind === 'seed') {
      seeds.push({ personId: r.person_id, from: dayOf(r.f), to: dayOf(r.t) ?? r.o });
    } else {
      facts.got.push({ person_id: r.person_id, kind: r.kind, outcome: r.o });
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
  /** People the caller already holds exclusive, with the graph lock shared (`takePeopleTemplate`). */
  locked: readonly string[] = [],
  /** Published with the update's status events, in its write statement when it can (`epiPublish.ts`). */
  publish?: EpiPublish,
): Promise<LiveEvent[]> {
  if (starts.length === 0) {
    if (publish) await publishWithStatus(db, publish, []);
    return [];
  }
  const perPerson = perPersonLocking(db);
  const locks = perPerson ? new PersonLocks(db, diseaseCode) : null;
  if (locks && locked.length > 0) locks.held(locked);
  // Per person: the graph lock is taken shared with the first people (`PersonLocks.take`).
  if (!perPerson) await lockEpiGraph(db, diseaseCode);
  const facts: StartFacts = { want: new Set(starts), read: new Set(), got: [], today, held: new Map() };
  let update: Awaited<ReturnType<typeof updateDegrees>>;
  try {
    update = await updateDegrees(starts, (people) =>
      readNeighbourhood(db, diseaseCode, locks, people, facts),
    );
  } catch (e) {
    if (!(e instanceof DegreeUpdateError)) throw e;
    // A guard of the update tripped: the whole component, under the exclusive lock.
    if (perPerson) throw new EpiGraphBusyError(true);
    const recomputed = await recomputeComponent(db, starts, diseaseCode, today);
    if (publish) await publishWithStatus(db, publish, recomputed);
    return recomputed;
  }
  // Statuses of the starts (a confirmed edge starts monitoring at an unchanged degree) and of
  // everyone whose degrees changed.
  // The starts' facts came with their first read; the others' (only when degrees changed) now.
  const people = [...new Set([...starts, ...update.changed.keys()])];
  const missing = people.filter((id) => !facts.read.has(id));
  const extra =
    missing.length > 0
      ? await executeTemplate<StatusFact>(db, statusFactsTemplate, {
          facts: `{${missing.join(',')}}`,
          disease: diseaseCode,
          today,
        })
      : [];
  const statusOf = statusFrom([...facts.got, ...extra]);
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
  // Only rows that differ from what is stored are written (often none: a confirmation that
  // changes no degree and no status costs no write, nor its indicator triggers).
  const write = rows.filter((r) => {
    const h = facts.held.get(r.person_id);
    return !(
      h &&
      h.degree === r.degree &&
      h.proposed_degree === r.proposed_degree &&
      h.exposed_on === r.exposed_on &&
      h.status === r.status
    );
  });
  return publish
    ? storeEpiRowsAndPublish(db, diseaseCode, write, publish)
    : storeEpiRows(db, diseaseCode, write);
}

/** The people an F0's non-dismissed edges lead to. */
async function exposedBy(db: DbOrTx, people: readonly string[], diseaseCode: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select distinct person_id as id from contacts where disease_code = ${diseaseCode}
      and status <> 'dismissed' and source_person_id = any(${uuidArray(people)})`,
  );
  return rows.map((r) => r.id);
}

/**
 * Update degrees after the F0 facts of `people` changed — a case confirmed, closed or reopened, or
 * its infectious window moved — besides any new edges into `also`: the edges out of them now
 * count differently, so the update starts from them and everyone they exposed, and visits only the
 * people whose degree can change (no search over the whole component).
 * The exposed people are read again once the update holds `people` (a contact added meanwhile by
 * another tracer was derived from the old window): any new one is updated too.
 */
export async function updateDegreesAroundF0(
  db: DbOrTx,
  people: readonly string[],
  diseaseCode: string,
  also: readonly string[] = [],
): Promise<LiveEvent[]> {
  const exposed = await exposedBy(db, people, diseaseCode);
  const events = await updateDegreesFrom(db, [...people, ...also, ...exposed], diseaseCode);
  const seen = new Set(exposed);
  const added = (await exposedBy(db, people, diseaseCode)).filter((id) => !seen.has(id));
  if (added.length === 0) return events;
  const more = await updateDegreesFrom(db, added, diseaseCode);
  const ids = new Set(events.map((e) => e.id));
  return [...events, ...more.filter((e) => !ids.has(e.id))];
}
