/**
 * Pooled sampling of a testing round (issue #16 item 6): every resident goes into exactly one pool
 * of at most `size` specimens. By household, a household's members share pools (a household larger
 * than `size` fills several); people without a household are pooled among themselves in clusters.
 * By cluster, residents are taken in order (household, then id) and cut every `size`, so the
 * members of a household stay side by side. Deterministic: the same residents give the same pools.
 */

/** A resident to pool: their person id and household (null when the registry has none). */
export interface PoolResident {
  personId: string;
  householdId: string | null;
}

/** How a round pools: one pool per household, or clusters of a fixed size. */
export type PoolBy = 'household' | 'cluster';

/** Residents sorted by household (no household last), then person id. */
function ordered(residents: readonly PoolResident[]): PoolResident[] {
  return [...residents].sort((a, b) => {
    if (a.householdId !== b.householdId) {
      if (a.householdId === null) return 1;
      if (b.householdId === null) return -1;
      return a.householdId < b.householdId ? -1 : 1;
    }
    return a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0;
  });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The pools of a round: arrays of person ids, each of 1..`size` members, every resident in exactly
 * one. Throws RangeError for a size outside 1..100 (policy `zone.pooling` bounds it first).
 */
export function planPools(residents: readonly PoolResident[], by: PoolBy, size: number): string[][] {
  if (!Number.isInteger(size) || size < 1 || size > 100) throw new RangeError('pool size must be 1..100');
  const sorted = ordered(residents);
  if (by === 'cluster') return chunks(sorted, size).map((c) => c.map((r) => r.personId));
  const pools: string[][] = [];
  const loners: PoolResident[] = [];
  let i = 0;
  while (i < sorted.length) {
    const household = sorted[i]!.householdId;
    let j = i;
    while (j < sorted.length && sorted[j]!.householdId === household) j++;
    const members = sorted.slice(i, j);
    if (household === null) loners.push(...members);
    else pools.push(...chunks(members, size).map((c) => c.map((r) => r.personId)));
    i = j;
  }
  pools.push(...chunks(loners, size).map((c) => c.map((r) => r.personId)));
  return pools;
}
