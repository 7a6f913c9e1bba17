/**
 * The locks of an incremental degree update (`graphIncremental.ts`, whose header says what they
 * protect): the retry loop that lets an update lock people instead of the whole disease
 * (`withEpiGraphRetry`), the person-lock statements, and the locks one update holds (`PersonLocks`).
 */
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../db/client.ts';
import { executeTemplate, statementTemplate } from '../db/named.ts';
import { epiGraphKeyText } from './graph.ts';

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

/**
 * The transactions whose degree updates may lock people (opened by `withEpiGraphRetry`), by the
 * handle Drizzle gives the work. A set keyed by the handle rather than an AsyncLocalStorage: on
 * Node 20 one `AsyncLocalStorage.run` turns on promise hooks for the whole process (every promise
 * of every request pays for them from the first decision on).
 */
const perPersonTransactions = new WeakSet<DbOrTx>();

/** Attempts with per-person locks before the last, exclusive one. */
const FINE_ATTEMPTS = 12;

/**
 * Run `work` in a transaction that updates degrees so that its incremental update may lock
 * people instead of the whole disease: when a person is busy the transaction is rolled back and
 * run again after a short random pause; the last attempt takes the exclusive graph lock (it always
 * succeeds, after the updates before it). Only the handle `work` is given locks people: pass it
 * (not a savepoint of it) to `updateDegreesFrom` and `takePeopleValues`.
 */
export async function withEpiGraphRetry<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const attempt = (perPerson: boolean) =>
    db.transaction(async (tx) => {
      if (perPerson) perPersonTransactions.add(tx);
      return work(tx);
    });
  for (let n = 1; ; n++) {
    const perPerson = n < FINE_ATTEMPTS;
    try {
      return await attempt(perPerson);
    } catch (e) {
      if (!(e instanceof EpiGraphBusyError) || !perPerson) throw e;
      if (e.exclusive) return attempt(false);
      const pause = Math.random() * Math.min(100, 4 * 2 ** n);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** What a person's advisory lock key hashes before the person's id (`lockPeopleSql`). */
function personKeyPrefix(diseaseCode: string): string {
  return `epilink:epi-person:${diseaseCode}:`;
}

/**
 * One row, `busy`: how many of `lockPeople` (a uuid[] as text) another update holds (each tried
 * exclusive, never waited for: the key hashes `lockPerson` and the id); with `graph`, the
 * disease's graph lock (`lockGraph`, the text `epiGraphKey` hashes) is also taken shared (waiting
 * for a full recompute to end), in an uncorrelated subquery of the one result row: always
 * evaluated once. Values as placeholders (`takePeopleValues` gives them).
 */
function lockPeopleSql(graph: boolean): SQL {
  return sql`select count(*) filter (where not ok)::int as busy${
    graph
      ? sql`,
    (select count(*) from (select pg_advisory_xact_lock_shared(hashtextextended(${sql.placeholder('lockGraph')}, 0))) g) as graph`
      : sql``
  }
    from (select pg_try_advisory_xact_lock(hashtextextended(${sql.placeholder('lockPerson')} || w::text, 0)) as ok
      from unnest(${sql.placeholder('lockPeople')}::uuid[]) w) x`;
}

/**
 * The update's first locks (`people` exclusive, the graph shared; one row, `busy`) for a caller's
 * write statement of the edges into `people`, which then passes them to `updateDegreesFrom` as
 * `locked`: one round trip fewer. Its values are placeholders (`lockGraph`, `lockPerson`,
 * `lockPeople`) for a statement template built once (db/named.ts#statementTemplate);
 * `takePeopleValues` gives them.
 */
export const takePeopleTemplate: SQL = lockPeopleSql(true);

/** `PersonLocks.take`'s statement, with and without the graph lock, built once. */
const personLockTemplates = {
  withGraph: statementTemplate('epilink_person_locks', lockPeopleSql(true)),
  alone: statementTemplate('epilink_person_locks', lockPeopleSql(false)),
};

/**
 * The values of `takePeopleTemplate` for `people` of a disease (the same keys as `PersonLocks.take`'s).
 * Null outside `withEpiGraphRetry` (exclusive graph lock then: the caller's statement takes none).
 */
export function takePeopleValues(
  tx: DbOrTx,
  diseaseCode: string,
  people: readonly string[],
): { lockGraph: string; lockPerson: string; lockPeople: string } | null {
  if (!perPersonLocking(tx) || people.length === 0) return null;
  return {
    lockGraph: epiGraphKeyText(diseaseCode),
    lockPerson: personKeyPrefix(diseaseCode),
    lockPeople: `{${[...new Set(people)].join(',')}}`,
  };
}

/** Check the `busy` count `takePeopleTemplate` returned: a person held by another update rolls back and retries. */
export function peopleTaken(busy: number): void {
  if (busy > 0) throw new EpiGraphBusyError(false);
}

/** The person locks one incremental update holds, taken as it goes. */
export class PersonLocks {
  private readonly exclusive = new Set<string>();
  private readonly shared = new Set<string>();
  /** The disease's graph lock (shared) is taken with the first people, in the same statement. */
  private graphLocked = false;
  constructor(
    private readonly db: DbOrTx,
    private readonly diseaseCode: string,
  ) {}

  /** What this disease's person lock keys hash before the person's id. */
  get keyPrefix(): string {
    return personKeyPrefix(this.diseaseCode);
  }

  /** `ids` exclusive and the graph lock shared, taken by the caller's statement (`takePeopleTemplate`). */
  held(ids: readonly string[]): void {
    this.graphLocked = true;
    for (const id of ids) this.exclusive.add(id);
  }

  /**
   * Try to lock `write` exclusive (the first call also takes the graph lock shared, waiting for a
   * full recompute to end); throws `EpiGraphBusyError` if a person is held by another update.
   */
  async take(write: readonly string[]): Promise<void> {
    const w = [...new Set(write)].filter((id) => !this.exclusive.has(id));
    if (w.length === 0 && this.graphLocked) return;
    const [row] = await executeTemplate<{ busy: number }>(
      this.db,
      this.graphLocked ? personLockTemplates.alone : personLockTemplates.withGraph,
      {
        lockGraph: epiGraphKeyText(this.diseaseCode),
        lockPerson: this.keyPrefix,
        lockPeople: `{${w.join(',')}}`,
      },
    );
    this.graphLocked = true;
    if ((row?.busy ?? 0) > 0) throw new EpiGraphBusyError(false);
    for (const id of w) this.exclusive.add(id);
  }

  /** Record shared locks taken by a read (`readNeighbourhood`); throws when one was refused. */
  sharedTaken(ids: readonly string[], busy: number): void {
    if (busy > 0) throw new EpiGraphBusyError(false);
    for (const id of ids) this.shared.add(id);
  }
}

/** Whether `tx`'s degree updates lock people (the handle `withEpiGraphRetry` gave its work). */
export function perPersonLocking(tx: DbOrTx): boolean {
  return perPersonTransactions.has(tx);
}
