/**
 * The name-frequency table behind record linkage's u-probabilities (Fellegi–Sunter): how many
 * active person records carry each order-insensitive folded name (`nameSetOf`), and in the row
 * with name '' how many active records there are in all. Ingest adds its new people, a merge
 * takes the merged record out and an un-merge puts it back, each in the caller's transaction —
 * as appended deltas (`person_name_frequency_deltas`) folded in by a worker (issue #15).
 */
import { nameFrequencyU } from '@epilink/core';
import type { PreparedLinkRecord } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';

/** The name of the total row. */
export const TOTAL_ROW = '';

/**
 * The registry's count of each name asked for, and the total number of active records: the
 * folded counters plus the deltas not folded yet (each delta row also counts towards the total),
 * in one statement, so a fold running meanwhile is seen entirely or not at all.
 */
export async function nameCounts(db: DbOrTx, names: readonly string[]): Promise<NameCounts> {
  const [row] = await queryRows<{ counts: Record<string, number> }>(
    db,
    sql`select ${nameCountsJson(names)} as counts`,
  );
  return countsFromJson(row?.counts ?? {});
}

/** The registry's counts of some names and its total (see {@link nameCounts}). */
export interface NameCounts {
  total: number;
  byName: Map<string, number>;
}

/**
 * {@link nameCounts}' read as one JSON object (name → persons, the total under ''), for a
 * statement that reads it beside its own rows (`linkageReads`: one round trip instead of two).
 */
export function nameCountsJson(names: readonly string[]): SQL {
  const wanted = [...new Set([TOTAL_ROW, ...names])];
  return sql`(select coalesce(json_object_agg(name, persons), '{}'::json) from (
      select name, sum(persons)::int as persons from (
        select name, persons from person_name_frequencies where name = any(${sql.param(wanted)}::text[])
        union all
        select name, persons from person_name_frequency_deltas where name = any(${sql.param(wanted)}::text[])
        union all
        select ${TOTAL_ROW}, persons from person_name_frequency_deltas) x
      group by name) counted)`;
}

/** The counts read by {@link nameCountsJson}. */
export function countsFromJson(json: Record<string, number>): NameCounts {
  const byName = new Map(Object.entries(json));
  const total = byName.get(TOTAL_ROW) ?? 0;
  byName.delete(TOTAL_ROW);
  return { total, byName };
}

/** A batch this large (an import, the demo) updates the counters directly rather than append deltas. */
export const DIRECT_UPDATE_NAMES = 500;

/**
 * Add `delta` (1 or -1) for each name (one entry per record), and the same to the total. A small
 * batch (a declarant, a merge) appends one delta row per name — no lock on a shared counter, so
 * concurrent declarants named "Nguyễn Văn An" (and every ingest: the total) never wait on one
 * another; the fold moves them into the counters. A large batch updates the counters in name order
 * (concurrent batches lock them in the same order), as one delta row per name would only be folded.
 */
export async function addNameFrequencies(tx: Tx, names: readonly string[], delta: 1 | -1): Promise<void> {
  if (names.length === 0) return;
  const deltas = nameDeltasSql(names, delta);
  if (deltas) {
    await tx.execute(deltas);
    return;
  }
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + delta);
  counts.set(TOTAL_ROW, names.length * delta);
  await upsertCounters(tx, counts);
}

/**
 * {@link addNameFrequencies}' statement for a small batch (the appended deltas), not sent; null
 * for no names or a batch large enough to update the counters directly.
 */
export function nameDeltasSql(names: readonly string[], delta: 1 | -1): SQL | null {
  if (names.length >= DIRECT_UPDATE_NAMES) return null;
  return nameDeltasInsert(names, delta);
}

/** The appended deltas of `names` as one insert, whatever their number (null: no names). */
export function nameDeltasInsert(names: readonly string[], delta: 1 | -1): SQL | null {
  if (names.length === 0) return null;
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + delta);
  return sql`insert into person_name_frequency_deltas (name, persons)
      select n, c from unnest(${sql.param([...counts.keys()])}::text[], ${sql.param([...counts.values()])}::int[]) as x(n, c)`;
}

/** Add counts to the counters, in name order (one statement). */
async function upsertCounters(tx: DbOrTx, counts: ReadonlyMap<string, number>): Promise<void> {
  const sorted = [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // A name first seen with a negative delta (a record older than the table) is stored as is
  // and read as 0 (nameFrequencyU clamps); existing rows never go below 0.
  await tx.execute(sql`insert into person_name_frequencies (name, persons)
    select n, c from unnest(${sql.param(sorted.map((e) => e[0]))}::text[], ${sql.param(
      sorted.map((e) => e[1]),
    )}::int[]) with ordinality as x(n, c, i) order by i
    on conflict (name) do update set persons = greatest(person_name_frequencies.persons + excluded.persons, 0)`);
}

/** The advisory lock taken by the fold (one folder at a time; others skip their turn). */
export const NAME_FOLD_LOCK_ID = 83_0015_0001;

/**
 * Move the committed deltas into the counters: the delete and the upsert are one statement, so a
 * reader sees each change exactly once. A delta still uncommitted is invisible and folded on a
 * later turn. Returns the delta rows moved, or null when another process is folding.
 */
export async function foldNameFrequencies(db: Db): Promise<number | null> {
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${NAME_FOLD_LOCK_ID}) as ok`,
    );
    if (!lock?.ok) return null;
    const [row] = await queryRows<{ moved: number }>(
      tx,
      sql`with moved as (delete from person_name_frequency_deltas returning name, persons),
        sums as (
          select name, sum(persons)::int as persons from moved group by name
          union all
          select ${TOTAL_ROW}, sum(persons)::int from moved having count(*) > 0),
        folded as (
          insert into person_name_frequencies (name, persons) select name, persons from sums order by name
          on conflict (name) do update
            set persons = greatest(person_name_frequencies.persons + excluded.persons, 0)
          returning 1)
        select (select count(*) from moved)::int as moved, (select count(*) from folded)::int as folded`,
    );
    return row?.moved ?? 0;
  });
}

/** Fold every `intervalMs` in this process (safe in many: the advisory lock takes turns). */
export function startNameFrequencyFold(
  db: Db,
  onError: (e: unknown) => void,
  intervalMs = 1000,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = foldNameFrequencies(db)
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/**
 * Set `nameU` on a batch's prepared records and on their candidates: u from the registry's
 * counts plus the batch's own names (the batch is part of the population it is compared in).
 */
export async function setNameFrequencies(
  db: DbOrTx,
  batch: readonly PreparedLinkRecord[],
  candidateLists: Iterable<readonly PreparedLinkRecord[]>,
  read?: NameCounts,
): Promise<void> {
  const counts =
    read ??
    (await nameCounts(
      db,
      batch.map((p) => p.nameSet),
    ));
  const batchCounts = new Map<string, number>();
  for (const p of batch) batchCounts.set(p.nameSet, (batchCounts.get(p.nameSet) ?? 0) + 1);
  const total = counts.total + batch.length;
  const uOf = (nameSet: string): number =>
    nameFrequencyU((counts.byName.get(nameSet) ?? 0) + (batchCounts.get(nameSet) ?? 0), total);
  for (const p of batch) p.nameU = uOf(p.nameSet);
  for (const list of candidateLists) for (const c of list) c.nameU ??= uOf(c.nameSet);
}
