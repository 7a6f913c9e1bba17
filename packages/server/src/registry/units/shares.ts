import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';

/** One part of a divided commune: the new commune and what the change table says of it. */
export interface Part {
  code: string;
  name: string;
  populationShare: number | null;
  note: string | null;
}

/**
 * The share of a divided commune's people each new commune received, by a documented rule (no
 * published figure exists for most parts): the change table's `population_share` where given
 * (normalised to sum to 1); else a part whose official note says it took all of the population
 * ("…toàn bộ dân số") gets 1 and the others 0; else equal shares.
 */
export function partShares(parts: readonly Part[]): { code: string; name: string; share: number }[] {
  if (parts.length === 0) return [];
  const given = parts.map((p) => p.populationShare);
  if (given.every((s): s is number => s !== null) && given.reduce((a, b) => a + b, 0) > 0) {
    const total = given.reduce((a, b) => a + b, 0);
    return parts.map((p, i) => ({ code: p.code, name: p.name, share: given[i]! / total }));
  }
  const all = parts.filter((p) => (p.note ?? '').toLowerCase().includes('toàn bộ dân số'));
  if (all.length > 0) {
    return parts.map((p) => ({ code: p.code, name: p.name, share: all.includes(p) ? 1 / all.length : 0 }));
  }
  return parts.map((p) => ({ code: p.code, name: p.name, share: 1 / parts.length }));
}

/** The divided communes of a change set, each with its candidates and their shares. */
export async function splitCandidates(
  db: DbOrTx,
  changeSet: string,
): Promise<{ old_code: string; province_code: string; candidates: ReturnType<typeof partShares> }[]> {
  const rows = await queryRows<{
    old_code: string;
    new_code: string;
    new_name: string | null;
    new_province_code: string;
    population_share: number | null;
    note: string | null;
  }>(
    db,
    sql`select old_code, new_code, new_name, new_province_code, population_share, note from unit_changes
        where change_set = ${changeSet} and kind = 'part' and old_code is not null and new_code is not null
        order by old_code, new_code`,
  );
  const byOld = new Map<string, typeof rows>();
  for (const r of rows) byOld.set(r.old_code, [...(byOld.get(r.old_code) ?? []), r]);
  return [...byOld].map(([oldCode, parts]) => ({
    old_code: oldCode,
    province_code: parts[0]!.new_province_code,
    candidates: partShares(
      parts.map((p) => ({
        code: p.new_code,
        name: p.new_name ?? p.new_code,
        populationShare: p.population_share,
        note: p.note,
      })),
    ),
  }));
}
