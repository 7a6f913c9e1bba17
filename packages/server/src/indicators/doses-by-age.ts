/**
 * Doses given in a period by dose kind AND age band (issue #13 item 1), for one unit of the list
 * in force on `asOf`: first, second, booster and additional primary doses (the kinds of the
 * `doses*` metrics, `indicator_raw_doses`) per age band at the dose date (stored on each dose).
 * Read from the rollup `indicator_dose_bands` (kept by triggers on the doses, voided doses left out;
 * a few rows per band and day at the unit's grain), jurisdiction-scoped with `scopeFor`. A commune's doses recorded
 * under its predecessors are carried into the units of `asOf` (registry/units/asof.ts), as its
 * indicators are.
 */
import { AGE_BANDS, UNKNOWN_AGE_BAND } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { indicatorDoseBandsLive } from '../db/schema/index.ts';
import { carryTallies, eraSql, unitsAsOfContext } from '../registry/units/asof.ts';
import { vaccinationDiseaseKey } from './coverage.ts';
import type { IndicatorUnit } from './units.ts';
import { grainOf, placeCondition, unitPlaces } from './where.ts';

/** The dose kinds, in the order of the `doses*` metrics. */
export const DOSE_KINDS = ['first', 'second', 'booster', 'additional'] as const;

/** One age band's doses in the period. */
export interface DosesByAgeBand {
  ageBand: string;
  first: number;
  second: number;
  booster: number;
  additional: number;
  total: number;
}

/** A grouped row; counts typed loosely as drivers differ (PGlite numbers, pg strings for bigint). */
type Row = {
  band: string;
  code: string | null;
  era: number | string;
  first: number | string;
  second: number | string;
  booster: number | string;
  additional: number | string;
};

/**
 * The unit's doses from `from` to `to` (local days, inclusive) by age band and dose kind: every
 * band of `AGE_BANDS` (zeros included), then 'unknown' when some dose had no date of birth.
 */
export async function dosesByAgeBand(
  db: DbOrTx,
  access: Access,
  unit: IndicatorUnit,
  q: { from: string; to: string; disease: string; asOf: string },
): Promise<DosesByAgeBand[]> {
  const d = indicatorDoseBandsLive;
  const places = await unitPlaces(db, unit, q.asOf);
  const ctx = unit.level === 'commune' ? await unitsAsOfContext(db, q.asOf) : null;
  const rows = await queryRows<Row>(
    db,
    sql`select ${d.ageBand} as band, ${ctx ? sql`${d.communeCode}` : sql`null`} as code,
          ${ctx ? eraSql(ctx.sets, sql`${d.day}`) : sql`0`} as era,
          sum(${d.first})::int as first, sum(${d.second})::int as second,
          sum(${d.booster})::int as booster, sum(${d.additional})::int as additional
        from ${d}
        where ${d.grain} = ${grainOf(unit)} and ${d.disease} = ${vaccinationDiseaseKey(q.disease)}
          and ${d.day} between ${q.from} and ${q.to}
          and ${placeCondition(d, places)} and ${scopeFor(access, d)}
        group by 1, 2, 3`,
  );
  const bands = new Map<string, number[]>();
  const add = (band: string, values: readonly number[]) => {
    const sum = bands.get(band) ?? [0, 0, 0, 0];
    values.forEach((v, i) => (sum[i] = sum[i]! + v));
    bands.set(band, sum);
  };
  if (ctx) {
    // A commune: carry each recorded commune's counts into the communes of `asOf`, keep this one.
    const carried = await carryTallies(
      db,
      ctx,
      rows.map((r) => ({ key: r.band, code: r.code, era: Number(r.era), values: kindsOf(r) })),
      undefined,
      new Map(),
    );
    for (const p of carried.placed) if (p.code === unit.code) add(p.key, p.values);
  } else {
    for (const r of rows) add(r.band, kindsOf(r));
  }
  const order = [...AGE_BANDS, ...(bands.has(UNKNOWN_AGE_BAND) ? [UNKNOWN_AGE_BAND] : [])];
  return order.map((ageBand) => {
    const [first, second, booster, additional] = (bands.get(ageBand) ?? [0, 0, 0, 0]).map(
      (v) => Math.round(v * 100) / 100,
    ) as [number, number, number, number];
    return { ageBand, first, second, booster, additional, total: first + second + booster + additional };
  });
}

function kindsOf(r: Row): number[] {
  return [Number(r.first), Number(r.second), Number(r.booster), Number(r.additional)];
}
