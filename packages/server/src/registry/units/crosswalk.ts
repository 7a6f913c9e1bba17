import { asc, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { unitChanges } from '../../db/schema/index.ts';
import { partShares } from './shares.ts';

/** A loaded change table: its name and the day its new units begin. */
export interface ChangeSet {
  name: string;
  effectiveDate: string;
}

/** A share of a record's count placed in a unit (null = no successor: left unplaced). */
export interface Placed {
  code: string | null;
  share: number;
}

type Row = typeof unitChanges.$inferSelect;

/**
 * Carries a unit code across change tables. Eras are numbered by how many change tables had taken
 * effect (0 = before the first). Forward (an old record into newer units): a whole commune goes to
 * its successor; a divided commune to the part holding the person's current (re-homed) address when
 * known and the target is today's units, else by population share (shares.ts); an unmapped commune,
 * or a code the table does not know (a commune closed by an earlier change with no table, such as
 * Bến Tre's 2025-03 mergers), is unplaced. Backward (a newer record into older units): shared
 * equally among the old communes that went into the new one (no population figure exists for the
 * old parts) unless the unit the record had in the target era is known (`current`: a venue's
 * recorded commune) and is one of them; unplaced when none did.
 */
export async function crosswalk(db: DbOrTx, sets: readonly ChangeSet[], codes: readonly string[]) {
  // Only the rows reachable from the codes counted (two change tables at most in practice).
  let rows: Row[] = [];
  let frontier = [...new Set(codes)];
  const seen = new Set(frontier);
  for (let hop = 0; hop <= sets.length && frontier.length > 0; hop++) {
    const found = await db
      .select()
      .from(unitChanges)
      .where(or(inArray(unitChanges.oldCode, frontier), inArray(unitChanges.newCode, frontier)))
      .orderBy(asc(unitChanges.id));
    const known = new Set(rows.map((r) => r.id));
    rows = [...rows, ...found.filter((r) => !known.has(r.id))];
    frontier = [];
    for (const r of found) {
      for (const c of [r.oldCode, r.newCode]) {
        if (c && !seen.has(c)) {
          seen.add(c);
          frontier.push(c);
        }
      }
    }
  }
  rows.sort((a, b) => a.id - b.id);
  const forward = sets.map(() => new Map<string, Row[]>());
  const backward = sets.map(() => new Map<string, Row[]>());
  const index = new Map(sets.map((s, i) => [s.name, i]));
  for (const r of rows) {
    const i = index.get(r.changeSet);
    if (i === undefined) continue;
    if (r.oldCode) forward[i]!.set(r.oldCode, [...(forward[i]!.get(r.oldCode) ?? []), r]);
    if (r.newCode && r.oldCode) backward[i]!.set(r.newCode, [...(backward[i]!.get(r.newCode) ?? []), r]);
  }
  const memo = new Map<string, Placed[]>();

  function step(code: string, era: number, toEra: number, current: string | null): Placed[] {
    if (era === toEra) return [{ code, share: 1 }];
    if (era < toEra) {
      const moves = forward[era]!.get(code) ?? [];
      let next: Placed[];
      if (moves.length === 0 || moves.some((m) => m.kind === 'unmapped')) next = [{ code: null, share: 1 }];
      else if (moves.length === 1) next = [{ code: moves[0]!.newCode, share: 1 }];
      else if (current && era + 1 === sets.length && moves.some((m) => m.newCode === current)) {
        next = [{ code: current, share: 1 }];
      } else {
        next = partShares(
          moves.map((m) => ({
            code: m.newCode!,
            name: '',
            populationShare: m.populationShare,
            note: m.note,
          })),
        ).map((p) => ({ code: p.code, share: p.share }));
      }
      return next.flatMap((p) =>
        p.code === null
          ? [p]
          : step(p.code, era + 1, toEra, current).map((q) => ({ ...q, share: q.share * p.share })),
      );
    }
    const from = backward[era - 1]!.get(code) ?? [];
    if (from.length === 0) return [{ code: null, share: 1 }];
    // The record's unit in the target era is known (a venue's recorded commune) and is one of them.
    if (current && era - 1 === toEra && from.some((m) => m.oldCode === current))
      return [{ code: current, share: 1 }];
    return from.flatMap((m) =>
      step(m.oldCode!, era - 1, toEra, current).map((q) => ({ ...q, share: q.share / from.length })),
    );
  }

  return {
    /** Every unit code the change rows read reach (the codes given, their successors and predecessors). */
    reached: [...seen],
    /** True when a change table divides `code` (it has `part` rows): its records may follow the person. */
    divided(code: string): boolean {
      return forward.some((byOld) => byOld.get(code)?.some((m) => m.kind === 'part') ?? false);
    },
    /**
     * Where a count recorded under `code` in era `fromEra` goes in era `toEra`; `current` is the
     * unit known to hold the record in today's units (forward) or in era `toEra` (backward).
     */
    carry(code: string, fromEra: number, toEra: number, current: string | null): Placed[] {
      const key = `${code}|${fromEra}|${toEra}|${current ?? ''}`;
      let placed = memo.get(key);
      if (!placed) {
        placed = step(code, fromEra, toEra, current);
        memo.set(key, placed);
      }
      return placed;
    },
  };
}
