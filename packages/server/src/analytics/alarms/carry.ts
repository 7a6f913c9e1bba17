/**
 * The early-warning scan's inputs across a reform. The rollup keeps each case under the commune of
 * its date, so in the days after a change table takes effect a new commune's EARS baseline lies
 * partly under the old communes that went into it. The scan carries every commune × disease × day
 * count into the communes in force on the day scanned (registry/units/asof.ts, the one module for
 * counts across change tables: a whole commune to its successor, a divided one by population
 * share), so a new commune's series includes its predecessors' cases and an old code raises no
 * alarm of its own. Counts with no successor stay under their recorded commune, as before.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { adminUnits } from '../../db/schema/index.ts';
import { carryTallies, eraOf, unitsAsOfContext } from '../../registry/units/asof.ts';
import { unitValidOn } from '../../registry/units/load.ts';

/** One commune × disease × day count of cases by report, with the commune's place. */
export interface AlarmDayRow {
  provinceCode: string;
  districtCode: string | null;
  communeCode: string;
  diseaseCode: string;
  day: string;
  n: number;
}

/** The rows carried into the communes in force on `day` (the rows themselves when none is older). */
export async function carryToDay(
  db: DbOrTx,
  day: string,
  rows: readonly AlarmDayRow[],
): Promise<AlarmDayRow[]> {
  if (rows.length === 0) return [];
  const ctx = await unitsAsOfContext(db, day);
  const eraOfRow = rows.map((r) => eraOf(ctx.sets, r.day));
  if (eraOfRow.every((e) => e === ctx.targetEra)) return [...rows];
  const carried = await carryTallies(
    db,
    ctx,
    rows.map((r, i) => ({
      key: `${r.diseaseCode}|${r.day}`,
      code: r.communeCode,
      era: eraOfRow[i]!,
      values: [r.n],
    })),
    undefined,
    new Map(),
  );
  // The place of a commune in force on `day`: from a row recorded under it that day's era, else the list.
  const places = new Map<string, Pick<AlarmDayRow, 'provinceCode' | 'districtCode'>>();
  rows.forEach((r, i) => {
    if (eraOfRow[i] === ctx.targetEra) places.set(r.communeCode, r);
  });
  const missing = [...new Set(carried.placed.map((p) => p.code))].filter((c) => !places.has(c));
  if (missing.length > 0) {
    const units = await db
      .select({ code: adminUnits.code, provinceCode: adminUnits.provinceCode, parent: adminUnits.parentCode })
      .from(adminUnits)
      .where(and(inArray(adminUnits.code, missing), eq(adminUnits.level, 'commune'), unitValidOn(day)));
    for (const u of units) {
      // A commune of a list without districts has its province as parent: no district then.
      places.set(u.code, {
        provinceCode: u.provinceCode,
        districtCode: u.parent !== null && u.parent.length === 3 ? u.parent : null,
      });
    }
  }
  const recorded = new Map(rows.map((r) => [r.communeCode, r]));
  const out: AlarmDayRow[] = [];
  for (const p of carried.placed) {
    const place = places.get(p.code);
    if (!place) continue;
    const [diseaseCode = '', d = ''] = p.key.split('|');
    out.push({ ...place, communeCode: p.code, diseaseCode, day: d, n: p.values[0] ?? 0 });
  }
  for (const u of carried.unplaced) {
    const [diseaseCode = '', d = ''] = u.key.split('|');
    const r = recorded.get(u.code);
    if (!r) continue;
    out.push({ ...r, diseaseCode, day: d, n: u.values[0] ?? 0 });
  }
  return out;
}
