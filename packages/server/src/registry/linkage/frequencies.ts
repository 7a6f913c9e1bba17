/**
 * The name-frequency table behind record linkage's u-probabilities (Fellegi–Sunter): how many
 * active person records carry each order-insensitive folded name (`nameSetOf`), and in the row
 * with name '' how many active records there are in all. Ingest adds its new people, a merge
 * takes the merged record out and an un-merge puts it back, each in the caller's transaction.
 */
import { nameFrequencyU } from '@epilink/core';
import type { PreparedLinkRecord } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';

/** The name of the total row. */
export const TOTAL_ROW = '';

/** The registry's count of each name asked for, and the total number of active records. */
export async function nameCounts(
  db: DbOrTx,
  names: readonly string[],
): Promise<{ total: number; byName: Map<string, number> }> {
  const wanted = [...new Set([TOTAL_ROW, ...names])];
  const rows = await queryRows<{ name: string; persons: number }>(
    db,
    sql`select name, persons from person_name_frequencies where name = any(${sql.param(wanted)}::text[])`,
  );
  const byName = new Map(rows.map((r) => [r.name, r.persons]));
  const total = byName.get(TOTAL_ROW) ?? 0;
  byName.delete(TOTAL_ROW);
  return { total, byName };
}

/**
 * Add `delta` (1 or -1) for each name (one entry per record), and the same to the total.
 * Rows are written in name order so concurrent transactions lock them in the same order.
 */
export async function addNameFrequencies(tx: Tx, names: readonly string[], delta: 1 | -1): Promise<void> {
  if (names.length === 0) return;
  const counts = new Map<string, number>([[TOTAL_ROW, 0]]);
  for (const n of names) {
    counts.set(n, (counts.get(n) ?? 0) + delta);
    counts.set(TOTAL_ROW, counts.get(TOTAL_ROW)! + delta);
  }
  const sorted = [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // A name first seen with a negative delta (a record older than the table) is stored as is
  // and read as 0 (nameFrequencyU clamps); existing rows never go below 0.
  await tx.execute(sql`insert into person_name_frequencies (name, persons)
    select n, c from unnest(${sql.param(sorted.map((e) => e[0]))}::text[], ${sql.param(
      sorted.map((e) => e[1]),
    )}::int[]) with ordinality as x(n, c, i) order by i
    on conflict (name) do update set persons = greatest(person_name_frequencies.persons + excluded.persons, 0)`);
}

/**
 * Set `nameU` on a batch's prepared records and on their candidates: u from the registry's
 * counts plus the batch's own names (the batch is part of the population it is compared in).
 */
export async function setNameFrequencies(
  db: DbOrTx,
  batch: readonly PreparedLinkRecord[],
  candidateLists: Iterable<readonly PreparedLinkRecord[]>,
): Promise<void> {
  const counts = await nameCounts(
    db,
    batch.map((p) => p.nameSet),
  );
  const batchCounts = new Map<string, number>();
  for (const p of batch) batchCounts.set(p.nameSet, (batchCounts.get(p.nameSet) ?? 0) + 1);
  const total = counts.total + batch.length;
  const uOf = (nameSet: string): number =>
    nameFrequencyU((counts.byName.get(nameSet) ?? 0) + (batchCounts.get(nameSet) ?? 0), total);
  for (const p of batch) p.nameU = uOf(p.nameSet);
  for (const list of candidateLists) for (const c of list) c.nameU ??= uOf(c.nameSet);
}
